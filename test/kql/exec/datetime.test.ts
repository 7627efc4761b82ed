// Conformance tests of the datetime and timespan functions (src/kql/exec/functions/datetime.ts and the clock
// functions of functions/basic.ts), written from each documentation page's examples. The pages' `range offset from
// -1 to 1 step 1` is written as a datatable of the same three offsets.
import { describe, expect, it } from 'vitest';
import { problem, q, rows, value } from './helpers.js';

const shifted = (fn: string) =>
  rows(`datatable(offset:long)[-1, 0, 1] | project x = ${fn}(datetime(2017-01-01 10:10:17), offset)`).map(r => r[0]);

describe('startofday / startofweek / startofmonth / startofyear (startofday-function …)', () => {
  it("the pages' offset examples", () => {
    expect(shifted('startofday')).toEqual(['2016-12-31T00:00:00Z', '2017-01-01T00:00:00Z', '2017-01-02T00:00:00Z']);
    expect(shifted('startofweek')).toEqual(['2016-12-25T00:00:00Z', '2017-01-01T00:00:00Z', '2017-01-08T00:00:00Z']);
    expect(shifted('startofmonth')).toEqual(['2016-12-01T00:00:00Z', '2017-01-01T00:00:00Z', '2017-02-01T00:00:00Z']);
    expect(shifted('startofyear')).toEqual(['2016-01-01T00:00:00Z', '2017-01-01T00:00:00Z', '2018-01-01T00:00:00Z']);
  });

  it('startofweek-function: weeks from Monday with datetime_add, over datatable rows', () => {
    const r = rows(`let startofweekFromMonday = (dateArg: datetime) {
        datetime_add('day', 1, startofweek(datetime_add('day', -1, dateArg)))
      };
      let data=datatable(Date: datetime, day: string)
      [ datetime(2025, 6, 14), "Saturday", datetime(2025, 6, 15), "Sunday",
        datetime(2025, 6, 16), "Monday", datetime(2025, 6, 17), "Tuesday" ];
      data | extend MondayWeek=startofweekFromMonday(Date)`);
    expect(r.map(x => x[2])).toEqual([
      '2025-06-09T00:00:00Z',
      '2025-06-09T00:00:00Z',
      '2025-06-16T00:00:00Z',
      '2025-06-16T00:00:00Z',
    ]);
  });

  it('the corpus pattern startofday(ago(…)) and null handling', () => {
    expect(value('startofday(ago(1d))')).toBe('2024-01-14T00:00:00Z');
    expect(value('startofday(datetime(null))')).toBeNull();
    expect(value('startofday(now(), int(null))')).toBeNull();
    expect(value('startofday(datetime(1969-12-31 23:00))')).toBe('1969-12-31T00:00:00Z');
    expect(value('startofmonth(datetime(9999-12-31), 1)')).toBeNull();
  });
});

describe('endofday / endofweek / endofmonth / endofyear (endofmonth-function …)', () => {
  it("the pages' offset examples", () => {
    expect(shifted('endofweek')).toEqual([
      '2016-12-31T23:59:59.9999999Z',
      '2017-01-07T23:59:59.9999999Z',
      '2017-01-14T23:59:59.9999999Z',
    ]);
    expect(shifted('endofmonth')).toEqual([
      '2016-12-31T23:59:59.9999999Z',
      '2017-01-31T23:59:59.9999999Z',
      '2017-02-28T23:59:59.9999999Z',
    ]);
    expect(shifted('endofyear')).toEqual([
      '2016-12-31T23:59:59.9999999Z',
      '2017-12-31T23:59:59.9999999Z',
      '2018-12-31T23:59:59.9999999Z',
    ]);
    expect(shifted('endofday')).toEqual([
      '2016-12-31T23:59:59.9999999Z',
      '2017-01-01T23:59:59.9999999Z',
      '2017-01-02T23:59:59.9999999Z',
    ]);
  });
});

describe('datetime_diff (datetime-diff-function)', () => {
  it("the page's example, one value per period", () => {
    const r = q(`print
      year = datetime_diff('year',datetime(2017-01-01),datetime(2000-12-31)),
      quarter = datetime_diff('quarter',datetime(2017-07-01),datetime(2017-03-30)),
      month = datetime_diff('month',datetime(2017-01-01),datetime(2015-12-30)),
      week = datetime_diff('week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
      day = datetime_diff('day',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
      hour = datetime_diff('hour',datetime(2017-10-31 01:00),datetime(2017-10-30 23:59)),
      minute = datetime_diff('minute',datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59)),
      second = datetime_diff('second',datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900)),
      millisecond = datetime_diff('millisecond',datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900)),
      microsecond = datetime_diff('microsecond',datetime(2017-10-30 23:00:00.1009001),datetime(2017-10-30 23:00:00.1008009)),
      nanosecond = datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))`);
    expect(r.columns[0]).toBe('year:long');
    expect(r.rows).toEqual([[17, 2, 13, 5, 29, 2, 5, 10, 100, 100, -700]]);
  });

  it('periods are case-insensitive (the corpus writes "Second"); nulls; other periods are the binder\'s error', () => {
    expect(value('datetime_diff("Second", datetime(2020-01-01 00:00:05), datetime(2020-01-01))')).toBe(5);
    expect(value('datetime_diff("day", datetime(null), now())')).toBeNull();
    expect(problem('print datetime_diff("fortnight", now(), now())').kind).toBe('semantic');
    expect(value('datetime_diff("day", datetime(1969-12-31 23:00), datetime(1970-01-01 01:00))')).toBe(-1);
  });
});

describe('datetime_add (datetime-add-function)', () => {
  it("the page's period example", () => {
    const r = rows(`print  year = datetime_add('year',1,make_datetime(2017,1,1)),
      quarter = datetime_add('quarter',1,make_datetime(2017,1,1)),
      month = datetime_add('month',1,make_datetime(2017,1,1)),
      week = datetime_add('week',1,make_datetime(2017,1,1)),
      day = datetime_add('day',1,make_datetime(2017,1,1)),
      hour = datetime_add('hour',1,make_datetime(2017,1,1)),
      minute = datetime_add('minute',1,make_datetime(2017,1,1)),
      second = datetime_add('second',1,make_datetime(2017,1,1))`);
    expect(r).toEqual([
      [
        '2018-01-01T00:00:00Z',
        '2017-04-01T00:00:00Z',
        '2017-02-01T00:00:00Z',
        '2017-01-08T00:00:00Z',
        '2017-01-02T00:00:00Z',
        '2017-01-01T01:00:00Z',
        '2017-01-01T00:01:00Z',
        '2017-01-01T00:00:01Z',
      ],
    ]);
  });

  it("the page's amount example (negative and large amounts)", () => {
    const r = rows(`print  year = datetime_add('year',-5,make_datetime(2017,1,1)),
      quarter = datetime_add('quarter',12,make_datetime(2017,1,1)),
      month = datetime_add('month',-15,make_datetime(2017,1,1)),
      week = datetime_add('week',100,make_datetime(2017,1,1))`);
    expect(r).toEqual([
      ['2012-01-01T00:00:00Z', '2020-01-01T00:00:00Z', '2015-10-01T00:00:00Z', '2018-12-02T00:00:00Z'],
    ]);
  });

  it('keeps the time of day, refuses a day the target month lacks, nulls, ticks', () => {
    expect(value("datetime_add('month', 1, datetime(2017-01-15 10:20:30.5))")).toBe('2017-02-15T10:20:30.5Z');
    expect(problem("print datetime_add('month', 1, datetime(2017-01-31))").kind).toBe('unsupported');
    expect(value("datetime_add('day', int(null), now())")).toBeNull();
    expect(value("datetime_add('millisecond', 5, datetime(2017-01-01))")).toBe('2017-01-01T00:00:00.005Z');
    expect(value("datetime_add('nanosecond', 200, datetime(2017-01-01))")).toBe('2017-01-01T00:00:00.0000002Z');
    expect(problem("print datetime_add('nanosecond', 50, datetime(2017-01-01))").kind).toBe('unsupported');
    expect(value("datetime_add('year', 1, datetime(9999-06-01))")).toBeNull();
  });
});

describe('datetime_part (datetime-part-function)', () => {
  it("the page's example", () => {
    const r = q(`let dt = datetime(2017-10-30 01:02:03.7654321);
      print year = datetime_part("year", dt), quarter = datetime_part("quarter", dt), month = datetime_part("month", dt),
      weekOfYear = datetime_part("week_of_year", dt), day = datetime_part("day", dt),
      dayOfYear = datetime_part("dayOfYear", dt), hour = datetime_part("hour", dt), minute = datetime_part("minute", dt),
      second = datetime_part("second", dt), millisecond = datetime_part("millisecond", dt),
      microsecond = datetime_part("microsecond", dt), nanosecond = datetime_part("nanosecond", dt)`);
    expect(r.columns[0]).toBe('year:int');
    expect(r.rows).toEqual([[2017, 4, 10, 44, 30, 303, 1, 2, 3, 765, 765432, 765432100]]);
  });

  it('the corpus spelling "Hour"; the obsolete "weekofyear" part is the binder\'s error', () => {
    expect(value('datetime_part("Hour", datetime(2020-01-01 19:01:00))')).toBe(19);
    expect(problem('print datetime_part("weekofyear", now())').kind).toBe('semantic');
    expect(value('datetime_part("day", datetime(null))')).toBeNull();
  });
});

describe('dayofweek (day-of-week-function)', () => {
  it("the page's examples", () => {
    expect(value('dayofweek(datetime(1947-11-30 10:00:05))')).toBe('00:00:00');
    expect(value('dayofweek(datetime(1970-05-11))')).toBe('1.00:00:00');
    expect(rows('let dow=dayofweek(datetime(1970-5-12)); print Timespan = dow, Integer = toint(dow/1d)')).toEqual([
      ['2.00:00:00', 2],
    ]);
  });
});

describe('dayofmonth, dayofyear, hourofday, getmonth, monthofyear, getyear (their pages)', () => {
  it("the pages' examples", () => {
    expect(value('dayofmonth(datetime(2015-12-14))')).toBe(14);
    expect(value('dayofyear(datetime(2015-12-14))')).toBe(348);
    expect(value('hourofday(datetime(2015-12-14 18:54))')).toBe(18);
    expect(value('monthofyear(datetime(2015-12-14))')).toBe(12);
    expect(value('getmonth(datetime(2015-12-14))')).toBe(12);
    expect(value('getyear(datetime(2015-10-12))')).toBe(2015);
    expect(value('getyear(datetime(null))')).toBeNull();
  });
});

describe('week_of_year (week-of-year-function)', () => {
  it("the page's ISO 8601 table", () => {
    expect(value('week_of_year(datetime(2020-12-31))')).toBe(53);
    expect(value('week_of_year(datetime(2020-06-15))')).toBe(25);
    expect(value('week_of_year(datetime(1970-01-01))')).toBe(1);
    expect(value('week_of_year(datetime(2000-01-01))')).toBe(52);
  });

  it('weekofyear() (obsolete, not ISO 8601) is refused', () => {
    expect(problem('print weekofyear(now())').message).toMatch(/weekofyear\(\)/);
  });
});

describe('format_datetime (format-datetime-function)', () => {
  it("the page's three examples", () => {
    const dt = 'let dt = datetime(2017-01-29 09:00:05);';
    expect(rows(`${dt} print v1=format_datetime(dt,'yy-MM-dd [HH:mm:ss]')`)).toEqual([['17-01-29 [09:00:05]']]);
    expect(rows(`${dt} print v2=format_datetime(dt, 'yyyy-M-dd [H:mm:ss]')`)).toEqual([['2017-1-29 [9:00:05]']]);
    expect(rows(`${dt} print v3=format_datetime(dt, 'yy-MM-dd [hh:mm:ss tt]')`)).toEqual([['17-01-29 [09:00:05 AM]']]);
  });

  it("the element table's examples", () => {
    const f = (dt: string, fmt: string) => value(`format_datetime(datetime(${dt}), '${fmt}')`);
    expect(f('2009-06-01T13:45:30', 'd')).toBe('1');
    expect(f('2009-06-15T13:45:30.6170000', 'f')).toBe('6');
    expect(f('2009-06-15T13:45:30.05', 'f')).toBe('0');
    expect(f('2009-06-15T13:45:30.0050000', 'ff')).toBe('00');
    expect(f('2009-06-15T13:45:30.6175425', 'fffffff')).toBe('6175425');
    expect(f('2009-06-15T13:45:30.0500000', 'F')).toBe('');
    expect(f('2009-06-15T13:45:30.5275000', 'FFFF')).toBe('5275');
    expect(f('2009-06-15T13:45:30.0001150', 'FFFFFFF')).toBe('000115');
    expect(f('2009-06-15T13:45:30', 'h')).toBe('1');
    expect(f('2009-06-15T01:45:30', 'hh')).toBe('01');
    expect(f('2009-06-15T13:45:30', 'H')).toBe('13');
    expect(f('2009-06-15T01:09:30', 'm')).toBe('9');
    expect(f('2009-06-15T13:45:30', 'M')).toBe('6');
    expect(f('2009-06-15T13:45:09', 's')).toBe('9');
    expect(f('0001-01-01T00:00:00', 'y')).toBe('1');
    expect(f('0900-01-01T00:00:00', 'yy')).toBe('00');
    expect(f('0900-01-01T00:00:00', 'yyyy')).toBe('0900');
    expect(f('2019-06-15T13:45:30', 'y')).toBe('19');
    expect(f('2009-06-15T13:45:09', 'tt')).toBe('PM');
    expect(f('2009-06-15T00:45:09', 'h')).toBe('12');
  });

  it('null is the empty string; undocumented elements and delimiters are refused', () => {
    expect(value("format_datetime(datetime(null), 'yyyy')")).toBe('');
    expect(problem("print format_datetime(now(), 'yyyy-MM-ddTHH:mm')").kind).toBe('unsupported');
    expect(problem("print format_datetime(now(), 'MMM')").kind).toBe('unsupported');
    expect(problem("print format_datetime(datetime(2020-01-01), 'ss.FFF')").kind).toBe('unsupported');
    expect(problem('datatable(f:string)["yyyy"] | extend s = format_datetime(now(), f)').kind).toBe('semantic');
  });
});

describe('format_timespan (format-timespan-function)', () => {
  it("the page's example", () => {
    const r = rows(`let t = time(29.09:00:05.12345);
      print v1=format_timespan(t, 'dd.hh:mm:ss:FF'), v2=format_timespan(t, 'ddd.h:mm:ss [fffffff]')`);
    expect(r).toEqual([['29.09:00:05:12', '029.9:00:05 [1234500]']]);
  });

  it("the element table's examples; negative intervals refused", () => {
    const f = (t: string, fmt: string) => value(`format_timespan(time(${t}), '${fmt}')`);
    expect(f('15.13:45:30', 'd')).toBe('15');
    expect(f('15.13:45:30', 'ddd')).toBe('015');
    expect(f('15.13:45:30.6170000', 'fff')).toBe('617');
    expect(f('15.13:45:30.0500000', 'F')).toBe('');
    expect(f('15.01:45:30', 'H')).toBe('1');
    expect(f('15.01:09:30', 'mm')).toBe('09');
    expect(f('15.13:45:09', 's')).toBe('9');
    expect(value("format_timespan(time(null), 'hh')")).toBe('');
    expect(problem("print format_timespan(-1h, 'hh')").kind).toBe('unsupported');
  });
});

describe('todatetime (todatetime-function)', () => {
  it("the page's examples", () => {
    expect(value('todatetime("2015-12-31 23:59:59.9")')).toBe('2015-12-31T23:59:59.9Z');
    // '12-02-2022' is read by Kusto, but the page does not say which day it is: refused, by both spellings.
    expect(problem("print todatetime('12-02-2022') == datetime('12-02-2022')").kind).toBe('unsupported');
  });

  it('text that is no datetime is null; dynamic strings convert; a time without a date is refused', () => {
    expect(value('todatetime("hello")')).toBeNull();
    expect(value('todatetime("")')).toBeNull();
    expect(value('todatetime(dynamic("2020-01-01"))')).toBe('2020-01-01T00:00:00Z');
    expect(value('todatetime(dynamic(5))')).toBeNull();
    expect(value('todatetime(datetime(2020-01-01))')).toBe('2020-01-01T00:00:00Z');
    const p = problem("print datetime_part('Hour', todatetime('19:01:00.7654321'))");
    expect(p.kind).toBe('unsupported');
    expect(p.start).toBe(28);
    expect(problem('print todatetime(5)').kind).toBe('unsupported');
  });
});

describe('totimespan (totimespan-function)', () => {
  it("the page's example", () => {
    expect(value('totimespan("0.00:01:00") == time(1min)')).toBe(true);
  });

  it('text forms, null, dynamic', () => {
    expect(value('totimespan("1.12:30:55.123")')).toBe('1.12:30:55.1230000');
    expect(value('totimespan("2d")')).toBe('2.00:00:00');
    expect(value('totimespan("nope")')).toBeNull();
    expect(value('totimespan(dynamic("00:00:10"))')).toBe('00:00:10');
  });
});

describe('make_datetime (make-datetime-function)', () => {
  it("the page's examples", () => {
    expect(value('make_datetime(2017,10,01)')).toBe('2017-10-01T00:00:00Z');
    expect(value('make_datetime(2017,10,01,12,10)')).toBe('2017-10-01T12:10:00Z');
    expect(value('make_datetime(2017,10,01,12,11,0.1234567)')).toBe('2017-10-01T12:11:00.1234567Z');
  });

  it('parts out of range are null', () => {
    expect(value('make_datetime(2017,2,29)')).toBeNull();
    expect(value('make_datetime(2017,13,1)')).toBeNull();
    expect(value('make_datetime(2017,1,1,24,0)')).toBeNull();
    expect(value('make_datetime(int(null),1,1)')).toBeNull();
  });
});

describe('make_timespan (make-timespan-function)', () => {
  it("the page's example (whole seconds: the binder wants an integer there) and the other forms", () => {
    expect(problem('print make_timespan(1,12,30,55.123)').kind).toBe('semantic');
    expect(value('make_timespan(1,12,30,55)')).toBe('1.12:30:55');
    expect(value('make_timespan(12,30)')).toBe('12:30:00');
    expect(value('make_timespan(12,30,15)')).toBe('12:30:15');
    expect(value('make_timespan(25,0)')).toBeNull();
  });
});

describe('unixtime_*_todatetime (unixtime-seconds-todatetime-function …)', () => {
  it("the pages' examples", () => {
    expect(value('unixtime_seconds_todatetime(1546300800)')).toBe('2019-01-01T00:00:00Z');
    expect(value('unixtime_milliseconds_todatetime(1546300800000)')).toBe('2019-01-01T00:00:00Z');
    expect(value('unixtime_microseconds_todatetime(1546300800000000)')).toBe('2019-01-01T00:00:00Z');
    expect(value('unixtime_nanoseconds_todatetime(1546300800)')).toBe('1970-01-01T00:00:01.5463008Z');
  });

  it('negative values, nulls, fractions refused', () => {
    expect(value('unixtime_seconds_todatetime(-1)')).toBe('1969-12-31T23:59:59Z');
    expect(value('unixtime_seconds_todatetime(real(null))')).toBeNull();
    expect(value('unixtime_seconds_todatetime(1.0)')).toBe('1970-01-01T00:00:01Z');
    expect(problem('print unixtime_seconds_todatetime(1.5)').kind).toBe('unsupported');
    expect(problem('print unixtime_nanoseconds_todatetime(150)').kind).toBe('unsupported');
  });
});

describe('bin_at (bin-at-function)', () => {
  it("the page's examples", () => {
    expect(value('bin_at(6.5, 2.5, 7)')).toBe(4.5);
    expect(value('bin_at(time(1h), 1d, 12h)')).toBe('-12:00:00');
    expect(value('bin_at(datetime(2017-05-15 10:20:00.0), 1d, datetime(1970-01-01 12:00:00.0))')).toBe(
      '2017-05-14T12:00:00Z',
    );
    expect(value('bin_at(datetime(2017-05-17 10:20:00.0), 7d, datetime(2017-06-04 00:00:00.0))')).toBe(
      '2017-05-14T00:00:00Z',
    );
    const r = rows(`datatable(Date:datetime, NumOfEvents:int)[
      datetime(2018-02-24T15:14),3, datetime(2018-02-24T15:24),4, datetime(2018-02-23T16:14),4,
      datetime(2018-02-23T17:29),4, datetime(2018-02-26T15:14),5]
      | project b = bin_at(Date, 1d, datetime(2018-02-24 15:14:00.0000000))`);
    // The page sums NumOfEvents per bin: 8 on the 23rd (two rows), 7 on the 24th (two rows), 5 on the 26th.
    expect(r.map(x => x[0])).toEqual([
      '2018-02-24T15:14:00Z',
      '2018-02-24T15:14:00Z',
      '2018-02-23T15:14:00Z',
      '2018-02-23T15:14:00Z',
      '2018-02-26T15:14:00Z',
    ]);
  });

  it('null and non-positive bin sizes', () => {
    expect(value('bin_at(5, long(null), 1)')).toBeNull();
    expect(value('bin_at(5, -1, 1)')).toBeNull();
    expect(problem('print bin_at(5, 0, 1)').kind).toBe('unsupported');
  });
});

describe('bin / floor, now, ago (bin-function, now-function, ago-function)', () => {
  it('bin-function examples', () => {
    expect(value('bin(4.5, 1)')).toBe(4);
    expect(value('bin(time(16d), 7d)')).toBe('14.00:00:00');
    expect(value('bin(datetime(1970-05-11 13:45:07), 1d)')).toBe('1970-05-11T00:00:00Z');
    expect(value('floor(datetime(1970-05-11 13:45:07), 1d)')).toBe('1970-05-11T00:00:00Z');
  });

  it('bin: null and negative sizes are null, a zero size is refused', () => {
    expect(value('bin(5, -1)')).toBeNull();
    expect(value('bin(datetime(null), 1d)')).toBeNull();
    expect(problem('print bin(5, 0)').kind).toBe('unsupported');
    expect(problem('print bin(now(), 0s)').kind).toBe('unsupported');
  });

  it("now() and ago() read the run's clock", () => {
    expect(value('now()')).toBe('2024-01-15T12:00:00Z');
    expect(value('now(-2d)')).toBe('2024-01-13T12:00:00Z');
    expect(value('ago(1h)')).toBe('2024-01-15T11:00:00Z');
    expect(value('ago(-1d)')).toBe('2024-01-16T12:00:00Z');
  });
});

describe('functions refused by name', () => {
  it('ingestion_time() (sample rows have no ingestion time), datetime_utc_to_local()', () => {
    const p = problem('print ingestion_time()');
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/ingestion_time\(\)/);
    expect(problem("print datetime_utc_to_local(now(), 'Europe/Paris')").message).toMatch(/datetime_utc_to_local/);
  });

  it('ingestion_time() over no rows: the query runs, as no row asks for an ingestion time', () => {
    // The corpus shape (ingestion-time-function): a rule filtering on ingestion time over a table without rows.
    expect(
      q('datatable(TimeGenerated:datetime)[] | where ingestion_time() > ago(1h) | extend ing = ingestion_time()'),
    ).toEqual({ columns: ['TimeGenerated:datetime', 'ing:datetime'], rows: [] });
    const p = problem('datatable(TimeGenerated:datetime)[datetime(2024-01-01)] | where ingestion_time() > ago(1h)');
    expect(p.message).toMatch(/ingestion_time\(\) of a row given as data/);
  });
});
