import { describe, expect, it } from 'vitest';
import { plan, type PlanOptions } from '../../src/deploy/plan.js';
import { applyPlan } from '../../src/deploy/apply.js';
import { normalizeProperties, ruleHash } from '../../src/deploy/normalize.js';
import type { DesiredRule } from '../../src/deploy/types.js';
import { FakeClient } from './fake-client.js';

const REPO = { repository: 'repo-a', prune: false };

function desired(name: string, extra: Record<string, unknown> = {}): DesiredRule {
  return {
    name,
    kind: 'Scheduled',
    apiVersion: '2022-11-01',
    file: `rules/${name}.yaml`,
    properties: {
      displayName: `Rule ${name}`,
      severity: 'High',
      enabled: true,
      query: 'SecurityEvent | take 1',
      queryFrequency: 'PT1H',
      queryPeriod: 'PT24H',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      suppressionDuration: 'PT1H',
      suppressionEnabled: false,
      customDetails: null,
      ...extra,
    },
  };
}

async function deploy(client: FakeClient, rules: DesiredRule[], options: PlanOptions = REPO) {
  const changes = plan(rules, await client.listRules(), await client.listOwnership(), options);
  const results = await applyPlan(client, changes, { repository: options.repository, concurrency: 3 });
  return { changes, results };
}

describe('normalisation', () => {
  it('ignores server nulls, read-only fields, duration spellings, key order and the RP incident default', () => {
    const sent = { b: 1, queryPeriod: 'PT24H', customDetails: null, tactics: [] };
    const back = {
      queryPeriod: 'P1D',
      b: 1,
      lastModifiedUtc: '2026-01-01T00:00:00Z',
      description: null,
      incidentConfiguration: {
        createIncident: true,
        groupingConfiguration: {
          enabled: false,
          reopenClosedIncident: false,
          lookbackDuration: 'PT5H',
          matchingMethod: 'AllEntities',
          groupByEntities: null,
        },
      },
    };
    expect(normalizeProperties(back)).toEqual(normalizeProperties(sent));
    expect(ruleHash('Scheduled', back)).toBe(ruleHash('Scheduled', sent));
    expect(ruleHash('NRT', back)).not.toBe(ruleHash('Scheduled', sent));
  });

  it('keeps real differences, including inside grouping and free text that looks like a duration', () => {
    const a = { incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: true } } };
    expect(normalizeProperties(a)).toEqual(a);
    expect(normalizeProperties({ customDetails: { x: '1d' } })).toEqual({ customDetails: { x: '1d' } });
    expect(ruleHash('Scheduled', { severity: 'High' })).not.toBe(ruleHash('Scheduled', { severity: 'Low' }));
    // A key named like an Object.prototype member is data: it counts, and it stays a key.
    const proto = JSON.parse('{"severity":"Low","__proto__":{"a":1}}') as Record<string, unknown>;
    expect(ruleHash('Scheduled', proto)).not.toBe(ruleHash('Scheduled', { severity: 'Low' }));
    expect(JSON.stringify(normalizeProperties(proto))).toBe('{"severity":"Low","__proto__":{"a":1}}');
  });
});

describe('plan and apply (fake client)', () => {
  it('creates, then a redeploy is unchanged with zero writes', async () => {
    const client = new FakeClient();
    const first = await deploy(client, [desired('a'), desired('b')]);
    expect(first.changes.map(c => c.kind)).toEqual(['create', 'create']);
    expect(client.writes.sort()).toEqual(['put a', 'put b', 'record a', 'record b']);
    client.writes = [];
    const second = await deploy(client, [desired('a'), desired('b')]);
    expect(second.changes.map(c => c.kind)).toEqual(['unchanged', 'unchanged']);
    expect(client.writes).toEqual([]);
  });

  it('updates with a field-level diff, and classifies a portal change as drift', async () => {
    const client = new FakeClient();
    await deploy(client, [desired('a'), desired('b')]);
    const stored = client.rules.get('b');
    if (stored) stored.properties.severity = 'Low'; // edited in the portal
    const { changes } = await deploy(client, [desired('a', { queryPeriod: 'PT12H' }), desired('b')]);
    const a = changes.find(c => c.name === 'a');
    const b = changes.find(c => c.name === 'b');
    expect(a?.kind).toBe('update');
    expect(a?.diff).toEqual([{ path: 'queryPeriod', before: 'P1D', after: 'PT12H' }]);
    expect(b?.kind).toBe('drifted');
    expect(b?.diff).toEqual([{ path: 'severity', before: 'Low', after: 'High' }]);
    expect(client.rules.get('b')?.properties.severity).toBe('High');
  });

  it('deletes only owned rules that left the repository, and only with prune', async () => {
    const client = new FakeClient();
    client.rules.set('BuiltInFusion', { name: 'BuiltInFusion', kind: 'Fusion', properties: { enabled: true } });
    client.rules.set('portal', { name: 'portal', kind: 'Scheduled', properties: { displayName: 'made by hand' } });
    await deploy(client, [desired('a'), desired('b')]);
    // Another repository's rule in the same workspace is not ours either.
    client.records.set('other', { metadataName: 'x', ruleName: 'other', repository: 'repo-b', hash: 'h' });
    client.rules.set('other', { name: 'other', kind: 'Scheduled', properties: {} });

    const kept = await deploy(client, [desired('a')]);
    expect(kept.changes.find(c => c.name === 'b')?.kind).toBe('orphaned');
    expect(client.rules.has('b')).toBe(true);

    client.writes = [];
    const pruned = await deploy(client, [desired('a')], { ...REPO, prune: true });
    expect(pruned.changes.filter(c => c.kind === 'delete').map(c => c.name)).toEqual(['b']);
    expect(client.writes.sort()).toEqual(['delete b', 'unrecord b']);
    expect([...client.rules.keys()].sort()).toEqual(['BuiltInFusion', 'a', 'other', 'portal']);
  });

  it('says why an owned rule leaves: excluded by rulectl.yaml, or already gone so only its record goes', async () => {
    const client = new FakeClient();
    await deploy(client, [desired('a'), desired('b'), desired('c')]);
    client.rules.delete('c');
    const options = { ...REPO, excluded: new Set(['b']) };
    const kept = plan([desired('a')], await client.listRules(), await client.listOwnership(), options);
    expect(kept.map(c => [c.kind, c.name, c.note])).toEqual([
      ['orphaned', 'b', 'excluded from this workspace by rulectl.yaml; kept (deploy with --prune to delete it)'],
      ['orphaned', 'c', 'already gone from the workspace; only its ownership record is left'],
      ['unchanged', 'a', undefined],
    ]);
    const pruned = plan([desired('a')], await client.listRules(), await client.listOwnership(), {
      ...options,
      prune: true,
    });
    expect(pruned.map(c => [c.kind, c.name, c.note])).toEqual([
      ['delete', 'b', 'excluded from this workspace by rulectl.yaml'],
      ['delete', 'c', 'already gone from the workspace; only its ownership record is removed'],
      ['unchanged', 'a', undefined],
    ]);
  });

  it('never prunes a rule that is still in the repository but has errors this run', async () => {
    const client = new FakeClient();
    await deploy(client, [desired('a'), desired('b')]);
    const changes = plan([desired('a')], await client.listRules(), await client.listOwnership(), {
      ...REPO,
      prune: true,
      keep: new Set(['b']),
    });
    expect(changes.map(c => c.kind)).toEqual(['unchanged']);
  });

  it('isolates a rejected rule and names its file and the service message', async () => {
    const client = new FakeClient();
    client.reject.set('b', 'HTTP 400 BadRequest: Invalid data model. [query is empty]');
    const { results } = await deploy(client, [desired('a'), desired('b'), desired('c')]);
    expect(results.map(r => r.outcome)).toEqual(['applied', 'failed', 'applied']);
    expect(results[1]?.error).toBe('rules/b.yaml: HTTP 400 BadRequest: Invalid data model. [query is empty]');
    expect(client.rules.has('c')).toBe(true);
  });

  it('plans a change of kind with what to do instead, and sends nothing for it', async () => {
    const client = new FakeClient();
    await deploy(client, [desired('a'), desired('b')]);
    client.writes.length = 0;
    const nrt = { ...desired('a', { displayName: 'Rule a, now NRT' }), kind: 'NRT' };
    const { changes, results } = await deploy(client, [nrt, desired('b', { severity: 'Low' })]);
    expect(changes[0]).toMatchObject({
      kind: 'update',
      name: 'a',
      note: expect.stringMatching(/cannot change a rule's kind/),
    });
    expect(changes[0]?.diff[0]).toEqual({ path: 'kind', before: 'Scheduled', after: 'NRT' });
    expect(results.map(r => r.outcome)).toEqual(['failed', 'applied']);
    expect(results[0]?.error).toMatch(/^rules\/a\.yaml: kind Scheduled → NRT: Sentinel cannot change a rule's kind/);
    expect(client.writes).toEqual(['put b', 'record b']);
    expect(client.rules.get('a')?.kind).toBe('Scheduled');
  });

  it('stops starting changes once interrupted; the ones not started are reported as not applied', async () => {
    const client = new FakeClient();
    const changes = plan([desired('a'), desired('b'), desired('c')], [], [], REPO);
    const stop = new AbortController();
    const results = await applyPlan(client, changes, {
      repository: REPO.repository,
      concurrency: 1,
      signal: stop.signal,
      onResult: () => stop.abort(),
    });
    expect(results.map(r => r.outcome)).toEqual(['applied', 'failed', 'failed']);
    expect(results[1]?.error).toBe('rules/b.yaml: not applied (interrupted)');
    expect([...client.rules.keys()]).toEqual(['a']);
  });

  it('converges when the process dies between the rule write and its ownership record', async () => {
    const client = new FakeClient();
    client.failRecord.add('a');
    const first = await deploy(client, [desired('a')]);
    expect(first.results[0]?.outcome).toBe('failed');
    expect(client.rules.has('a')).toBe(true);
    client.failRecord.clear();
    client.writes = [];
    const rerun = await deploy(client, [desired('a')]);
    expect(rerun.changes[0]).toMatchObject({ kind: 'unchanged', recordOwnership: true });
    expect(client.writes).toEqual(['record a']);
    client.writes = [];
    await deploy(client, [desired('a')]);
    expect(client.writes).toEqual([]);
  });

  it('adopts a same-id rule that exists without a record only when asked (then an update, not drift)', async () => {
    const client = new FakeClient();
    client.rules.set('a', { name: 'A', kind: 'Scheduled', properties: { displayName: 'old' } });
    const refused = await deploy(client, [desired('a')]);
    expect(refused.changes[0]?.kind).toBe('conflict');
    expect(client.writes).toEqual([]);
    const { changes } = await deploy(client, [desired('a')], { ...REPO, adopt: new Set(['a']) });
    expect(changes[0]?.kind).toBe('update');
    expect(client.writes).toContain('put A');
  });
});
