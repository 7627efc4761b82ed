import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_TECHNIQUE_COUNT, parentTechnique, tacticsOfTechnique } from '../../src/api/attack.js';
import { TACTICS } from '../../src/api/enums.js';
import { loadRuleFiles } from '../../src/rules/load.js';

const repo = path.resolve(import.meta.dirname, '../..');
const corpus = process.env.RULECTL_CORPUS ?? path.resolve(repo, '../shared/corpus/azure-sentinel');

describe('ATT&CK technique table', () => {
  it('maps techniques and sub-techniques to API tactic names', () => {
    expect(tacticsOfTechnique('T1078.004')).toEqual([
      'InitialAccess',
      'Persistence',
      'PrivilegeEscalation',
      'DefenseEvasion',
    ]);
    expect(tacticsOfTechnique('T1573')).toEqual(['CommandAndControl']);
    expect(tacticsOfTechnique('T0839')).toEqual(['Persistence', 'ImpairProcessControl']);
    expect(tacticsOfTechnique('T0858')).toEqual(['Execution', 'DefenseEvasion']);
    expect(tacticsOfTechnique('T1595')).toEqual(['Reconnaissance', 'PreAttack']);
    expect(tacticsOfTechnique('T9999')).toBeUndefined();
    expect(parentTechnique('T1110.003')).toBe('T1110');
  });

  it('uses only tactics the API knows, and covers the Enterprise and ICS matrices', () => {
    expect(KNOWN_TECHNIQUE_COUNT).toBeGreaterThan(280);
    for (let n = 800; n <= 1700; n++) {
      const id = `T${String(n).padStart(4, '0')}`;
      for (const tactic of tacticsOfTechnique(id) ?? []) expect(TACTICS).toContain(tactic);
    }
  });

  it.skipIf(!existsSync(corpus))('knows every technique the corpus uses', async () => {
    const { files } = await loadRuleFiles([corpus], repo);
    const used = new Set<string>();
    for (const f of files)
      for (const t of Array.isArray(f.data?.relevantTechniques) ? (f.data.relevantTechniques as unknown[]) : [])
        if (typeof t === 'string') used.add(t);
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter(t => !tacticsOfTechnique(t))).toEqual([]);
  });
});
