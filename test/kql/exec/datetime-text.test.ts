// The datetime, timespan and real text forms of values.ts, and the query API's spelling of values.
// https://learn.microsoft.com/kusto/query/scalar-data-types/datetime, .../scalar-data-types/timespan
import { describe, expect, it } from 'vitest';
import {
  formatReal,
  parseDatetime,
  parseTimespan,
  ticksOf,
  toApiTable,
  toApiValue,
  toText,
} from '../../../src/kql/exec/values.js';
import { problem, value } from './helpers.js';

const iso = (s: string) => toApiValue(parseDatetime(s)!, 'datetime');

describe('datetime supported formats (scalar-data-types/datetime)', () => {
  it('reads the ISO 8601 forms of the table', () => {
    expect(iso('2014-05-25T08:20:03.123456Z')).toBe('2014-05-25T08:20:03.123456Z');
    expect(iso('2014-05-25T08:20:03.123456')).toBe('2014-05-25T08:20:03.123456Z');
    expect(iso('2014-05-25T08:20')).toBe('2014-05-25T08:20:00Z');
    expect(iso('2014-11-08 15:55:55.123456Z')).toBe('2014-11-08T15:55:55.123456Z');
    expect(iso('2014-11-08 15:55:55')).toBe('2014-11-08T15:55:55Z');
    expect(iso('2014-11-08 15:55')).toBe('2014-11-08T15:55:00Z');
    expect(iso('2014-11-08')).toBe('2014-11-08T00:00:00Z');
  });

  it('reads the RFC 822 forms of the table', () => {
    for (const s of [
      'Sat, 8 Nov 14 15:05:02 GMT',
      'Sat, 8 Nov 14 15:05:02',
      '8 Nov 14 15:05:02 GMT',
      '8 Nov 14 15:05:02',
    ])
      expect(iso(s)).toBe('2014-11-08T15:05:02Z');
    for (const s of ['Sat, 8 Nov 14 15:05', 'Sat, 8 Nov 14 15:05 GMT', '8 Nov 14 15:05', '8 Nov 14 15:05 GMT'])
      expect(iso(s)).toBe('2014-11-08T15:05:00Z');
  });

  it('reads the RFC 850 forms of the table (full weekday names)', () => {
    for (const s of ['Saturday, 08-Nov-14 15:05:02 GMT', 'Saturday, 08-Nov-14 15:05:02', '08-Nov-14 15:05:02 GMT'])
      expect(iso(s)).toBe('2014-11-08T15:05:02Z');
    for (const s of [
      'Saturday, 08-Nov-14 15:05 GMT',
      'Saturday, 08-Nov-14 15:05',
      '08-Nov-14 15:05 GMT',
      '08-Nov-14 15:05',
    ])
      expect(iso(s)).toBe('2014-11-08T15:05:00Z');
  });

  it('reads the sortable forms of the table, with and without " GMT"', () => {
    for (const s of [
      '2014-11-08 15:05:25',
      '2014-11-08 15:05:25 GMT',
      '2014-11-08T15:05:25',
      '2014-11-08T15:05:25 GMT',
    ])
      expect(iso(s)).toBe('2014-11-08T15:05:25Z');
    for (const s of ['2014-11-08 15:05', '2014-11-08 15:05 GMT', '2014-11-08T15:05', '2014-11-08T15:05 GMT'])
      expect(iso(s)).toBe('2014-11-08T15:05:00Z');
  });

  it('is undefined for text that is no date at all, and for impossible dates', () => {
    expect(parseDatetime('')).toBeUndefined();
    expect(parseDatetime('not a date')).toBeUndefined();
    expect(parseDatetime('2014-02-30')).toBeUndefined();
    expect(parseDatetime('2014-11-08 24:00')).toBeUndefined();
  });

  it('refuses forms whose reading is not documented instead of guessing', () => {
    // A time without a date, more than 7 fraction digits, a two-digit year the pivot rules disagree on, other
    // numeric layouts (the todatetime page's '12-02-2022' is read by Kusto, but which day it is is not said).
    for (const s of ['19:01:00.7654321', '2014-05-25T08:20:03.12345678', '8 Nov 35 15:05', '12-02-2022', '2023/5/1'])
      expect(() => parseDatetime(s), s).toThrow(/not supported/);
    expect(() => parseDatetime('Fri, 8 Nov 14 15:05'), 'weekday of another date').toThrow(/not supported/);
  });
});

describe('datetime literals (scalar-data-types/datetime)', () => {
  it('datetime(null), datetime() and quoted bodies', () => {
    expect(value('datetime(null)')).toBeNull();
    expect(value('datetime()')).toBe('2024-01-15T12:00:00Z');
    expect(value("datetime('2007-04-07')")).toBe('2007-04-07T00:00:00Z');
    expect(value('datetime("2014-05-25T08:20:03.123456Z")')).toBe('2014-05-25T08:20:03.123456Z');
    expect(value('datetime(2015-12-31 23:59:59.9)')).toBe('2015-12-31T23:59:59.9Z');
  });

  it('datetime(year, month, day) as the startofweek page writes it', () => {
    expect(value('datetime(2025, 6, 14)')).toBe('2025-06-14T00:00:00Z');
  });

  it('a body the engine cannot read is refused, not an error of the query', () => {
    const p = problem("print datetime('12-02-2022')");
    expect(p.kind).toBe('unsupported');
    expect(p.start).toBe(6);
  });
});

describe('timespan literals (scalar-data-types/timespan)', () => {
  it('reads every form of the table', () => {
    const t = (s: string) => toApiValue(parseTimespan(s)!, 'timespan');
    expect(t('2d')).toBe('2.00:00:00');
    expect(t('1.5h')).toBe('01:30:00');
    expect(t('30m')).toBe('00:30:00');
    expect(t('10s')).toBe('00:00:10');
    expect(t('0.1s')).toBe('00:00:00.1000000');
    expect(t('100ms')).toBe('00:00:00.1000000');
    expect(t('10microsecond')).toBe('00:00:00.0000100');
    expect(t('1tick')).toBe('00:00:00.0000001');
    expect(t('15 seconds')).toBe('00:00:15');
    expect(t('2')).toBe('2.00:00:00');
    expect(t('0.12:34:56.7')).toBe('12:34:56.7000000');
  });

  it('the example: seconds in a day three ways, and seconds * 1s', () => {
    expect(value('1d / 1s')).toBe(86400);
    expect(value('time(1d) / time(1s)')).toBe(86400);
    expect(value('24 * 60 * time(00:01:00) / time(1s)')).toBe(86400);
    expect(value('time(2)')).toBe('2.00:00:00');
    expect(value('time(15 seconds)')).toBe('00:00:15');
  });
});

describe('values as the query API writes them (values.ts)', () => {
  it('datetimes: fraction without trailing zeros, as the API samples show (15:03:12.18Z)', () => {
    expect(iso('2018-02-02T15:03:12.18Z')).toBe('2018-02-02T15:03:12.18Z');
    expect(iso('2018-02-02T15:16:53.932Z')).toBe('2018-02-02T15:16:53.932Z');
    expect(iso('0001-01-01')).toBe('0001-01-01T00:00:00Z');
  });

  it('timespans: [-][d.]hh:mm:ss[.fffffff]', () => {
    expect(toApiValue(-parseTimespan('1.5d')!, 'timespan')).toBe('-1.12:00:00');
    expect(toApiValue(parseTimespan('1.12:30:55.123')!, 'timespan')).toBe('1.12:30:55.1230000');
  });
});

describe('real text (tostring of a real), as .NET writes a double', () => {
  it('integral values without a fraction, others shortest round-trip', () => {
    expect(formatReal(1)).toBe('1');
    expect(formatReal(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatReal(123.45)).toBe('123.45');
    expect(formatReal(-2.5)).toBe('-2.5');
  });

  it('scientific notation beyond 15 integral digits or below 1e-4, exponent of at least two digits', () => {
    expect(formatReal(1e14)).toBe('100000000000000');
    expect(formatReal(1e15)).toBe('1E+15');
    expect(formatReal(1e21)).toBe('1E+21');
    expect(formatReal(123456789012345680)).toBe('1.2345678901234568E+17');
    expect(formatReal(0.0001)).toBe('0.0001');
    expect(formatReal(0.00001)).toBe('1E-05');
    expect(formatReal(1.5e-7)).toBe('1.5E-07');
    expect(formatReal(-1.7976931348623157e308)).toBe('-1.7976931348623157E+308');
  });

  it('NaN and infinities', () => {
    expect(formatReal(NaN)).toBe('NaN');
    expect(formatReal(Infinity)).toBe('Infinity');
    expect(toText(-Infinity, 'real')).toBe('-Infinity');
  });

  it('month/day/year, as the parse-operator page reads "02/17/2016 08:40:01"; a non-date word is null', () => {
    expect(parseDatetime('02/17/2016 08:40:01')).toBe(ticksOf(2016, 2, 17, 8, 40, 1));
    expect(parseDatetime('5/1/2023')).toBe(ticksOf(2023, 5, 1));
    expect(parseDatetime('nonValidDateTime 08:40:01')).toBeUndefined();
  });

  it('ticksOf and parseDatetime agree on the epoch', () => {
    expect(parseDatetime('1970-01-01')).toBe(ticksOf(1970, 1, 1));
  });
});

describe('sample data with datetime text the engine refuses (data.ts)', () => {
  it('is a data error naming row and column, not a crash', async () => {
    const { DataError, tableFromRecords } = await import('../../../src/kql/exec/data.js');
    const schema = [{ name: 'TimeGenerated', type: 'datetime' as const }];
    expect(() => tableFromRecords([{ TimeGenerated: '12-02-2022' }], schema, 'T.json')).toThrow(DataError);
    expect(() => tableFromRecords([{ TimeGenerated: '12-02-2022' }], schema, 'T.json')).toThrow(
      /row 1, column TimeGenerated: "12-02-2022" .*not supported/,
    );
    expect(() =>
      tableFromRecords([{ Span: '25:00:00' }], [{ name: 'Span', type: 'timespan' as const }], 'T.json'),
    ).toThrow(DataError);
    // Inferred columns: such text is a string column.
    const t = tableFromRecords([{ When: '2014-05-25T08:20:03.123456789' }], undefined, 'T.json');
    expect(t.columns[0]!.type).toBe('string');
  });
});

describe('rulectl query --now with datetime text the engine refuses', () => {
  it('is a usage error (exit 2), not a crash', async () => {
    const { runCli } = await import('../../../src/cli/main.js');
    const { memoryIo } = await import('../../../src/cli/io.js');
    const io = memoryIo(process.cwd());
    expect(await runCli(['query', '--query', 'print now()', '--now', '12-02-2022'], io)).toBe(2);
    expect(io.err).toMatch(/--now "12-02-2022"/);
    expect(io.err).not.toMatch(/\n\s+at /);
  });
});

describe('workspace functions whose parameters default to literals (ASIM parsers)', () => {
  it("binds datetime(null), string and dynamic defaults by the parameters' types", async () => {
    const { runQuery } = await import('../../../src/kql/exec/run.js');
    const { NOW } = await import('./helpers.js');
    const r = runQuery({
      query: 'imThing() | project s, k, l',
      now: NOW,
      schemas: {
        tables: [],
        functions: [
          {
            name: 'imThing',
            parameters: [
              { name: 'starttime', type: 'datetime', default: 'datetime(null)' },
              { name: 'eventtype', type: 'string', default: "'*'" },
              { name: 'ips', type: 'dynamic', default: 'dynamic([])' },
            ],
            body: '{ print s = starttime, k = eventtype, l = ips }',
            source: 'test',
          },
        ],
      },
    });
    expect(r.ok ? toApiTable(r.table).rows : r.problems).toEqual([[null, '*', '[]']]);
  });
});
