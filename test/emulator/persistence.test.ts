// Persistence to a data file: atomic rewrites after each change, state and etags survive a restart.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { METADATA, request, ruleUrl, RULES, scheduled } from './client.js';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'rulectl-emu-'));

describe('persistence', () => {
  it('keeps rules, etags and metadata across a restart, and leaves no temp files', async () => {
    const dir = await tempDir();
    const dataFile = path.join(dir, 'emulator.json');
    const first = await startEmulator({ dataFile });
    const puts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => request(first, 'PUT', ruleUrl(`keep-${i}`), scheduled({ tags: [`n${i}`] }))),
    );
    expect(puts.every(r => r.status === 201)).toBe(true);
    await request(first, 'PUT', `${METADATA}/owned-1?api-version=2024-01-01-preview`, {
      properties: { parentId: 'x/alertRules/keep-1', kind: 'AnalyticsRule', source: { kind: 'SourceRepository' } },
    });
    await request(first, 'DELETE', ruleUrl('keep-19'));
    const etag = (await request(first, 'GET', ruleUrl('keep-3'))).json.etag as string;
    await first.close();
    expect((await readdir(dir)).sort()).toEqual(['emulator.json']);
    const saved = JSON.parse(await readFile(dataFile, 'utf8'));
    expect(saved.version).toBe(1);

    const second = await startEmulator({ dataFile });
    try {
      const list = await request(second, 'GET', `${RULES}?api-version=2024-01-01-preview`);
      const names = (list.json.value as { name: string }[]).map(r => r.name);
      expect(names).toHaveLength(20); // BuiltInFusion + keep-0..18
      expect(names).not.toContain('keep-19');
      const got = await request(second, 'GET', ruleUrl('keep-3'));
      expect([got.json.etag, got.json.properties.tags]).toEqual([etag, ['n3']]);
      const meta = await request(second, 'GET', `${METADATA}/owned-1?api-version=2024-01-01-preview`);
      expect(meta.json.properties.source).toEqual({ kind: 'SourceRepository' });
    } finally {
      await second.close();
    }
  });

  it('creates the data file and its folder in a fresh repository', async () => {
    const dir = await tempDir();
    const dataFile = path.join(dir, '.rulectl', 'emulator.json');
    const emulator = await startEmulator({ dataFile });
    try {
      expect((await request(emulator, 'PUT', ruleUrl('fresh'), scheduled())).status).toBe(201);
    } finally {
      await emulator.close();
    }
    expect(JSON.parse(await readFile(dataFile, 'utf8')).version).toBe(1);
  });

  it('refuses to start on a corrupt data file, naming it', async () => {
    const dataFile = path.join(await tempDir(), 'bad.json');
    await writeFile(dataFile, '{"version": 1, "workspaces": [');
    await expect(startEmulator({ dataFile })).rejects.toThrow(`emulator data file ${dataFile} is not valid JSON`);
    await writeFile(dataFile, '{"version": 2}');
    await expect(startEmulator({ dataFile })).rejects.toThrow(/is not an emulator snapshot/);
  });
});
