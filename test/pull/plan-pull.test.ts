// planPull without a service: which key of an existing file changes (by what deploy would send, not by spelling),
// where a new key goes, CRLF and comments kept, overrides respected, --only and --drifted.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';
import { ruleHash } from '../../src/deploy/normalize.js';
import type { ActualRule } from '../../src/deploy/types.js';
import { toApiRule } from '../../src/mapping/to-api.js';
import { planPull, type PullAction, type PullOptions } from '../../src/pull/pull.js';
import type { RuleFile } from '../../src/rules/load.js';
import type { AnalyticRule } from '../../src/rules/model.js';

const ID = 'cbb91038-16a5-428f-a44d-be08f613af90';
const TEXT = [
  '# Owned by the identity team.',
  `id: ${ID}`,
  'name: Spray',
  'description: |',
  "  'Many failures from one address.'",
  'severity: Medium # agreed in March',
  'requiredDataConnectors:',
  '  - connectorId: AzureActiveDirectory',
  '    dataTypes:',
  '      - SigninLogs',
  'queryFrequency: 60m',
  'queryPeriod: 1d',
  'triggerOperator: gt',
  'triggerThreshold: 0',
  'tactics:',
  '  - CredentialAccess',
  'relevantTechniques:',
  '  - T1110',
  'query: |',
  '  SigninLogs',
  '  | where ResultType == "50126"',
  'version: 1.0.0',
  'kind: Scheduled',
  '',
].join('\n');

function file(text: string): RuleFile {
  const abs = path.resolve('/repo/rules/spray.yaml');
  return {
    file: 'rules/spray.yaml',
    absPath: abs,
    text,
    data: load(text, { schema: CORE_SCHEMA }) as Record<string, unknown>,
    positions: undefined as never,
  };
}

/** The workspace's rule as deploy would have sent `text`, with `change` applied to its properties. */
function live(text: string, change: Record<string, unknown> = {}): ActualRule {
  const mapped = toApiRule(load(text, { schema: CORE_SCHEMA }) as AnalyticRule).rule;
  if (!mapped) throw new Error('fixture does not map');
  return { name: mapped.name, kind: mapped.kind, properties: { ...mapped.properties, ...change } };
}

const OPTIONS: PullOptions = { repository: 'team-a', outDir: '/repo/rules', overrides: {}, mapping: {} };

function update(actions: PullAction[]): string {
  const [a] = actions;
  if (a?.kind !== 'update') throw new Error(`expected an update, got ${JSON.stringify(a)}`);
  return a.text;
}

describe('planPull', () => {
  it('leaves a file whose rule is unchanged alone, whatever its spelling (60m against PT1H)', () => {
    expect(planPull([live(TEXT)], [], [file(TEXT)], OPTIONS).map(a => a.kind)).toEqual(['unchanged']);
  });

  it('changes only the line of the changed key; other spellings and comments stay', () => {
    const text = update(planPull([live(TEXT, { severity: 'High' })], [], [file(TEXT)], OPTIONS));
    expect(text).toBe(TEXT.replace('severity: Medium # agreed in March', 'severity: High # agreed in March'));
  });

  it('replaces a block query in place and keeps CRLF line ends', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    const query = 'SigninLogs\n| where ResultType in ("50126", "50053")\n';
    const text = update(planPull([live(TEXT, { query })], [], [file(crlf)], OPTIONS));
    expect(text).toBe(crlf.replace('  | where ResultType == "50126"', '  | where ResultType in ("50126", "50053")'));
  });

  it('adds a new key before the key that follows it in the usual order, and removes one the portal cleared', () => {
    const withTags = TEXT.replace(
      'version: 1.0.0',
      'suppressionEnabled: true\nsuppressionDuration: 2h\nversion: 1.0.0',
    );
    const rule = live(TEXT, { enabled: false });
    const text = update(planPull([rule], [], [file(withTags)], OPTIONS));
    expect(text).toBe(TEXT.replace('version: 1.0.0', 'enabled: false\nversion: 1.0.0'));
  });

  it("writes a live rule's template link next to its id in place, and leaves it alone once there", () => {
    const template = '6a2e2ff4-5568-475e-bef2-b95f12b9367b';
    const rule = live(TEXT, { alertRuleTemplateName: template });
    const text = update(planPull([rule], [], [file(TEXT)], OPTIONS));
    expect(text).toBe(TEXT.replace(`id: ${ID}\n`, `id: ${ID}\nalertRuleTemplateName: ${template}\n`));
    expect(planPull([rule], [], [file(text)], OPTIONS).map(a => a.kind)).toEqual(['unchanged']);
  });

  it('keeps what an override sets for the workspace and says that deploy will set it back', () => {
    const options = { ...OPTIONS, overrides: { severity: 'High' } };
    const rule = live(TEXT, { severity: 'Low', triggerThreshold: 5 });
    const [a] = planPull([rule], [], [file(TEXT)], options);
    expect(a?.kind).toBe('update');
    if (a?.kind !== 'update') return;
    expect(a.text).toBe(TEXT.replace('triggerThreshold: 0', 'triggerThreshold: 5'));
    expect(a.notes.join('\n')).toContain('overrides');
  });

  it('--drifted: only rules whose record hash is not the live rule; --only: only the ids named', () => {
    const changed = live(TEXT, { severity: 'High' });
    const record = (hash: string) => ({ metadataName: 'm', ruleName: ID, repository: 'team-a', hash });
    const deployed = ruleHash(changed.kind, live(TEXT).properties);
    const drifted = { ...OPTIONS, drifted: true };
    expect(planPull([changed], [record(deployed)], [file(TEXT)], drifted).map(a => a.kind)).toEqual(['update']);
    // No record (never deployed from here), another repository's record, or a record of the live rule: not drift.
    expect(planPull([changed], [], [file(TEXT)], drifted)).toEqual([]);
    expect(planPull([changed], [{ ...record(deployed), repository: 'team-b' }], [file(TEXT)], drifted)).toEqual([]);
    const current = ruleHash(changed.kind, changed.properties);
    expect(planPull([changed], [record(current)], [file(TEXT)], drifted)).toEqual([]);
    expect(planPull([changed], [], [file(TEXT)], { ...OPTIONS, only: new Set(['other']) })).toEqual([]);
  });

  it('names a new rule as import does and puts the id into the name of a second rule with the same name', () => {
    const other = '0a1b2c3d-0000-4000-8000-000000000001';
    const second = { ...live(TEXT), name: other };
    const actions = planPull([live(TEXT), second], [], [], OPTIONS);
    expect(actions.map(a => (a.kind === 'create' ? path.basename(a.file) : a.kind))).toEqual([
      'spray.yaml',
      'spray-cbb91038.yaml',
    ]);
  });
});
