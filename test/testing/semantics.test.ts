// rulectl test's model of a Sentinel run, point by point where test-command.test.ts does not reach: the AlertPerResult
// cap, the NRT window, the dynamic severity and tactics columns, the description override, watchlists, CSV data.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

function rule(fields: string, query: string): string {
  return [
    'id: 0b6a0f0e-0d3c-4a53-9d59-2a5f0b0b7f13',
    'name: A rule under test',
    'severity: Low',
    'tactics: [Discovery]',
    fields,
    'query: |',
    ...query.split('\n').map(l => `  ${l}`),
    '',
  ].join('\n');
}
const SCHEDULED = 'kind: Scheduled\nqueryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0';

async function run(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-sem-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const io = memoryIo(dir);
  const code = await runCli(['test', '--format', 'json'], io);
  const json = JSON.parse(io.out) as { results: { name: string; alerts?: number; failures: { message: string }[] }[] };
  return { code, results: json.results };
}

describe('rulectl test semantics', () => {
  it('AlertPerResult makes at most 150 alerts a run (scheduled-rules-overview)', async () => {
    const r = await run({
      'rules/x.yaml': rule(
        `${SCHEDULED}\neventGroupingSettings: { aggregationKind: AlertPerResult }`,
        'range i from 1 to 151 step 1',
      ),
      'rules/x.tests.yaml':
        'cases:\n  - name: 151 rows\n    now: 2024-01-15T12:00:00Z\n    data: {}\n    expect: { alerts: 150 }\n',
    });
    expect(r.results[0]).toMatchObject({ alerts: 150, failures: [] });
  });

  it('an NRT rule sees the minute before now, and fires on any row (near-real-time-rules)', async () => {
    const tests = `cases:
  - name: a row 30 seconds old fires
    now: 2024-01-15T12:00:00Z
    data: { SigninLogs: [{ TimeGenerated: 2024-01-15T11:59:30Z, ResultType: "50126" }] }
    expect: { fires: true }
  - name: a row 2 minutes old is not seen
    now: 2024-01-15T12:00:00Z
    data: { SigninLogs: [{ TimeGenerated: 2024-01-15T11:58:00Z, ResultType: "50126" }] }
    expect: { fires: true }
`;
    const r = await run({
      'rules/x.yaml': rule('kind: NRT', 'SigninLogs | where ResultType != "0"'),
      'rules/x.tests.yaml': tests,
    });
    expect(r.code).toBe(1);
    expect(r.results[0]!.failures).toEqual([]);
    expect(r.results[1]!.failures[0]!.message).toContain(
      'expected the rule to fire, it stayed quiet: the query returned 0 rows; an NRT rule fires on any row; 1 data row of the case lies outside the window the run sees, 2024-01-15T11:59:00Z up to 2024-01-15T12:00:00Z (an NRT run: the minute before now)',
    );
  });

  it('takes severity and tactics from columns, renders the description, reads watchlists and CSV data (customize-alert-details)', async () => {
    const fields = `${SCHEDULED}
alertDetailsOverride:
  alertDescriptionFormat: '{{UserPrincipalName}} signed in from {{IPAddress}}'
  alertSeverityColumnName: Sev
  alertTacticsColumnName: Tac
eventGroupingSettings: { aggregationKind: AlertPerResult }`;
    const query = `let vip = _GetWatchlist('VIP') | project SearchKey;
SigninLogs
| where UserPrincipalName in (vip)
| extend Sev = iff(IPAddress startswith "203.", "High", "nonsense"), Tac = "InitialAccess, CredentialAccess"
| project UserPrincipalName, IPAddress, Sev, Tac`;
    const tests = `cases:
  - name: a VIP signs in
    data: { SigninLogs: signins.csv }
    watchlists: { VIP: [{ SearchKey: a@contoso.com }] }
    expect:
      alerts:
        - alertDescription: a@contoso.com signed in from 203.0.113.7
          severity: High
          tactics: [InitialAccess, CredentialAccess]
        - severity: Low
`;
    const csv =
      'TimeGenerated,UserPrincipalName,IPAddress\n2024-01-15T10:00:00Z,a@contoso.com,203.0.113.7\n2024-01-15T10:01:00Z,a@contoso.com,198.51.100.1\n2024-01-15T10:02:00Z,b@contoso.com,203.0.113.8\n';
    const r = await run({ 'rules/x.yaml': rule(fields, query), 'rules/x.tests.yaml': tests, 'rules/signins.csv': csv });
    expect(r.results[0]!.failures).toEqual([]);
    expect(r.code).toBe(0);
  });
});
