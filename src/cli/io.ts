// The CLI's window on the world, injected so commands run in-process in tests.
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is an interactive terminal (progress lines, colour). */
  isTTY: boolean;
  /** Whether stdout is a terminal: colour for reports printed there (`validate > file` must get none). */
  stdoutIsTTY?: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: text => void process.stdout.write(text),
    stderr: text => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  };
}

/** A CliIo that records everything, for tests. */
export function memoryIo(
  cwd: string,
  env: Record<string, string | undefined> = {},
): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    env,
    isTTY: false,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
