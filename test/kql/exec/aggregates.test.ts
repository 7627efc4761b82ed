// Conformance tests of summarize and its aggregation functions, written from the examples of each Kusto
// documentation page (named in each describe), plus a property test against a plain JavaScript grouping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/kql/exec/table.js';
import { problem, q, rows } from './helpers.js';

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('summarize (summarize-operator)', () => {
  it('gives the documented defaults over an empty input without by', () => {
    const r = q(`datatable(x:long)[]
      | summarize any_x=take_any(x), arg_max_x=arg_max(x, *), arg_min_x=arg_min(x, *), avg(x), max(x), min(x),
          stdev(x), sum(x), sumif(x, x > 0), variance(x)`);
    expect(r.columns).toEqual([
      'any_x:long',
      'arg_max_x:long',
      'arg_min_x:long',
      'avg_x:real',
      'max_x:long',
      'min_x:long',
      'stdev_x:real',
      'sum_x:long',
      'sumif_x:long',
      'variance_x:real',
    ]);
    expect(r.rows).toEqual([[null, null, null, 'NaN', null, null, 0, 0, 0, 0]]);
    expect(rows('datatable(x:long)[] | summarize count(), countif(x > 0), dcount(x), dcountif(x, x > 0)')).toEqual([
      [0, 0, 0, 0],
    ]);
    expect(rows('datatable(x:long)[] | summarize make_set(x), make_list(x)')).toEqual([['[]', '[]']]);
  });

  it('refuses count() with an argument, which only the parser takes (count-aggregation-function)', () => {
    expect(problem('datatable(x:long)[1, 2] | summarize count(x > 1)').message).toMatch(/count\(\) with an argument/);
  });

  it('gives no row for an empty input with by', () => {
    expect(rows('datatable(k:string, x:long)[] | summarize count(), sum(x) by k')).toEqual([]);
  });

  // count(y) of the page's example is refused by the parser this engine uses (count takes a bool predicate there).
  it('ignores nulls in sum and avg, and leaves them out of make_set', () => {
    const t = 'datatable(x:long)[1, 2, 3, 4] | extend y = iff(x == 1, real(null), real(5))';
    expect(rows(`${t} | summarize sum(y), avg(y)`)).toEqual([[15, 5]]);
    const r = q(`${t} | where x <= 2 | summarize make_set(y), make_set(y)`);
    expect(r.columns).toEqual(['set_y:dynamic', 'set_y1:dynamic']);
    expect(r.rows).toEqual([['[5]', '[5]']]);
  });

  it('groups by keys alone (summarize by State, EventType)', () => {
    const r = rows(`datatable(State:string, EventType:string, Injuries:long)[
        "TEXAS", "Flood", 1, "TEXAS", "Flood", 2, "TEXAS", "Hail", 0, "IOWA", "Flood", 3]
      | where Injuries > 0 | summarize by State, EventType`);
    expect(sorted(r)).toEqual([
      ['IOWA', 'Flood'],
      ['TEXAS', 'Flood'],
    ]);
  });

  it('groups by bin() of a timespan, as the Duration histogram example does', () => {
    const r = rows(`datatable(EventType:string, Duration:timespan)[
        "Drought", 30d, "Drought", 30.5d, "Heat", 30.2d, "Heavy Rain", 29.9d]
      | summarize EventCount=count() by EventType, Length=bin(Duration, 1d) | sort by EventType asc`);
    expect(r).toEqual([
      ['Drought', '30.00:00:00', 2],
      ['Heat', '30.00:00:00', 1],
      ['Heavy Rain', '29.00:00:00', 1],
    ]);
  });

  it('makes null a group key of its own', () => {
    const r = rows('datatable(k:long, x:long)[1, 10, long(null), 20, long(null), 30] | summarize s=sum(x) by k');
    expect(sorted(r)).toEqual([
      [1, 10],
      [null, 50],
    ]);
  });

  it('names several columns with (a, b) = and takes named arguments', () => {
    const r = q(`datatable(k:string, t:long, v:string)["a", 1, "x", "a", 3, "y", "a", 2, "y"]
      | summarize (Last, What) = arg_max(t, v), s = make_set(v, maxSize=1) by k`);
    expect(r.columns).toEqual(['k:string', 'Last:long', 'What:string', 's:dynamic']);
    expect(r.rows).toEqual([['a', 3, 'y', '["x"]']]);
  });
});

describe('arg_max (arg-max-aggregation-function)', () => {
  it('returns the values of the row with the greatest value per group', () => {
    const r = q(`datatable(State:string, BeginLat:real, BeginLocation:string)[
        "TEXAS", 30.1, "A", "TEXAS", 36.4607, "DARROUZETT", "VERMONT", 45, "NORTH TROY", "VERMONT", 44, "B"]
      | summarize arg_max(BeginLat, BeginLocation) by State | sort by State asc`);
    expect(r.columns).toEqual(['State:string', 'BeginLat:real', 'BeginLocation:string']);
    expect(r.rows).toEqual([
      ['TEXAS', 36.4607, 'DARROUZETT'],
      ['VERMONT', 45, 'NORTH TROY'],
    ]);
  });

  it('returns every other column with *, leaving out the by columns', () => {
    const r = q(`datatable(State:string, StartTime:datetime, EndTime:datetime, DeathsDirect:long)[
        "GUAM", datetime(2007-01-27 11:15), datetime(2007-01-27 11:30), 1,
        "GUAM", datetime(2007-01-01), datetime(2007-01-02), 2,
        "IDAHO", datetime(2007-02-17 13:00), datetime(2007-02-17 15:00), 0]
      | where DeathsDirect > 0 | summarize arg_max(StartTime, *) by State`);
    expect(r.columns).toEqual(['State:string', 'StartTime:datetime', 'EndTime:datetime', 'DeathsDirect:long']);
    expect(r.rows).toEqual([['GUAM', '2007-01-27T11:15:00Z', '2007-01-27T11:30:00Z', 1]]);
  });

  it('handles nulls as the page shows (a group of null versions returns its first row)', () => {
    const r = q(`datatable(Fruit: string, Color: string, Version: int) [
        "Apple", "Red", 1, "Apple", "Green", int(null), "Banana", "Yellow", int(null), "Banana", "Green", int(null),
        "Pear", "Brown", 1, "Pear", "Green", 2]
      | summarize arg_max(Version, *) by Fruit`);
    expect(r.columns).toEqual(['Fruit:string', 'Version:int', 'Color:string']);
    expect(r.rows).toEqual([
      ['Apple', 1, 'Red'],
      ['Banana', null, 'Yellow'],
      ['Pear', 2, 'Green'],
    ]);
  });

  it('names a column given after * once, and renames repeated names as the binder does', () => {
    const r = q(`datatable(k:string, t:long, v:string)["a", 1, "x", "a", 2, "y"]
      | summarize arg_max(t, *, k), arg_min(t, v) by k`);
    expect(r.columns).toEqual(['k:string', 't:long', 'v:string', 't1:long', 'v1:string']);
    expect(r.rows).toEqual([['a', 2, 'y', 1, 'x']]);
  });

  it('takes by k2 = k out of *, but not the column under bin()', () => {
    expect(q('datatable(k:string, t:long)["a", 1] | summarize arg_max(t, *) by k2 = k').columns).toEqual([
      'k2:string',
      't:long',
    ]);
    expect(q('datatable(w:long, t:long)[3, 1] | summarize arg_max(t, *) by bin(w, 2)').rows).toEqual([[2, 1, 3]]);
  });
});

describe('arg_min (arg-min-aggregation-function)', () => {
  it('returns the values of the row with the least value per group', () => {
    expect(
      rows(`datatable(State:string, BeginLat:real, BeginLocation:string)[
          "TEXAS", 30.1, "A", "TEXAS", 36.4607, "B", "TEXAS", real(null), "C"]
        | summarize arg_min(BeginLat, BeginLocation) by State`),
    ).toEqual([['TEXAS', 30.1, 'A']]);
  });
});

describe('take_any (take-any-aggregation-function), take_anyif (take-anyif-aggregation-function)', () => {
  const t = `datatable(State:string, EpisodeId:long, EventType:string)[
      "ALASKA", 1733, "", "ALASKA", 1734, "Flood", "ARIZONA", 11955, "Flash Flood"]`;

  it('prefers a non-empty value for one column', () => {
    expect(rows(`${t} | summarize take_any(EventType) by State | sort by State asc`)).toEqual([
      ['ALASKA', 'Flood'],
      ['ARIZONA', 'Flash Flood'],
    ]);
  });

  it('returns the values of one row for * (by columns left out)', () => {
    const r = q(`${t} | summarize take_any(*) by State | sort by State asc`);
    expect(r.columns).toEqual(['State:string', 'EpisodeId:long', 'EventType:string']);
    expect(r.rows).toEqual([
      ['ALASKA', 1733, ''],
      ['ARIZONA', 11955, 'Flash Flood'],
    ]);
    expect(q(`${t} | summarize any(EventType)`).columns).toEqual(['any_EventType:string']);
  });

  it('take_anyif takes only rows whose predicate is true, else null', () => {
    expect(rows(`${t} | summarize take_anyif(EpisodeId, EventType has "flood") by State | sort by State asc`)).toEqual([
      ['ALASKA', 1734],
      ['ARIZONA', 11955],
    ]);
    expect(rows(`${t} | summarize anyif(EpisodeId, EventType == "none")`)).toEqual([[null]]);
  });
});

const shapes = `datatable(name: string, sideCount: int)["triangle", 3, "square", 4, "rectangle", 4, "pentagon", 5,
  "hexagon", 6, "heptagon", 7, "octagon", 8, "nonagon", 9, "decagon", 10]`;

describe('make_list (make-list-aggregation-function)', () => {
  it('lists one column', () => {
    expect(rows(`${shapes} | summarize mylist = make_list(name)`)).toEqual([
      ['["triangle","square","rectangle","pentagon","hexagon","heptagon","octagon","nonagon","decagon"]'],
    ]);
  });

  it('lists by a computed key', () => {
    const r = rows(
      `${shapes} | summarize mylist = make_list(name) by isEvenSideCount = sideCount % 2 == 0 | sort by isEvenSideCount asc`,
    );
    expect(r).toEqual([
      [false, '["triangle","pentagon","heptagon","nonagon"]'],
      [true, '["square","rectangle","hexagon","octagon","decagon"]'],
    ]);
  });

  it('keeps the first values up to maxSize; makelist caps at 128 by default; make_list_if filters', () => {
    expect(rows(`${shapes} | summarize make_list(sideCount, 2), make_list_if(name, sideCount > 8)`)).toEqual([
      ['[3,4]', '["nonagon","decagon"]'],
    ]);
    const many = Array.from({ length: 130 }, (_, i) => i).join(', ');
    const r = rows(`datatable(x:long)[${many}] | summarize a = makelist(x), b = make_list(x)`);
    expect(JSON.parse(r[0]![0] as string)).toHaveLength(128);
    expect(JSON.parse(r[0]![1] as string)).toHaveLength(130);
  });
});

describe('make_list_with_nulls (make-list-with-nulls-aggregation-function)', () => {
  it('keeps nulls', () => {
    const t = shapes.replace('"triangle", 3', '"triangle", int(null)');
    expect(rows(`${t} | summarize mylist = make_list_with_nulls(sideCount)`)).toEqual([['[null,4,4,5,6,7,8,9,10]']]);
  });
});

describe('make_set (make-set-aggregation-function), make_set_if (make-set-if-aggregation-function)', () => {
  it('gives distinct values, and the elements of array values', () => {
    const r = rows(`datatable (Val: int, Arr1: dynamic)[
        1, dynamic(['A1', 'A2', 'A3']), 5, dynamic(['A2', 'C1']), 7, dynamic(['C2', 'A3']), 5, dynamic(['C2', 'A1'])]
      | summarize Val_set=make_set(Val), Arr1_set=make_set(Arr1)`);
    expect(r).toEqual([['[1,5,7]', '["A1","A2","A3","C1","C2"]']]);
  });

  it('bounds the set with maxSize, and makeset at 128; make_set_if filters', () => {
    expect(rows(`${shapes} | summarize make_set(sideCount, 3), make_set_if(sideCount, name endswith "gon")`)).toEqual([
      ['[3,4,5]', '[5,6,7,8,9,10]'],
    ]);
    const many = Array.from({ length: 130 }, (_, i) => i).join(', ');
    expect(JSON.parse(rows(`datatable(x:long)[${many}] | summarize makeset(x)`)[0]![0] as string)).toHaveLength(128);
    expect(problem('datatable(x:long)[1] | summarize make_set(x, 0)').message).toMatch(/maxSize outside/);
  });

  it('keeps datetimes as their text, with the seven fraction digits Kusto writes inside dynamic', () => {
    expect(rows('datatable(t:datetime)[datetime(2024-01-01), datetime(2024-01-01)] | summarize make_set(t)')).toEqual([
      ['["2024-01-01T00:00:00.0000000Z"]'],
    ]);
    expect(rows('print l = pack_array(datetime(2024-01-01 10:00:00.5))')).toEqual([
      ['["2024-01-01T10:00:00.5000000Z"]'],
    ]);
  });
});

describe('make_bag (make-bag-aggregation-function), make_bag_if (make-bag-if-aggregation-function)', () => {
  it('merges the property bags of the group and skips other values', () => {
    const r = rows(`datatable(p:dynamic)[
        dynamic({"prop01": "val_a"}), dynamic({"prop02": "val_b"}), dynamic({"prop03": "val_c"}), dynamic([1])]
      | summarize dict=make_bag(p), some=make_bag_if(p, isnotnull(p.prop01))`);
    expect(r).toEqual([['{"prop01":"val_a","prop02":"val_b","prop03":"val_c"}', '{"prop01":"val_a"}']]);
  });
});

describe('sum, sumif, avg, avgif (sum-aggregation-function, sumif-..., avg-..., avgif-...)', () => {
  const t = `datatable(State:string, DamageCrops:long, DamageProperty:long)[
      "TEXAS", 10, 5, "TEXAS", 0, 7, "IOWA", 3, long(null)]`;

  it('sums an expression by group', () => {
    expect(
      rows(`${t} | summarize EventCount=count(), TotalDamages = sum(DamageCrops+DamageProperty) by State
        | sort by TotalDamages`),
    ).toEqual([
      ['TEXAS', 2, 22],
      ['IOWA', 1, 0],
    ]);
  });

  it('averages and filters', () => {
    expect(
      rows(
        `${t} | summarize avg(DamageCrops), sumif(DamageCrops, State == "TEXAS"), avgif(DamageProperty, DamageCrops > 0)`,
      ),
    ).toEqual([[13 / 3, 10, 5]]);
  });

  it('sums timespans', () => {
    expect(rows('datatable(d:timespan)[1h, 30m, timespan(null)] | summarize sum(d)')).toEqual([['01:30:00']]);
  });
});

describe('maxif, minif (maxif-aggregation-function, minif-aggregation-function)', () => {
  it('takes the extreme of rows whose predicate is true', () => {
    expect(
      rows(`datatable(Damage:long, Deaths:long)[100, 1, 50, 0, 70, 0]
        | summarize MaxDamageNoCasualties=maxif(Damage, Deaths == 0), MinAll=minif(Damage, Deaths >= 0), None=maxif(Damage, Deaths > 5)`),
    ).toEqual([[70, 50, null]]);
  });
});

describe('count_distinct (count-distinct-aggregation-function), dcountif (dcountif-aggregation-function)', () => {
  it('counts distinct values', () => {
    expect(
      rows(`datatable(State:string, EventType:string)["TEXAS", "Flood", "TEXAS", "Hail", "TEXAS", "Flood", "IOWA", ""]
        | summarize UniqueEvents=count_distinct(EventType), Floods=dcountif(EventType, EventType contains "o") by State
        | sort by State asc`),
    ).toEqual([
      ['IOWA', 1, 0],
      ['TEXAS', 2, 1],
    ]);
  });

  it('ignores null values (null-values page)', () => {
    expect(rows('datatable(x:long)[1, long(null), 1, 2] | summarize count_distinct(x)')).toEqual([[2]]);
  });
});

describe('dcount (dcount-aggregation-function): exact only where Kusto is', () => {
  const range = (n: number) => `datatable(x:long)[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;

  it('counts up to 1,000 distinct values at the default accuracy, and up to 8,000 at accuracy 2', () => {
    expect(rows(`${range(1000)} | summarize dcount(x)`)).toEqual([[1000]]);
    expect(rows(`${range(1001)} | summarize dcount(x, 2)`)).toEqual([[1001]]);
  });

  it('refuses counts the HyperLogLog estimate may not give exactly, and undocumented accuracies', () => {
    const p = problem(`${range(1001)} | summarize dcount(x)`);
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/more than 1000 distinct values/);
    expect(problem(`${range(3)} | summarize dcount(x, 0)`).kind).toBe('unsupported');
  });
});

describe('percentile, percentiles (percentiles-aggregation-function)', () => {
  const t = 'datatable(State:string, DamageProperty:long)["A", 0, "A", 40000, "A", 100, "B", 7, "B", 7]';

  it('gives the exact minimum and maximum at 0 and 100, in one column each', () => {
    const r = q(
      `${t} | summarize percentiles(DamageProperty, 0, 100), percentile(DamageProperty, 100) by State | sort by State asc`,
    );
    expect(r.columns).toEqual([
      'State:string',
      'percentile_DamageProperty_0:long',
      'percentile_DamageProperty_100:long',
      'percentile_DamageProperty_1001:long',
    ]);
    expect(r.rows).toEqual([
      ['A', 0, 40000, 40000],
      ['B', 7, 7, 7],
    ]);
  });

  it('gives any percentile of equal values, and refuses an estimate between differing values', () => {
    expect(rows(`${t} | where State == "B" | summarize percentile(DamageProperty, 95)`)).toEqual([[7]]);
    const p = problem(`${t} | summarize percentile(DamageProperty, 95)`);
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/T-Digest/);
  });
});

describe('stdev, stdevp, variance, variancep (their aggregation-function pages)', () => {
  const t = 'datatable(x:long)[1, 2, 3, 4, 5]';

  it('computes the sample and population forms', () => {
    const [[list, stdev, variance, stdevp, variancep]] = rows(
      `${t} | summarize make_list(x), stdev(x), variance(x), stdevp(x), variancep(x)`,
    ) as [[string, number, number, number, number]];
    expect(list).toBe('[1,2,3,4,5]');
    expect(stdev).toBeCloseTo(1.58113883008419, 13);
    expect(variance).toBe(2.5);
    expect(stdevp).toBeCloseTo(Math.SQRT2, 13);
    expect(variancep).toBe(2);
    expect(rows(`${t} | summarize varianceif(x, x > 3), stdevif(x, x > 10)`)).toEqual([[0.5, 0]]);
  });

  it('refuses the sample form of a single value', () => {
    expect(problem('datatable(x:long)[1] | summarize stdev(x)').kind).toBe('unsupported');
    expect(rows('datatable(x:long)[1] | summarize stdevp(x)')).toEqual([[0]]);
  });
});

describe('summarize count(), sum(x) by k (property test against a JavaScript grouping)', () => {
  it('matches a plain grouping for any rows', () => {
    const row = fc.tuple(fc.constantFrom('a', 'b', 'c', ''), fc.option(fc.integer({ min: -1000, max: 1000 })));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), data => {
        const T: Table = {
          columns: [
            { name: 'k', type: 'string' },
            { name: 'x', type: 'long' },
          ],
          rows: data.map(([k, x]) => [k, x]),
        };
        const got = rows('T | summarize c = count(), s = sum(x) by k', { tables: new Map([['T', T]]) });
        const want = new Map<string, [number, number]>();
        for (const [k, x] of data) {
          const g = want.get(k) ?? [0, 0];
          want.set(k, [g[0] + 1, g[1] + (x ?? 0)]);
        }
        expect(sorted(got)).toEqual(sorted([...want].map(([k, [c, s]]) => [k, c, s])));
      }),
      { numRuns: 60 },
    );
  });
});

describe('summarize of expressions over aggregates (summarize-operator)', () => {
  const t = `datatable(k:string, t:datetime)["a", datetime(2024-01-15 02:00), "a", datetime(2024-01-15 06:00),
    "b", datetime(2024-01-14 12:00)]`;

  it('computes the expression from each group results', () => {
    const r = q(`${t} | summarize Duration = max(t) - min(t), Ago = now() - max(t), n = count() * 2 by k
      | sort by k asc`);
    expect(r.columns).toEqual(['k:string', 'Duration:timespan', 'Ago:timespan', 'n:long']);
    expect(r.rows).toEqual([
      ['a', '04:00:00', '06:00:00', 4],
      ['b', '00:00:00', '1.00:00:00', 2],
    ]);
  });

  it('leaves a column read outside the aggregate calls to the parser, which refuses it', () => {
    expect(problem(`${t} | summarize x = strcat(k, count())`).kind).toBe('semantic');
  });
});

// The pages' predicate is strlen(name) > 4 (a string function of another module); `name !in ("John", "Paul")`
// selects the same rows of their table.
describe('make_list_if, make_set_if, sumif (their aggregation-function pages), with the Beatles table', () => {
  const T = `datatable(name:string, day_of_birth:long)["John", 9, "Paul", 18, "George", 25, "Ringo", 7]`;

  it('keeps the rows whose predicate is true', () => {
    const r =
      q(`${T} | summarize make_list_if(name, name !in ("John", "Paul")), make_set_if(name, name !in ("John", "Paul")),
      sumif(day_of_birth, name !in ("John", "Paul"))`);
    expect(r.columns).toEqual(['list_name:dynamic', 'set_name:dynamic', 'sumif_day_of_birth:long']);
    expect(r.rows).toEqual([['["George","Ringo"]', '["George","Ringo"]', 32]]);
  });
});

describe('make_bag_if (make-bag-if-aggregation-function)', () => {
  it('merges the bags of rows whose predicate is true', () => {
    expect(
      rows(`datatable(prop:string, value:string, predicate:bool)
          ["prop01", "val_a", true, "prop02", "val_b", false, "prop03", "val_c", true]
        | extend p = bag_pack(prop, value) | summarize dict=make_bag_if(p, predicate)`),
    ).toEqual([['{"prop01":"val_a","prop03":"val_c"}']]);
  });
});
