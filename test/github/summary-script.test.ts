// .github/scripts/summary.sh: rulectl's Markdown goes to the job summary; an early failure is explained there, and a
// cancelled run's last report still arrives.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './sim/repo.js';

const SCRIPT = path.join(REPO, '.github', 'scripts', 'summary.sh');

/** Runs the script in its own process group; `interrupt` sends SIGINT to the group once the command has started. */
async function summarize(command: string, interrupt = false) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-summary-'));
  const summaryFile = path.join(dir, 'summary.md');
  await writeFile(summaryFile, '');
  const child = spawn('bash', [SCRIPT, 'rulectl deploy: prod', 'bash', '-c', command], {
    env: { PATH: process.env.PATH ?? '', GITHUB_STEP_SUMMARY: summaryFile },
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!interrupt || sent || !stderr.includes('started')) return;
    sent = true;
    // A runner cancelling the job signals the whole group, as Ctrl+C does. The pause lets both tee processes get
    // past start-up, where a signal would still kill them (a real cancellation comes minutes into a deploy).
    setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGINT'), 200);
  });
  const code = await new Promise<number | null>(resolve => child.on('close', resolve));
  return { code, stdout, stderr, summary: await readFile(summaryFile, 'utf8') };
}

describe('summary.sh', () => {
  it("appends the command's Markdown to the summary, shows both streams in the log and keeps its exit code", async () => {
    const run = await summarize('echo "| create | a |"; echo progress >&2; exit 1');
    expect(run).toEqual({ code: 1, stdout: '| create | a |\n', stderr: 'progress\n', summary: '| create | a |\n' });
  });

  it('quotes the error in the summary when the command stops before printing', async () => {
    const run = await summarize('echo "rulectl: no workspace \\"x\\" in rulectl.yaml" >&2; exit 2');
    expect(run.code).toBe(2);
    expect(run.summary).toBe(
      '### rulectl deploy: prod\n\n❌ rulectl stopped (exit code 2) before writing its report:\n\n' +
        '```text\nrulectl: no workspace "x" in rulectl.yaml\n```\n',
    );
  });

  it('quotes the error in a fence no backtick run in it can close', async () => {
    const run = await summarize(
      'printf \'rulectl: workspace "x\\n```\\n## All checks passed <img src=x>\\n`````"\\n\' >&2; exit 2',
    );
    expect(run.code).toBe(2);
    expect(run.summary).toBe(
      '### rulectl deploy: prod\n\n❌ rulectl stopped (exit code 2) before writing its report:\n\n' +
        '``````text\nrulectl: workspace "x\n```\n## All checks passed <img src=x>\n`````"\n``````\n',
    );
  });

  it('still records the report a command prints after a cancellation (SIGINT to the group)', async () => {
    const run = await summarize(
      'trap \'echo "| update | b | not applied |"; exit 130\' INT; echo started >&2; while :; do sleep 0.05; done',
      true,
    );
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('| update | b | not applied |\n');
    expect(run.summary).toBe('| update | b | not applied |\n');
  });
});
