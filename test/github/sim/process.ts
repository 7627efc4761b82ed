// Runner plumbing: the key=value files steps write ($GITHUB_OUTPUT, $GITHUB_ENV) and how a `run:` script is started.
import { execFile } from 'node:child_process';

/** Reads `name=value` lines and `name<<DELIM` blocks, the formats of $GITHUB_OUTPUT and $GITHUB_ENV. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] ?? '', i + 1);
      if (end < 0) throw new Error(`unterminated ${heredoc[1]}<<${heredoc[2]}`);
      out[heredoc[1] ?? ''] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

export function shellCommand(shell: string | undefined, script: string): [string, string[]] {
  // GitHub's templates: an explicit `bash` adds -o pipefail; no shell at all means `bash -e {0}`.
  if (shell === 'bash') return ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', script]];
  if (shell === undefined) return ['bash', ['-e', script]];
  throw new Error(`shell ${shell} is not simulated`);
}

export function run(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
