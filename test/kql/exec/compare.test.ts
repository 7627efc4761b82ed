// Comparisons across types: what the Kusto pages document runs; comparing values of two types whose comparison the
// pages do not describe is refused by name.
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/exec/run.js';
import { problem, rows } from './helpers.js';

describe('between (between-operator)', () => {
  const t = `datatable(StartTime:datetime)[datetime(2007-07-26T23:00:00Z), datetime(2007-07-27), datetime(2007-07-28T12:00:00Z),
    datetime(2007-07-30), datetime(2007-07-30T00:00:01Z)]`;

  it("the page's numeric example: inclusive at both ends", () => {
    expect(rows('range x from 1 to 100 step 1 | where x between (50 .. 55)')).toEqual([
      [50],
      [51],
      [52],
      [53],
      [54],
      [55],
    ]);
  });

  it("the page's timespan range: (date .. 3d) keeps the rows that (date .. date + 3d) keeps", () => {
    const dates = rows(`${t} | where StartTime between (datetime(2007-07-27) .. datetime(2007-07-30))`);
    expect(rows(`${t} | where StartTime between (datetime(2007-07-27) .. 3d)`)).toEqual(dates);
    expect(dates).toEqual([['2007-07-27T00:00:00Z'], ['2007-07-28T12:00:00Z'], ['2007-07-30T00:00:00Z']]);
  });

  it('the corpus shape: (ago(14d) .. 1d), and !between', () => {
    const s = `datatable(T:datetime)[datetime(2024-01-01T11:00:00Z), datetime(2024-01-01T13:00:00Z), datetime(2024-01-02T12:00:01Z)]`;
    // now is 2024-01-15T12:00:00Z: ago(14d) is 2024-01-01T12:00:00Z, the range ends a day later.
    expect(rows(`${s} | where T between (ago(14d) .. (1d))`)).toEqual([['2024-01-01T13:00:00Z']]);
    expect(rows(`${s} | where T !between (ago(14d) .. 1d)`)).toEqual([
      ['2024-01-01T11:00:00Z'],
      ['2024-01-02T12:00:01Z'],
    ]);
  });

  it('a null bound gives null: the row is not kept either way', () => {
    const n = 'datatable(T:datetime, S:timespan)[datetime(2024-01-01), timespan(null)]';
    expect(rows(`${n} | where T between (datetime(2023-12-31) .. S)`)).toEqual([]);
    expect(rows(`${n} | where T !between (datetime(2023-12-31) .. S)`)).toEqual([]);
  });
});

describe('comparing values of two types (equals-cs-operator, numerical-operators)', () => {
  it('a string with a long, a bool with a string: refused, with the conversion that says what is meant', () => {
    const p = problem('datatable(ResultType:string)["0"] | where ResultType == 0');
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/^comparing string with long \(the Kusto documentation does not say how/);
    expect(p.message).toContain('tolong() of the left side or tostring() of the right');
    expect(problem("print ipv4_is_private('10.0.0.1') == 'False'").message).toContain(
      'tostring() of the left side or tobool() of the right',
    );
  });

  it('over no rows the query runs (the binder accepts it) and the result says which refusal waits for a row', () => {
    const r = runQuery({
      query: 'datatable(ResultType:string)[] | where ResultType == 0 | where ResultType != 1',
      now: 0n,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.rows).toEqual([]);
    expect(r.waiting.map(w => w.message.slice(0, 26))).toEqual([
      'comparing string with long',
      'comparing string with long',
    ]);
    // A row that reaches it is refused, also behind a where that keeps it.
    expect(problem('datatable(ResultType:string)["5"] | where ResultType == 0').kind).toBe('unsupported');
    // Rows the comparison never sees (a where before it drops them) leave the answer standing.
    expect(rows('datatable(R:string)["5"] | where R == "6" | where R == 0')).toEqual([]);
  });

  it('the conversions it suggests run', () => {
    expect(rows('datatable(ResultType:string)["0", "50126"] | where tolong(ResultType) == 0')).toEqual([['0']]);
    expect(rows("print a = tostring(ipv4_is_private('10.0.0.1')) == 'true'")).toEqual([[true]]);
  });
});
