// The KQL stage end to end on small rule files: findings, their positions, references, schemas and the cache.
// Kusto.Language is loaded once for this whole file (the engines are kept per schema fingerprint).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { analyzeQueries, type KqlOptions, type KqlStats } from '../../src/kql/analyze-queries.js';
import { KqlCache } from '../../src/kql/cache.js';
import { KqlEngine, type KqlAnalysis } from '../../src/kql/engine.js';
import { kusto } from '../../src/kql/kusto.js';
import type { TableDef } from '../../src/kql/schema-types.js';
import { parseRuleText } from '../../src/rules/load.js';

let cwd: string;

const TABLE = {
  Name: 'LabEvents',
  properties: [
    { name: 'TimeGenerated', type: 'DateTime' },
    { name: 'Computer', type: 'String' },
    { name: 'Account', type: 'string' },
    { name: 'EventID', type: 'Int32' },
    { name: 'Bag', type: 'Dynamic' },
  ],
};

beforeAll(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'rulectl-kql-'));
  mkdirSync(path.join(cwd, 'schemas', 'tables'), { recursive: true });
  writeFileSync(path.join(cwd, 'schemas', 'tables', 'LabEvents.json'), JSON.stringify(TABLE));
});

function rule(body: string, name = 'r.yaml') {
  return parseRuleText(name, path.join(cwd, name), new TextEncoder().encode(body)).rule;
}

function run(files: ReturnType<typeof rule>[], extra: Partial<KqlOptions> = {}): Diagnostic[] {
  return analyzeQueries(files, { mode: 'full', cwd, ...extra });
}

const short = (d: Diagnostic) => `${d.line}:${d.column} ${d.severity} ${d.check} ${d.message}`;

describe('syntax', () => {
  it('reports a syntax error at its line and column inside the block', () => {
    const d = run([rule('id: a\nquery: |\n  LabEvents\n  | wher EventID == 4624\n')]);
    expect(d.filter(x => x.check === 'kql-syntax').map(short)[0]).toBe(
      '4:5 error kql-syntax Query operator expected (KS176)',
    );
  });

  it('keeps positions right in CRLF files and files with a BOM', () => {
    const crlf = run([rule('id: a\r\nquery: |\r\n    LabEvents\r\n    | wher EventID == 1\r\n')]);
    expect(crlf[0]).toMatchObject({ check: 'kql-syntax', line: 4, column: 7 });
    const bom = run([rule('\uFEFFid: a\nquery: |\n  LabEvents | wher EventID == 1\n')]);
    expect(bom[0]).toMatchObject({ check: 'kql-syntax', line: 3, column: 15 });
  });

  it('does not analyse a query over the 10,000-character limit (field-length refuses it; nesting costs minutes)', () => {
    const stats = {} as KqlStats;
    const deep = `LabEvents | where ${'('.repeat(6000)}EventID == 1${')'.repeat(6000)}`;
    expect(deep.length).toBeGreaterThan(10_000);
    expect(run([rule(`id: a\nquery: "${deep}"\n`)], { stats })).toEqual([]);
    expect(stats).toMatchObject({ queries: 1, analysed: 0 });
  });

  it('rejects a control command', () => {
    const d = run([rule('query: .show tables\n')]);
    expect(d.map(short)).toEqual([expect.stringMatching(/^1:8 error kql-syntax the query is a control command/)]);
  });

  it('refuses a control command without parsing it (the command grammar costs seconds to build)', () => {
    const K = kusto();
    const parse = vi.spyOn(K.KustoCode, 'Parse');
    const analyze = vi.spyOn(K.KustoCode, 'ParseAndAnalyze');
    try {
      for (const mode of ['full', 'syntax'] as const) {
        const d = run([rule('query: .set-or-append T <| LabEvents\n', `command-${mode}.yaml`)], { mode });
        expect(d.map(x => x.check)).toEqual(['kql-syntax']);
      }
      expect([parse.mock.calls.length, analyze.mock.calls.length]).toEqual([0, 0]);
    } finally {
      parse.mockRestore();
      analyze.mockRestore();
    }
  });

  it('points at a control command after leading blanks and comments', () => {
    const d = run([rule('query: |\n  // list them\n    .show tables\n')]);
    expect(d.map(x => `${x.line}:${x.column}-${x.endColumn} ${x.check}`)).toEqual(['3:5-10 kql-syntax']);
  });

  it('rejects a query of only comments or let statements, in both modes, instead of passing its mappings', () => {
    const mapping =
      'entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: Who\n';
    for (const mode of ['full', 'syntax'] as const) {
      const comment = run([rule(`query: |\n  // LabEvents | take 1\n${mapping}`)], { mode });
      expect(comment.map(short)).toEqual([
        '2:24 error kql-syntax the query has no tabular expression to run, only comments or let statements (no-expression)',
      ]);
      const lets = run([rule('query: |\n  let x = LabEvents | take 1;\n')], { mode });
      expect(lets.map(x => `${x.line}:${x.column} ${x.check}`)).toEqual(['2:30 kql-syntax']);
    }
  });

  it('syntax mode finds syntax errors but no schema problems', () => {
    const body = 'query: |\n  NoSuchTable | wher x\n';
    const d = run([rule(body)], { mode: 'syntax' });
    expect(d.length).toBeGreaterThan(0);
    expect(d.every(x => x.check === 'kql-syntax')).toBe(true);
    expect(run([rule('query: NoSuchTable | take 1\n')], { mode: 'syntax' })).toEqual([]);
  });
});

describe('semantics', () => {
  it('reports an unknown column, a misspelt function and an operand type error as errors', () => {
    const q =
      'query: |\n  LabEvents\n  | where Acount == "x"\n  | extend h = tolowerr(Computer)\n  | where TimeGenerated > 5\n';
    const d = run([rule(q)]).map(short);
    expect(d).toContain(
      "3:11 error kql-semantic The name 'Acount' does not refer to any known column, table, variable or function (KS142)",
    );
    expect(d).toContain("4:16 error kql-semantic The name 'tolowerr' does not refer to any known function (KS211)");
    expect(d).toContain(
      "5:25 error kql-semantic The operator '>' is not defined for the operand types datetime and long (KS106)",
    );
  });

  it('suggests the closest function name', () => {
    const d = run([rule('query: LabEvents | extend h = tolowerr(Computer)\n')]);
    expect(d[0]?.hint).toBe('did you mean "tolower"?');
  });

  it('reports an unknown table as a warning that says how to add a schema, with a suggestion', () => {
    const d = run([rule('query: LabEvent | take 1\n')]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ check: 'kql-unknown-table', severity: 'warning', line: 1, column: 8 });
    expect(d[0]?.message).toContain('table "LabEvent" has no known schema');
    expect(d[0]?.message).toContain('did you mean "LabEvents"?');
    expect(d[0]?.hint).toContain('schemas/tables/LabEvent.json');
  });

  it('names a quoted unknown table or workspace without its quotes, in the message, the suggestion and the hint', () => {
    const d = run([rule(`query: "['LabEvent'] | union table(\\"My_CL\\") | union workspace('w1').T"\n`)]);
    expect(d.map(x => `${x.message} | ${x.hint ?? ''}`)).toEqual([
      expect.stringMatching(
        /^table "LabEvent" has no known schema, .*; did you mean "LabEvents"\? .*schemas\/tables\/LabEvent\.json \(\{"Name": "LabEvent",/,
      ),
      expect.stringMatching(/^table "My_CL" has no known schema, .*schemas\/tables\/My_CL\.json \(\{"Name": "My_CL",/),
      'workspace "w1" is not known, so its tables cannot be checked (KS208) | ',
    ]);
  });

  it('takes type errors on the columns of a table without a schema as doubts that name the table', () => {
    const q = [
      'query: |',
      '  let Start = ago(1d);',
      '  MyApp_CL',
      '  | where Start <= TimeGenerated + 1h',
      "  | where Event =~ 'x' and SecurityEvent has 'y'",
      '  | summarize count() by Event',
      '  | join kind=inner (LabEvents) on Computer',
      '  | where TimeGenerated <= LastSeen + 1h',
      '',
    ].join('\n');
    const d = run([rule(q)]);
    expect(d.filter(x => x.severity === 'error').map(short)).toEqual([]);
    expect(d.filter(x => x.check === 'kql-semantic').map(short)).toEqual([
      '4:17 warning kql-semantic The operator \'<=\' is not defined for the operand types datetime and timespan (KS106); "TimeGenerated" may be a column: table MyApp_CL has no known schema, so this cannot be verified',
      '5:17 warning kql-semantic The operator \'=~\' is not defined for the operand types Event and string (KS106); "Event" may be a column: table MyApp_CL has no known schema, so this cannot be verified',
      '5:42 warning kql-semantic The operator \'has\' is not defined for the operand types SecurityEvent and string (KS106); "SecurityEvent" may be a column: table MyApp_CL has no known schema, so this cannot be verified',
      '6:26 warning kql-semantic Scalar value expected (KS108); "Event" may be a column: table MyApp_CL has no known schema, so this cannot be verified',
      '8:25 warning kql-semantic The operator \'<=\' is not defined for the operand types datetime and timespan (KS106); "LastSeen" may be a column: table MyApp_CL has no known schema, so this cannot be verified',
    ]);
  });

  it('still reports a table name used as a column of a known table, and type errors on known columns', () => {
    const d = run([rule("query: LabEvents | where Event =~ 'x' | where TimeGenerated > 5\n")]);
    expect(d.map(x => `${x.severity} ${x.message}`)).toEqual([
      "error The operator '=~' is not defined for the operand types Event and string (KS106)",
      "error The operator '>' is not defined for the operand types datetime and long (KS106)",
    ]);
    // Over an unknown table, an expression of typed values only is still checked.
    const typed = run([rule("query: MyApp_CL | extend n = 5 | where n > now() and X has 'y'\n")]);
    expect(typed.filter(x => x.check === 'kql-semantic').map(x => `${x.column} ${x.severity}`)).toEqual(['42 error']);
    const known = run([rule('query: MyApp_CL | join (LabEvents | where EventID > now()) on Computer\n')]);
    expect(known.filter(x => x.check === 'kql-semantic').map(x => x.severity)).toEqual(['error']);
  });

  it('knows workspace(), _GetWatchlist() and the ASIM parsers', () => {
    const q = [
      'query: |',
      "  let wl = _GetWatchlist('vip') | project SearchKey;",
      "  union (workspace('other').LabEvents | take 1), (imAuthentication(starttime=ago(1h)) | project TimeGenerated)",
      '  | where Computer in (wl)',
    ].join('\n');
    expect(run([rule(q + '\n')]).filter(d => d.severity === 'error')).toEqual([]);
  });
});

it('ships the columns of the current Azure Monitor table reference that real rules read', () => {
  const errors = (q: string) =>
    run([rule(`query: ${q}\n`)])
      .filter(d => d.severity === 'error')
      .map(short);
  expect(
    errors('SigninLogs | where AuthenticationProtocol == "deviceCode" | project CrossTenantAccessType, RiskLevel'),
  ).toEqual([]);
  expect(errors('AADNonInteractiveUserSignInLogs | project Agent, AppOwnerTenantId, ClientCredentialType')).toEqual([]);
  expect(
    errors('CommonSecurityLog | where FieldDeviceCustomNumber1 > 5 | project CollectorHostName, ExtID, Reason'),
  ).toEqual([]);
  expect(errors('AWSCloudTrail | project TlsVersion, CipherSuite, EC2RoleDelivery')).toEqual([]);
  expect(errors('SecurityAlert | project SubTechniques | union (Syslog | project CollectorHostName)')).toEqual([]);
  // Typed as the reference types them.
  expect(errors('CommonSecurityLog | where FieldDeviceCustomNumber2 > now()')).toHaveLength(1);
});

it('ships the GitHub parser, and the Cognni and SenservaPro tables (the latter open)', () => {
  const check = (q: string) => run([rule(`query: ${q}\n`)]).map(d => `${d.severity} ${d.check}`);
  expect(check('GitHubAuditData | where Action == "repo.destroy" | project TimeGenerated, Actor, Repository')).toEqual(
    [],
  );
  expect(check('GitHubAuditData | project Actorr')).toEqual(['error kql-semantic']);
  expect(check('CognniIncidents_CL | where Severity > 2 | project userId_s, informationType_s')).toEqual([]);
  expect(check('CognniIncidents_CL | where Severity > "high"')).toEqual(['error kql-semantic']);
  expect(check('CognniIncidents_CL | project userid_s')).toEqual(['error kql-semantic']);
  // Fields of an HTTP Data Collector table depend on what was sent: beyond the listed ones, nothing is an error.
  expect(check('SenservaPro_CL | project ControlName_s, Group_s, Anything_s')).toEqual([]);
  expect(check('SenservaPro_CL | where ScanTime_t > 5')).toEqual(['error kql-semantic']);
});

const MAPPED = (columns: string[]) =>
  [
    'query: |',
    '  LabEvents',
    `  | project ${columns.join(', ')}`,
    'entityMappings:',
    '  - entityType: Host',
    '    fieldMappings:',
    '      - identifier: HostName',
    '        columnName: Computer',
    'customDetails:',
    '  EventId: EventID',
    'alertDetailsOverride:',
    '  alertDisplayNameFormat: "Logon on {{Computer}} by {{ Account }}"',
    '  alertDescriptionFormat: "Event {{EventID}}"',
    '  alertTacticsColumnName: Account',
    '  alertSeverityColumnName: Computer',
    '  alertDynamicProperties:',
    '    - alertProperty: ProductName',
    '      value: Account',
    'sentinelEntitiesMappings:',
    '  - columnName: Bag',
    '',
  ].join('\n');

describe('column references', () => {
  it('accepts every reference kind when the query outputs the column', () => {
    expect(run([rule(MAPPED(['Computer', 'Account', 'EventID', 'Bag']))])).toEqual([]);
  });

  it('reports each reference kind at its YAML value when the column is missing', () => {
    const d = run([rule(MAPPED(['TimeGenerated']))]).map(x => `${x.line}:${x.column} ${x.severity} ${x.message}`);
    expect(d).toEqual([
      '8:21 error Host.HostName refers to column "Computer", which the query does not output',
      '10:12 error custom detail EventId refers to column "EventID", which the query does not output',
      '12:27 error alertDisplayNameFormat placeholder refers to column "Computer", which the query does not output',
      '12:27 error alertDisplayNameFormat placeholder refers to column "Account", which the query does not output',
      '13:27 error alertDescriptionFormat placeholder refers to column "EventID", which the query does not output',
      '14:27 error alertTacticsColumnName refers to column "Account", which the query does not output',
      '15:28 error alertSeverityColumnName refers to column "Computer", which the query does not output',
      '18:14 error dynamic property ProductName refers to column "Account", which the query does not output',
      '20:17 error sentinelEntitiesMappings refers to column "Bag", which the query does not output',
    ]);
  });

  it('suggests the right case', () => {
    const d = run([rule(MAPPED(['computer = Computer', 'Account', 'EventID', 'Bag']))]);
    expect(d.map(x => x.message)).toContain(
      'Host.HostName refers to column "Computer", which the query does not output; did you mean "computer"?',
    );
  });

  it('downgrades to a warning when the result schema is open', () => {
    const q = MAPPED(['Bag', 'TimeGenerated']).replace('  LabEvents\n', '  LabEvents\n  | evaluate bag_unpack(Bag)\n');
    const d = run([rule(q.replace('columnName: Bag', 'columnName: TimeGenerated'))]);
    expect(d.length).toBeGreaterThan(0);
    expect(d.every(x => x.severity === 'warning' && /open/.test(x.message))).toBe(true);
  });

  it('treats a table marked "IsOpen" (the shipped AzureDiagnostics) as having columns beyond its list', () => {
    const q = [
      'query: |',
      '  AzureDiagnostics',
      '  | where Category == "ApplicationGatewayFirewallLog" and requestUri_s has "/admin"',
      '  | project TimeGenerated, Resource, ClientIp = clientIP_s',
      'entityMappings:',
      '  - entityType: IP',
      '    fieldMappings:',
      '      - identifier: Address',
      '        columnName: ClientIp',
      '',
    ].join('\n');
    expect(run([rule(q)]).filter(d => d.severity === 'error')).toEqual([]);
    // The listed columns are still typed: a type error on one of them is found.
    const typed = run([rule(q.replace('Category == "ApplicationGatewayFirewallLog"', 'TimeGenerated > 5'))]);
    expect(typed.filter(d => d.severity === 'error').map(d => d.check)).toEqual(['kql-semantic']);
  });

  it('downgrades to a warning when a table has no known schema', () => {
    const q = MAPPED(['Computer']).replace('  LabEvents\n', '  union isfuzzy=true LabEvents, NoSuchTable\n');
    const d = run([rule(q)]);
    expect(d.find(x => x.check === 'kql-unknown-table')).toBeDefined();
    const refs = d.filter(x => x.check === 'kql-column-reference');
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every(x => x.severity === 'warning')).toBe(true);
    // The reason is the unknown table, not bag_unpack or pivot (the query has neither).
    expect(refs[0]?.message).toMatch(/\(table NoSuchTable has no known schema, so this cannot be verified\)$/);
  });
});

describe('schemas and cache', () => {
  it('reads Microsoft CustomTables/CustomFunctions folders and reports broken schema files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rulectl-schemas-'));
    mkdirSync(path.join(dir, 'CustomTables'));
    mkdirSync(path.join(dir, 'CustomFunctions'));
    writeFileSync(
      path.join(dir, 'CustomTables', 'Vendor_CL.json'),
      '{"name": "Vendor_CL", "Properties": [{"Name": "Msg_s", "Type": "string "},]}',
    );
    writeFileSync(path.join(dir, 'CustomTables', 'Broken.json'), '{"Name": ');
    writeFileSync(
      path.join(dir, 'CustomFunctions', 'VendorParser.json'),
      JSON.stringify({
        FunctionName: 'VendorParser',
        FunctionParameters: [{ Name: 'since', Type: 'datetime' }],
        FunctionResultColumns: [{ Name: 'User', Type: 'string' }],
      }),
    );
    const d = run(
      [
        rule(
          'query: Vendor_CL | join (VendorParser(since=ago(1d))) on $left.Msg_s == $right.User | project TenantId\n',
        ),
      ],
      {
        schemaDirs: [dir],
      },
    );
    expect(d.map(x => `${x.check} ${x.severity}`)).toEqual(['kql-schema-file error']);
    expect(d[0]?.file).toMatch(/Broken\.json$/);
  });

  it('names the key whose value must be a list of columns', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rulectl-schemas-'));
    mkdirSync(path.join(dir, 'tables'));
    mkdirSync(path.join(dir, 'functions'));
    writeFileSync(path.join(dir, 'tables', 'P.json'), '{"Name": "P", "Properties": {"Name": "A"}}');
    writeFileSync(path.join(dir, 'functions', 'F.json'), '{"FunctionName": "F", "FunctionResultColumns": "A"}');
    const d = run([rule('query: print 1\n')], { schemaDirs: [dir] });
    expect(d.map(x => x.message)).toEqual([
      'table P: "Properties" must be a list of {"Name", "Type"}',
      'function F: "FunctionResultColumns" must be a list of {"Name", "Type"}',
    ]);
  });

  it('follows a symbolic link to a schema file and reports one it cannot read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rulectl-schemas-'));
    mkdirSync(path.join(dir, 'tables'));
    const shared = path.join(dir, 'shared.json');
    writeFileSync(shared, JSON.stringify({ Name: 'Linked_CL', Properties: [{ Name: 'Msg', Type: 'string' }] }));
    symlinkSync(shared, path.join(dir, 'tables', 'Linked_CL.json'));
    symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'tables', 'Dangling.json'));
    const d = run([rule('query: Linked_CL | where Mesg == "x"\n')], { schemaDirs: [dir] });
    expect(d.map(x => `${x.check} ${x.message}`)).toEqual([
      'kql-schema-file cannot read: no such file or directory',
      expect.stringMatching(/^kql-semantic The name 'Mesg' does not refer/),
    ]);
    expect(d[0]?.file).toMatch(/tables\/Dangling\.json$/);
  });

  it('caches analyses by content and misses when a schema changes', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'rulectl-cache-'));
    const files = [
      rule('query: LabEvents | project Computer\n', 'a.yaml'),
      rule('query: LabEvents | take 1\n', 'b.yaml'),
    ];
    const first: Partial<KqlStats> = {};
    run(files, { cacheDir, stats: first as KqlStats });
    expect(first).toMatchObject({ queries: 2, analysed: 2, cacheHits: 0 });
    const second: Partial<KqlStats> = {};
    run(files, { cacheDir, stats: second as KqlStats });
    expect(second).toMatchObject({ queries: 2, analysed: 0, cacheHits: 2 });
    const changed = { ...TABLE, properties: [...TABLE.properties, { name: 'Extra', type: 'string' }] };
    writeFileSync(path.join(cwd, 'schemas', 'tables', 'LabEvents.json'), JSON.stringify(changed));
    try {
      const third: Partial<KqlStats> = {};
      run(files, { cacheDir, stats: third as KqlStats });
      expect(third).toMatchObject({ queries: 2, analysed: 2, cacheHits: 0 });
    } finally {
      writeFileSync(path.join(cwd, 'schemas', 'tables', 'LabEvents.json'), JSON.stringify(TABLE));
    }
  });

  it('treats a cache entry that is valid JSON of the wrong shape as a miss', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'rulectl-cache-'));
    const cache = new KqlCache(cacheDir);
    const key = 'ab'.repeat(32);
    const good: KqlAnalysis = {
      issues: [{ code: 'KS142', severity: 'error', message: 'm', start: 1, length: 2, kind: 'semantic' }],
      unknownTables: [],
      lookbacks: [{ start: 3, length: 3, seconds: 2592000 }],
      output: { columns: [{ name: 'A', type: 'string' }], open: false },
    };
    cache.set(key, good);
    expect(cache.get(key)).toEqual(good);
    cache.flush();
    expect(new KqlCache(cacheDir).get(key)).toEqual(good);
    const file = path.join(cacheDir, 'kql', 'a.json');
    for (const text of [
      '{"issues":[null],"unknownTables":[],"lookbacks":[]}',
      '{"issues":[{}],"unknownTables":[],"lookbacks":[]}',
      '{"issues":[{"code":"KS1","severity":"bad","message":"m","start":0,"length":0,"kind":"semantic"}],"unknownTables":[],"lookbacks":[]}',
      '{"issues":[],"unknownTables":[],"lookbacks":[],"output":5}',
      '{"issues":[],"unknownTables":[],"lookbacks":[],"output":{"columns":[null],"open":false}}',
      '{"issues":[],"unknownTables":[7],"lookbacks":[]}',
      '{"issues":[],"unknownTables":[]}',
      '{"issues":[],"unknownTables":[],"lookbacks":[{"start":0,"length":3}]}',
      'null',
    ]) {
      writeFileSync(file, `{"${key}": ${text}}`);
      expect(new KqlCache(cacheDir).get(key), text).toBeUndefined();
    }
    // A shard that is not JSON at all, or not an object, is a miss too.
    for (const text of ['{"trunc', '[1, 2]', '"x"']) {
      writeFileSync(file, text);
      expect(new KqlCache(cacheDir).get(key), text).toBeUndefined();
    }
  });

  it('keeps the entries another process wrote to the same shard meanwhile', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'rulectl-cache-'));
    const entry = (message: string): KqlAnalysis => ({
      issues: [{ code: 'KS142', severity: 'error', message, start: 0, length: 1, kind: 'semantic' }],
      unknownTables: [],
      lookbacks: [],
    });
    const [one, two] = [new KqlCache(cacheDir), new KqlCache(cacheDir)];
    expect(one.get('a1')).toBeUndefined();
    expect(two.get('a2')).toBeUndefined();
    one.set('a1', entry('one'));
    two.set('a2', entry('two'));
    one.flush();
    two.flush();
    const later = new KqlCache(cacheDir);
    expect([later.get('a1')?.issues[0]?.message, later.get('a2')?.issues[0]?.message]).toEqual(['one', 'two']);
  });

  it('turns a failure inside the library into a diagnostic for that rule only', () => {
    const spy = vi.spyOn(KqlEngine.prototype, 'analyze').mockImplementationOnce(() => {
      throw new Error('boom');
    });
    try {
      const d = run([rule('query: LabEvents | take 2\n', 'x.yaml'), rule('query: LabEvent | take 3\n', 'y.yaml')]);
      expect(d.map(x => `${x.file} ${x.check} ${x.message}`)).toEqual([
        'x.yaml internal-error KQL analysis failed: boom; please report this',
        expect.stringMatching(/^y\.yaml kql-unknown-table /),
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('KqlEngine: one cache of analyses and bound trees', () => {
  const table: TableDef = { name: 'LabEvents', columns: [{ name: 'Computer', type: 'string' }], source: 'test' };

  it('analyses and binds a query once, whichever is asked first, and keeps the most recent queries', () => {
    const engine = new KqlEngine([table], []);
    const code = engine.bind('LabEvents | take 1');
    const analysis = engine.analyze('LabEvents | take 1', 'full');
    expect(engine.analyze('LabEvents | take 1', 'full')).toBe(analysis);
    expect(engine.bind('LabEvents | take 1')).toBe(code);
    expect(analysis.output?.columns).toEqual([{ name: 'Computer', type: 'string' }]);
    // A syntax-mode analysis is not the full one and is not kept in its place.
    expect(engine.analyze('LabEvents | take 1', 'syntax')).not.toBe(analysis);
    for (let i = 0; i < 60; i++) engine.analyze(`LabEvents | take ${i + 2}`, 'full');
    expect(engine.analyze('LabEvents | take 1', 'full')).not.toBe(analysis);
  });
});
