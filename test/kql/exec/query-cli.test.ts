// `rulectl query` end to end, in process: sources (file, rule YAML, --query), data files, formats, exit codes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { memoryIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/main.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rulectl-query-'));
  mkdirSync(path.join(dir, 'data/watchlists'), { recursive: true });
  // SecurityEvent has a shipped schema: EventID is an int there, so "4688" in a CSV becomes 4688.
  writeFileSync(
    path.join(dir, 'data/SecurityEvent.csv'),
    'TimeGenerated,Computer,EventID,Account\r\n' +
      '2024-01-15T11:00:00Z,host1,4688,"CONTOSO\\alice"\r\n' +
      '2024-01-15T11:30:00Z,host2,4624,"CONTOSO\\bob, jr"\r\n',
  );
  // No schema: columns are inferred (datetime, long, real, bool, dynamic, string).
  writeFileSync(
    path.join(dir, 'data/MyApp_CL.jsonl'),
    '{"TimeGenerated":"2024-01-15T10:00:00Z","User":"alice","Bytes":10,"Ratio":0.5,"Ok":true,"Tags":["a","b"]}\n' +
      '{"TimeGenerated":"2024-01-15T10:05:00Z","User":"bob","Bytes":20,"Ratio":1.5,"Ok":false,"Tags":[]}\n',
  );
  writeFileSync(path.join(dir, 'data/watchlists/VIPs.json'), JSON.stringify([{ SearchKey: 'alice', Level: 'high' }]));
  writeFileSync(
    path.join(dir, 'hunt.kql'),
    'SecurityEvent\n| where EventID == 4688\n| project Computer, Account, EventID\n',
  );
  writeFileSync(
    path.join(dir, 'rule.yaml'),
    'id: 1\nname: r\nquery: |\n  MyApp_CL\n  | extend x = no_such_thing_yet(User)\n',
  );
});

async function run(...argv: string[]) {
  const io = memoryIo(dir);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('rulectl query', () => {
  test('json output is the Log Analytics query API shape, typed by the shipped schema', async () => {
    const r = await run('query', 'hunt.kql', '--data', 'data', '--now', '2024-01-15T12:00:00Z', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            { name: 'Computer', type: 'string' },
            { name: 'Account', type: 'string' },
            { name: 'EventID', type: 'int' },
          ],
          rows: [['host1', 'CONTOSO\\alice', 4688]],
        },
      ],
    });
  });

  test('inferred types, API value spellings, csv quoting', async () => {
    const q =
      'MyApp_CL | extend Age = datetime(2024-01-15T12:00:00Z) - TimeGenerated | project TimeGenerated, User, Bytes, Ratio, Ok, Tags, Age';
    const json = await run('query', '--query', q, '-d', 'data', '-f', 'json');
    expect(json.code).toBe(0);
    const t = (JSON.parse(json.out) as { tables: { columns: unknown[]; rows: unknown[][] }[] }).tables[0]!;
    expect(t.columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'User', type: 'string' },
      { name: 'Bytes', type: 'long' },
      { name: 'Ratio', type: 'real' },
      { name: 'Ok', type: 'bool' },
      { name: 'Tags', type: 'dynamic' },
      { name: 'Age', type: 'timespan' },
    ]);
    expect(t.rows[0]).toEqual(['2024-01-15T10:00:00Z', 'alice', 10, 0.5, true, '["a","b"]', '02:00:00']);
    const csv = await run(
      'query',
      '--query',
      'SecurityEvent | project Account | sort by Account asc',
      '-d',
      'data',
      '-f',
      'csv',
    );
    expect(csv.out).toBe('Account\nCONTOSO\\alice\n"CONTOSO\\bob, jr"\n');
  });

  test('the table format is a readable grid with a row count', async () => {
    const r = await run('query', '--query', 'MyApp_CL | project User, Bytes', '-d', 'data');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual(['User  │ Bytes', '──────┼──────', 'alice │ 10', 'bob   │ 20', '(2 rows)', '']);
  });

  test('watchlists come from data/watchlists/<alias>', async () => {
    const r = await run(
      'query',
      '--query',
      "_GetWatchlist('VIPs') | project SearchKey, Level",
      '-d',
      'data',
      '-f',
      'csv',
    );
    expect(r.err).toBe('');
    expect(r.out).toBe('SearchKey,Level\nalice,high\n');
  });

  test('now() is the --now clock', async () => {
    const r = await run('query', '--query', 'print t = ago(1d)', '--now', '2024-01-15T12:00:00Z', '-f', 'csv');
    expect(r.out).toBe('t\n2024-01-14T12:00:00Z\n');
  });

  test("a rule file's query; an engine refusal is exit 1 at the rule file's line and column", async () => {
    const r = await run('query', 'rule.yaml', '-d', 'data');
    expect(r.code).toBe(1);
    // The unknown function is a semantic error of the analyzer, at line 5, column 16 of the YAML file.
    expect(r.err).toMatch(/^rule\.yaml:5:16: error: .*no_such_thing_yet.* \[kql-semantic\]\n$/);
  });

  test('a refusal no row reached is a warning on stderr; with a row reaching it, exit 1', async () => {
    const quiet = await run('query', '--query', 'MyApp_CL | where User == "carol" | where User == 5', '-d', 'data');
    expect(quiet.code).toBe(0);
    expect(quiet.out).toMatch(/\(0 rows\)\n$/);
    expect(quiet.err).toMatch(
      /^<query>:1:42: warning: comparing string with long .*; no row reached it in this run \[kql-unsupported\]\n$/,
    );
    const reached = await run('query', '--query', 'MyApp_CL | where User == 5', '-d', 'data');
    expect(reached.code).toBe(1);
    expect(reached.err).toMatch(/^<query>:1:18: error: comparing string with long/);
  });

  test('syntax errors are exit 1 with file:line:col', async () => {
    writeFileSync(path.join(dir, 'bad.kql'), 'SecurityEvent\n| where and\n');
    const r = await run('query', 'bad.kql');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^bad\.kql:2:\d+: error: .* \[kql-syntax\]/);
  });

  test.each([
    [['query', 'missing.kql'], /cannot read missing\.kql/],
    [['query', '--query', 'print 1', '--now', 'yesterday'], /--now "yesterday" is not a datetime/],
    [['query', '--query', 'print 1', '-d', 'nope'], /nope: no such file or folder/],
    [['query'], /name a query file/],
  ])('usage and I/O problems are exit 2: %s', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  test('a value that does not fit its column type names file, row and column (exit 2)', async () => {
    mkdirSync(path.join(dir, 'bad'), { recursive: true });
    writeFileSync(path.join(dir, 'bad/SecurityEvent.csv'), 'EventID\n4688\nnot-a-number\n');
    const r = await run('query', '--query', 'SecurityEvent', '-d', 'bad');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\/SecurityEvent\.csv: row 2, column EventID: "not-a-number" is not an int/);
  });
});
