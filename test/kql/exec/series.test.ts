// Conformance tests for make-series and top-nested, from the Kusto documentation's examples.
import { describe, expect, it } from 'vitest';
import { problem, q, rows } from './helpers.js';

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

const DATA = `let data=datatable(timestamp:datetime, metric: real)
[datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3, datetime(2017-01-03), 4,
 datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8, datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4,
 datetime(2017-01-07), 3, datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2,
 datetime(2017-01-09T12:00), 11, datetime(2017-01-10T05:00), 5];
let interval = 1d; let stime = datetime(2017-01-01); let etime = datetime(2017-01-10);
`;
// Inside dynamic arrays Kusto writes datetimes with seven fraction digits, as the page shows.
const days = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `2017-01-${String(from + i).padStart(2, '0')}T00:00:00.0000000Z`);

describe('make-series (make-series-operator)', () => {
  it('averages per day from stime up to (not including) etime; empty days hold the default 0', () => {
    const r = q(`${DATA}data | make-series avg(metric) on timestamp from stime to etime step interval`);
    expect(r.columns).toEqual(['avg_metric:dynamic', 'timestamp:dynamic']);
    expect(r.rows.map(row => row.map(v => JSON.parse(v as string) as unknown))).toEqual([
      [[4, 3, 5, 0, 10.5, 4, 3, 8, 6.5], days(1, 9)],
    ]);
  });

  it('an empty input gives no rows, or one row of defaults with kind=nonempty', () => {
    expect(
      rows(
        `${DATA}data | take 0 | make-series avg(metric) default=1.0 on timestamp from stime to etime step interval | count`,
      ),
    ).toEqual([[0]]);
    const r = rows(
      `${DATA}data | take 0 | make-series kind=nonempty avg(metric) default=1.0 on timestamp from stime to etime step interval`,
    );
    expect(r.map(row => row.map(v => JSON.parse(v as string) as unknown))).toEqual([[Array(9).fill(1), days(1, 9)]]);
  });

  it('one row per by value; by columns first, then the series, then the axis', () => {
    const r =
      q(`datatable(t:datetime, who:string)[datetime(2017-01-01), "a", datetime(2017-01-01T05:00), "a", datetime(2017-01-03), "b"]
| make-series n=count() default=long(null) on t from datetime(2017-01-01) to datetime(2017-01-04) step 1d by who`);
    expect(r.columns).toEqual(['who:string', 'n:dynamic', 't:dynamic']);
    expect(r.rows.map(([w, n]) => [w, JSON.parse(n as string) as unknown])).toEqual([
      ['a', [2, null, null]],
      ['b', [null, null, 1]],
    ]);
  });

  it('"in range(start, stop, step)": stop is included, bins come from bin()', () => {
    const r = rows(`${DATA}data | make-series n=count() on timestamp in range(stime, etime, 1d)`);
    expect(JSON.parse(r[0]![0] as string)).toEqual([1, 1, 2, 0, 2, 1, 1, 2, 2, 1]);
    expect(JSON.parse(r[0]![1] as string)).toEqual(days(1, 10));
  });

  it('refuses what the page leaves open and stops at its array bound', () => {
    expect(problem(`${DATA}data | make-series count() on timestamp step 1d`).kind).toBe('unsupported');
    expect(
      problem(
        'datatable(t:datetime, k:string)[datetime(2020-01-01), "a"] | make-series count() on t from datetime(2021-01-01) to datetime(2021-01-05) step 1d by k',
      ).kind,
    ).toBe('unsupported');
    expect(
      problem(
        'print t = datetime(2020-01-01) | make-series count() on t from datetime(2020-01-01) to datetime(2030-01-01) step 1m',
      ).kind,
    ).toBe('limit');
  });
});

describe('top-nested (top-nested-operator)', () => {
  it('latest records per identity with other column data', () => {
    const r = q(`datatable(id: string, timestamp: datetime, otherInformation: string)
["Barak", datetime(2015-01-01), "1", "Barak", datetime(2016-01-01), "2", "Barak", datetime(2017-01-20), "3",
 "Donald", datetime(2017-01-20), "4", "Donald", datetime(2017-01-18), "5", "Donald", datetime(2017-01-19), "6"]
| top-nested of id by Ignore0=max(1),
  top-nested 2 of timestamp by Ignore1=max(timestamp),
  top-nested of otherInformation by Ignore2=max(1)
| project-away Ignore0, Ignore1, Ignore2`);
    expect(r.columns).toEqual(['id:string', 'timestamp:datetime', 'otherInformation:string']);
    expect(sorted(r.rows)).toEqual([
      ['Barak', '2016-01-01T00:00:00Z', '2'],
      ['Barak', '2017-01-20T00:00:00Z', '3'],
      ['Donald', '2017-01-19T00:00:00Z', '6'],
      ['Donald', '2017-01-20T00:00:00Z', '4'],
    ]);
  });

  it('two columns per clause, aggregated_<name> unless named; with others sums the rest', () => {
    const storms = `datatable(State:string, Damage:long)["TX",10, "TX",5, "KS",7, "OK",3, "OK",1, "NE",2]`;
    const r = q(`${storms} | top-nested 2 of State with others="Other" by sum(Damage)`);
    expect(r.columns).toEqual(['State:string', 'aggregated_State:long']);
    expect(r.rows).toEqual([
      ['TX', 15],
      ['KS', 7],
      ['Other', 6],
    ]);
    expect(rows(`${storms} | top-nested 1 of State by sum(Damage) asc`)).toEqual([['NE', 2]]);
  });

  it('refuses a tie for the last place kept', () => {
    expect(problem('datatable(k:string, v:long)["a",1, "b",1] | top-nested 1 of k by sum(v)').kind).toBe('unsupported');
  });
});
