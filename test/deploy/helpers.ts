// Shared fixtures for deploy tests: generated rule files in a temporary repository, and an SDK client for an emulator.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSentinelClient } from '../../src/deploy/client.js';
import { Pacer } from '../../src/deploy/pacing.js';
import type { RunningEmulator } from '../../src/emulator/options.js';

export const TARGET = {
  subscriptionId: '11111111-1111-1111-1111-111111111111',
  resourceGroup: 'rg',
  workspace: 'ws-test',
};

/** A valid Scheduled rule with a deterministic GUID derived from n. */
export function ruleId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export function ruleYaml(n: number, extra = ''): string {
  return [
    `id: ${ruleId(n)}`,
    `name: Generated rule ${n}`,
    'description: |',
    "  'A generated rule for deploy tests.'",
    'severity: Medium',
    'queryFrequency: 1h',
    'queryPeriod: 1d',
    'triggerOperator: gt',
    'triggerThreshold: 0',
    'tactics:',
    '  - Execution',
    'relevantTechniques:',
    '  - T1059',
    'query: |',
    `  SecurityEvent | where EventID == ${4600 + n}`,
    'version: 1.0.0',
    'kind: Scheduled',
    extra,
  ].join('\n');
}

/** A temporary repository with rules/rule-<n>.yaml for each n and the given rulectl.yaml text. */
export async function makeRepo(ns: readonly number[], config?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-deploy-'));
  await mkdir(path.join(dir, 'rules'));
  for (const n of ns) await writeFile(path.join(dir, 'rules', `rule-${n}.yaml`), ruleYaml(n));
  if (config) await writeFile(path.join(dir, 'rulectl.yaml'), config);
  return dir;
}

/** An SDK-backed client for the emulator, with retry delays short enough for tests. */
export function emulatorClient(emu: RunningEmulator, pacer = new Pacer()) {
  return createSentinelClient({
    target: TARGET,
    readApiVersion: '2024-01-01-preview',
    emulator: { url: emu.url, ca: emu.ca, token: emu.token },
    retry: { maxRetries: 12, retryDelayInMs: 20, maxRetryDelayInMs: 200 },
    pacer,
  });
}
