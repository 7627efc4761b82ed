// Conformance tests for evaluate pivot(), from the examples of its Kusto documentation page.
import { describe, expect, test } from 'vitest';
import { problem, q } from './helpers.js';

const storms = `datatable(State:string, EventType:string, DeathsDirect:long, Source:string)[
  'ALABAMA', 'Thunderstorm Wind', 0, 'Public',
  'ALASKA', 'High Wind', 0, 'Public',
  'ALABAMA', 'Thunderstorm Wind', 0, 'Trained Spotter',
  'ALASKA', 'Thunderstorm Wind', 0, 'Public',
  'ALASKA', 'High Wind', 0, 'Public',
  'ALABAMA', 'Strong Wind', 0, 'Public',
  'ARKANSAS', 'Heavy Rain', 1, 'Public',
  'ARIZONA', 'Flash Flood', 4, 'Public',
  'ARKANSAS', 'Heat', 3, 'Public',
  'ARIZONA', 'Flash Flood', 2, 'Law Enforcement',
  'ARIZONA', 'Lightning', 1, 'Public'
]`;

describe('evaluate pivot (pivot-plugin)', () => {
  test('pivot by a column: one count per state and event type, 0 where there is none', () => {
    expect(q(`${storms} | project State, EventType | where State startswith "AL" | evaluate pivot(State)`)).toEqual({
      columns: ['EventType:string', 'ALABAMA:long', 'ALASKA:long'],
      rows: [
        ['Thunderstorm Wind', 2, 1],
        ['High Wind', 0, 2],
        ['Strong Wind', 1, 0],
      ],
    });
  });

  test('pivot with an aggregation: sum per cell, 0 where there is no row; columns in order of first appearance', () => {
    expect(
      q(`${storms} | where State startswith "AR" | project State, EventType, DeathsDirect | where DeathsDirect > 0
        | evaluate pivot(State, sum(DeathsDirect))`),
    ).toEqual({
      columns: ['EventType:string', 'ARKANSAS:long', 'ARIZONA:long'],
      rows: [
        ['Heavy Rain', 1, 0],
        ['Flash Flood', 0, 6],
        ['Heat', 3, 0],
        ['Lightning', 0, 1],
      ],
    });
  });

  test('the listed columns are the row key, in the order given; the other columns are left out', () => {
    expect(
      q(`${storms} | where State == "ARIZONA" | evaluate pivot(EventType, sum(DeathsDirect), Source, State)`),
    ).toEqual({
      columns: ['Source:string', 'State:string', 'Flash Flood:long', 'Lightning:long'],
      rows: [
        ['Public', 'ARIZONA', 4, 1],
        ['Law Enforcement', 'ARIZONA', 2, 0],
      ],
    });
  });

  test('a cell without rows is refused for aggregations whose empty cell the page does not show', () => {
    const p = problem(`${storms} | where State == "ARIZONA" | evaluate pivot(EventType, max(DeathsDirect), Source)`);
    expect(p.kind).toBe('unsupported');
    expect(p.message).toContain('max() where a combination has no row');
  });

  // The corpus's shape: name/value pairs of Windows event data turned into columns.
  const pairs = `datatable(T:long, Computer:string, Key:string, Value:string)[
    1, 'h1', 'ObjectName', 'a', 1, 'h1', 'OperationType', '%%1906',
    2, 'h2', 'ObjectName', 'b', 2, 'h2', 'ObjectName', 'c'
  ]`;

  test('take_any of strings: a cell without rows is the empty string', () => {
    expect(q(`${pairs} | evaluate pivot(Key, any(Value), T, Computer)`)).toEqual({
      columns: ['T:long', 'Computer:string', 'ObjectName:string', 'OperationType:string'],
      rows: [
        [1, 'h1', 'a', '%%1906'],
        [2, 'h2', 'b', ''],
      ],
    });
  });

  test('no rows: only the listed columns, and later column_ifexists() falls back', () => {
    expect(
      q(`${pairs} | where T > 5 | evaluate pivot(Key, any(Value), T, Computer)
        | extend ObjectName = column_ifexists('ObjectName', '')`),
    ).toEqual({ columns: ['T:long', 'Computer:string', 'ObjectName:string'], rows: [] });
  });

  test('a pivoted column is read by column_ifexists() after it', () => {
    expect(
      q(`${pairs} | evaluate pivot(Key, any(Value), T) | project T, O = column_ifexists('OperationType', 'none')`).rows,
    ).toEqual([
      [1, '%%1906'],
      [2, ''],
    ]);
  });

  test('refusals: a non-string pivot column, an empty value, a value naming a listed column, an output schema', () => {
    expect(problem(`${storms} | evaluate pivot(DeathsDirect, count(), State)`).message).toContain(
      'pivot() of a long column',
    );
    expect(problem(`print k = '', v = 1 | evaluate pivot(k, sum(v))`).message).toContain('an empty value');
    expect(problem(`print k = 'v2', v2 = 'x', v = 1 | evaluate pivot(k, sum(v), v2)`).message).toContain(
      'names one of its listed columns',
    );
    expect(problem(`print k = 'a', v = 1 | evaluate pivot(k, sum(v)) : (a:long)`).message).toContain(
      'with an output schema',
    );
    expect(problem(`print k = 'a', v = 1 | evaluate pivot(k, percentile(v, 50))`).message).toContain(
      'with the aggregation percentile(v, 50)',
    );
  });
});
