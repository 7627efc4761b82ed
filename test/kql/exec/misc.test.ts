// Conformance tests for getschema, render, consume, sample, invoke and the window functions, from their pages.
import { describe, expect, it } from 'vitest';
import { problem, q, rows } from './helpers.js';

const SENSOR = `datatable(Timestamp:datetime, SensorName:string)[
  datetime(2022-04-13T00:58:52.797Z), "sensor-9", datetime(2022-04-13T00:58:53.048Z), "sensor-9",
  datetime(2022-04-13T00:58:53.100Z), "sensor-9", datetime(2022-04-13T00:58:53.500Z), "sensor-9",
  datetime(2022-04-13T00:58:53.000Z), "sensor-1"]`;

const SESSIONS = `datatable(conference:string, session_title:string, session_type:string)[
  "Build 2019", "Vision Keynote", "Keynote", "Build 2019", "Advanced Time Series analysis", "Expo Session",
  "Build 2019", "Azure's Data Platform", "Breakout", "Ignite 2018", "Other", "Breakout",
  "Build 2019", "How BASF is using Azure Data Services", "Expo Session"]`;

describe('getschema (getschema-operator)', () => {
  it('one row per column: name, ordinal, .NET type and Kusto type', () => {
    expect(
      q(`datatable (a: string, b: dynamic, c: dynamic)["Constant", dynamic([1, 2, 3, 4]), dynamic([6, 7, 8, 9])]
| mv-expand b, c to typeof(int) | getschema`),
    ).toEqual({
      columns: ['ColumnName:string', 'ColumnOrdinal:long', 'DataType:string', 'ColumnType:string'],
      rows: [
        ['a', 0, 'System.String', 'string'],
        ['b', 1, 'System.Object', 'dynamic'],
        ['c', 2, 'System.Int32', 'int'],
      ],
    });
    expect(
      rows(
        'print t = now(), s = 1s, r = 1.5, g = guid(00000000-0000-0000-0000-000000000000), b = true | getschema',
      ).map(r => r[2]),
    ).toEqual(['System.DateTime', 'System.TimeSpan', 'System.Double', 'System.Guid', 'System.Boolean']);
  });
});

describe('render, consume, sample (render-operator, consume-operator, sample-operator)', () => {
  it('render leaves the result as it is', () => {
    expect(rows('range x from 1 to 3 step 1 | render timechart with (title="t")')).toEqual([[1], [2], [3]]);
  });

  it('consume returns nothing', () => {
    expect(q('range x from 1 to 3 step 1 | consume')).toEqual({ columns: [], rows: [] });
  });

  it('sample is refused: it picks rows at random', () => {
    expect(problem('range x from 1 to 3 step 1 | sample 2').message).toMatch(/sample, which picks rows at random/);
  });
});

describe('invoke (invoke-operator)', () => {
  it("passes the input as the function's first argument; other parameters take their defaults", () => {
    expect(rows('let f = (T:(*), k:long = 2) { T | where x > k }; range x from 1 to 4 step 1 | invoke f()')).toEqual([
      [3],
      [4],
    ]);
  });

  it("refuses further arguments (the page's clipped_average example passes two)", () => {
    const p = problem(`let clipped_average = (T:(x: long), lowPercentile:double, upPercentile:double)
{ T | where x > lowPercentile and x < upPercentile | summarize avg(x) };
range x from 1 to 100 step 1 | invoke clipped_average(5, 99)`);
    expect(p.kind).toBe('unsupported');
  });
});

describe('prev() and next() (prev-function, next-function)', () => {
  it('the previous row of a sorted set', () => {
    expect(
      rows(`${SENSOR} | where SensorName == 'sensor-9' | sort by Timestamp asc
| extend timeDiffInMilliseconds = datetime_diff('millisecond', Timestamp, prev(Timestamp, 1))
| where timeDiffInMilliseconds > 250 | project Timestamp, timeDiffInMilliseconds`),
    ).toEqual([
      ['2022-04-13T00:58:53.048Z', 251],
      ['2022-04-13T00:58:53.5Z', 400],
    ]);
  });

  it('the next row, as part of serialize', () => {
    expect(
      rows(`${SESSIONS} | where conference == 'Build 2019' | serialize next_session_type = next(session_type)
| project session_type, next_session_type`),
    ).toEqual([
      ['Keynote', 'Expo Session'],
      ['Expo Session', 'Breakout'],
      ['Breakout', 'Expo Session'],
      ['Expo Session', ''],
    ]);
    expect(
      rows(`${SESSIONS} | where conference == 'Build 2019' | serialize previous_session_type = prev(session_type)
| project previous_session_type`).map(r => r[0]),
    ).toEqual(['', 'Keynote', 'Expo Session', 'Breakout']);
  });

  it('offsets and defaults', () => {
    expect(rows('range a from 1 to 3 step 1 | serialize | extend n2 = next(a, 2, -1), p = prev(a, 1, 0)')).toEqual([
      [1, 3, 0],
      [2, -1, 1],
      [3, -1, 2],
    ]);
  });

  it('fail on a row set that is not serialized, as Kusto does', () => {
    const p = problem('datatable(a:long)[1, 2] | extend p = prev(a)');
    expect(p.kind).toBe('runtime');
    expect(p.message).toMatch(/serialized/);
  });
});

describe('row_number() (row-number-function)', () => {
  it('numbers the rows from 1, or from the given start', () => {
    const expected = Array.from({ length: 10 }, (_, i) => [10 - i, i + 1]);
    expect(rows('range a from 1 to 10 step 1 | sort by a desc | extend rn=row_number()')).toEqual(expected);
    expect(rows('range a from 1 to 10 step 1 | sort by a desc | extend rn=row_number(7)')).toEqual(
      expected.map(([a, rn]) => [a, rn! + 6]),
    );
  });

  it('restarts where the predicate is true: numbering per partition', () => {
    expect(
      rows(`datatable (Airport:string, Airline:string, Departures:long)
["TLV", "LH", 1, "TLV", "LY", 100, "SEA", "LH", 1, "SEA", "BA", 2, "SEA", "LY", 0]
| sort by Airport asc, Departures desc | extend Rank=row_number(1, prev(Airport) != Airport)`),
    ).toEqual([
      ['SEA', 'BA', 2, 1],
      ['SEA', 'LH', 1, 2],
      ['SEA', 'LY', 0, 3],
      ['TLV', 'LY', 100, 1],
      ['TLV', 'LH', 1, 2],
    ]);
  });

  it('fails on a row set that is not serialized', () => {
    expect(problem('datatable(a:long)[1] | extend r = row_number()').kind).toBe('runtime');
  });
});

describe('row_cumsum() (row-cumsum-function)', () => {
  it('running sum of the even numbers', () => {
    expect(
      rows('datatable (a:long) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] | where a%2==0 | serialize cs=row_cumsum(a)'),
    ).toEqual([
      [2, 2],
      [4, 6],
      [6, 12],
      [8, 20],
      [10, 30],
    ]);
  });

  it('restarts per partition', () => {
    expect(
      rows(`datatable (name:string, month:int, salary:long)
["Alice", 1, 1000, "Bob", 1, 1000, "Alice", 2, 2000, "Bob", 2, 1950, "Alice", 3, 1400, "Bob", 3, 1450]
| order by name asc, month asc | extend total=row_cumsum(salary, name != prev(name))`).map(r => r[3]),
    ).toEqual([1000, 3000, 4400, 1000, 2950, 4400]);
  });

  it('refuses a null term (the page does not say how it counts)', () => {
    expect(problem('datatable(a:long)[1, long(null)] | serialize c = row_cumsum(a)').kind).toBe('unsupported');
  });
});

describe('row_window_session() (row-window-session-function)', () => {
  it('session starts: at most 1h from the first, 5m between neighbors, new ID restarts', () => {
    expect(
      rows(`datatable (ID:string, Timestamp:datetime) [
  "1", datetime(2024-04-11 10:00:00), "2", datetime(2024-04-11 10:18:00), "1", datetime(2024-04-11 11:00:00),
  "3", datetime(2024-04-11 11:30:00), "2", datetime(2024-04-11 13:30:00), "2", datetime(2024-04-11 10:16:00)]
| sort by ID asc, Timestamp asc
| extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))`).map(r => r[2]),
    ).toEqual([
      '2024-04-11T10:00:00Z',
      '2024-04-11T11:00:00Z',
      '2024-04-11T10:16:00Z',
      '2024-04-11T10:16:00Z',
      '2024-04-11T13:30:00Z',
      '2024-04-11T11:30:00Z',
    ]);
  });

  it('a session keeps its first value for every later row within the limits', () => {
    expect(
      rows(`datatable (t:datetime)[datetime(2024-01-01 10:00), datetime(2024-01-01 10:03), datetime(2024-01-01 10:06)]
| serialize s = row_window_session(t, 1h, 5m)`).map(r => r[1]),
    ).toEqual(['2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z']);
  });
});

describe('externaldata (externaldata-operator)', () => {
  it('is refused by name, saying it would read the network', () => {
    const p = problem('externaldata (Domain:string) [@"https://example.com/list.csv"] with (format="csv") | take 1');
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/^externaldata \(it reads its rows from URLs; the engine never reads the network\)/);
  });
});
