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

/**
 * Writes to `stream` until its reader goes away (`rulectl … | head`): then the rest is dropped, so the command still
 * finishes what it is doing (a deploy's apply) and exits with its own code, instead of dying on an unhandled EPIPE.
 */
function untilClosed(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  return text => {
    if (!closed) stream.write(text);
  };
}

let streams: { stdout: (text: string) => void; stderr: (text: string) => void } | undefined;

export function processIo(): CliIo {
  // One listener per stream, however many times the CLI runs in this process.
  streams ??= { stdout: untilClosed(process.stdout), stderr: untilClosed(process.stderr) };
  return {
    stdout: streams.stdout,
    stderr: streams.stderr,
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
