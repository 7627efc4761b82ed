import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enterpriseMatrix, knownTechniqueCount, parentTechnique, tacticsOfTechnique } from '../../src/api/attack.js';
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
    expect(knownTechniqueCount()).toBeGreaterThan(280);
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

  it('bundles the Enterprise matrix with names, sub-techniques and its ATT&CK version', () => {
    const m = enterpriseMatrix();
    expect(m.version).toBe('18.0');
    expect(m.tactics.map(t => t.apiName)).toEqual([
      'Reconnaissance',
      'ResourceDevelopment',
      'InitialAccess',
      'Execution',
      'Persistence',
      'PrivilegeEscalation',
      'DefenseEvasion',
      'CredentialAccess',
      'Discovery',
      'LateralMovement',
      'Collection',
      'CommandAndControl',
      'Exfiltration',
      'Impact',
    ]);
    for (const t of m.tactics) expect(TACTICS).toContain(t.apiName);
    expect(m.tactics[11]).toMatchObject({
      id: 'TA0011',
      name: 'Command and Control',
      shortName: 'command-and-control',
    });
    expect(m.byId.get('T1548.002')).toEqual({
      id: 'T1548.002',
      name: 'Bypass User Account Control',
      parent: 'T1548',
      tactics: ['PrivilegeEscalation', 'DefenseEvasion'],
    });
    expect(m.techniques.filter(t => !t.parent)).toHaveLength(216);
    expect(m.techniques.filter(t => t.parent)).toHaveLength(475);
    // Every sub-technique sits under a parent the table has.
    expect(m.techniques.filter(t => t.parent && !m.byId.has(t.parent))).toEqual([]);
    // ATT&CK 18 added Persistence to Modify Registry.
    expect(tacticsOfTechnique('T1112')).toEqual(['Persistence', 'DefenseEvasion']);
  });

  it('scripts/attack-data.mjs turns a STIX bundle into the data file, leaving revoked objects out', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rulectl-attack-'));
    const ref = (id: string) => [{ source_name: 'mitre-attack', external_id: id }];
    const phase = (p: string) => ({ kill_chain_name: 'mitre-attack', phase_name: p });
    const objects = [
      { type: 'x-mitre-collection', x_mitre_version: '99.1' },
      { type: 'x-mitre-matrix', tactic_refs: ['x-mitre-tactic--b', 'x-mitre-tactic--a'] },
      {
        type: 'x-mitre-tactic',
        id: 'x-mitre-tactic--a',
        name: 'Impact',
        x_mitre_shortname: 'impact',
        external_references: ref('TA0040'),
      },
      {
        type: 'x-mitre-tactic',
        id: 'x-mitre-tactic--b',
        name: 'Execution',
        x_mitre_shortname: 'execution',
        external_references: ref('TA0002'),
      },
      {
        type: 'attack-pattern',
        name: 'Two',
        external_references: ref('T2000'),
        kill_chain_phases: [phase('impact'), phase('execution')],
      },
      {
        type: 'attack-pattern',
        name: 'Two sub',
        external_references: ref('T2000.001'),
        kill_chain_phases: [phase('impact')],
      },
      {
        type: 'attack-pattern',
        name: 'Gone',
        revoked: true,
        external_references: ref('T2001'),
        kill_chain_phases: [phase('impact')],
      },
    ];
    writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ type: 'bundle', objects }));
    execFileSync(process.execPath, [
      path.join(repo, 'scripts/attack-data.mjs'),
      path.join(dir, 'bundle.json'),
      path.join(dir, 'out.json'),
    ]);
    const out = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as Record<string, unknown>;
    expect(out.attackVersion).toBe('99.1');
    expect(out.tactics).toEqual([
      { id: 'TA0002', name: 'Execution', shortName: 'execution' },
      { id: 'TA0040', name: 'Impact', shortName: 'impact' },
    ]);
    expect(out.techniques).toEqual([
      ['T2000', 'Two', 'execution impact'],
      ['T2000.001', 'Two sub', 'impact'],
    ]);
  });
});
