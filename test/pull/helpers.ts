// A repository folder wired to a running emulator, `rulectl` run in-process in it, and a raw HTTPS call to the
// emulator (what a portal edit or curl does: no rulectl code between the test and the service).
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { RunningEmulator } from '../../src/emulator/options.js';
import { TARGET } from '../deploy/helpers.js';

export const BUNDLED_RULES = path.resolve(import.meta.dirname, '../../rules');

export const RULES_PATH =
  `/subscriptions/${TARGET.subscriptionId}/resourceGroups/${TARGET.resourceGroup}` +
  `/providers/Microsoft.OperationalInsights/workspaces/${TARGET.workspace}/providers/Microsoft.SecurityInsights/alertRules`;

export interface Repo {
  dir: string;
  run(...args: string[]): Promise<{ code: number; out: string; err: string }>;
}

/** A repository whose rulectl.yaml has workspace `emu` at the emulator; `rules` copied from `from` when given. */
export async function emulatorRepo(emu: RunningEmulator, repository: string, from?: string): Promise<Repo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-pull-'));
  await writeFile(path.join(dir, 'ca.pem'), emu.ca);
  await writeFile(
    path.join(dir, 'rulectl.yaml'),
    [
      `repository: ${repository}`,
      'defaults:',
      '  paths: [rules]',
      'workspaces:',
      '  emu:',
      `    emulator: ${emu.url}`,
      `    subscription: ${TARGET.subscriptionId}`,
      `    resourceGroup: ${TARGET.resourceGroup}`,
      `    workspace: ${TARGET.workspace}`,
      '',
    ].join('\n'),
  );
  if (from) await cp(from, path.join(dir, 'rules'), { recursive: true });
  else await mkdir(path.join(dir, 'rules'));
  return {
    dir,
    async run(...args) {
      const io = memoryIo(dir, { RULECTL_EMULATOR_TOKEN: emu.token, RULECTL_EMULATOR_CA: path.join(dir, 'ca.pem') });
      const code = await runCli(args, io);
      return { code, out: io.out, err: io.err };
    },
  };
}

/** One HTTPS request to the emulator with its token; the parsed JSON answer. */
export function emulatorRequest(
  emu: RunningEmulator,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${emu.url}${pathAndQuery}`,
      {
        method,
        ca: emu.ca,
        headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json' },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : {} }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Every file under `dir` (relative path -> text), for before/after comparisons. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, abs), await readFile(abs, 'utf8'));
  }
  return out;
}
