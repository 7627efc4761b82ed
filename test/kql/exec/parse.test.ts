// parse, parse-where, parse-kv: conformance cases from the Kusto documentation pages named in the describe() titles
// (https://learn.microsoft.com/kusto/query/<page>), plus the readings the pages leave open (refused).
import { describe, expect, it } from 'vitest';
import { problem, q, rows } from './helpers.js';

const event = (slice: number, lock: string, release: string, previous: string, total = '27') =>
  `"Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=${total}, sliceNumber=${slice}, lockTime=${lock}, releaseTime=${release}, previousLockTime=${previous})"`;

const traces = `let Traces = datatable(EventText: string)
[
  ${event(23, '02/17/2016 08:40:01', '02/17/2016 08:40:01', '02/17/2016 08:39:01')},
  ${event(15, '02/17/2016 08:40:00', '02/17/2016 08:40:00', '02/17/2016 08:39:00')},
  ${event(20, '02/17/2016 08:40:01', '02/17/2016 08:40:01', '02/17/2016 08:39:01')},
  ${event(22, '02/17/2016 08:41:01', '02/17/2016 08:41:00', '02/17/2016 08:40:01')},
  ${event(16, '02/17/2016 08:41:00', '02/17/2016 08:41:00', '02/17/2016 08:40:00')}
];
`;

const refused = (query: string): string => {
  const p = problem(query);
  expect(p.kind).toBe('unsupported');
  return p.message;
};

describe('parse (parse-operator)', () => {
  it('simple mode: the first example of the page', () => {
    const r = q(`${traces}Traces
      | parse EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *
      | project resourceName, totalSlices, sliceNumber, lockTime, releaseTime, previousLockTime`);
    expect(r.columns).toEqual([
      'resourceName:string',
      'totalSlices:long',
      'sliceNumber:long',
      'lockTime:string',
      'releaseTime:datetime',
      'previousLockTime:datetime',
    ]);
    expect(r.rows).toEqual([
      ['PipelineScheduler', 27, 23, '02/17/2016 08:40:01', '2016-02-17T08:40:01Z', '2016-02-17T08:39:01Z'],
      ['PipelineScheduler', 27, 15, '02/17/2016 08:40:00', '2016-02-17T08:40:00Z', '2016-02-17T08:39:00Z'],
      ['PipelineScheduler', 27, 20, '02/17/2016 08:40:01', '2016-02-17T08:40:01Z', '2016-02-17T08:39:01Z'],
      ['PipelineScheduler', 27, 22, '02/17/2016 08:41:01', '2016-02-17T08:41:00Z', '2016-02-17T08:40:01Z'],
      ['PipelineScheduler', 27, 16, '02/17/2016 08:41:00', '2016-02-17T08:41:00Z', '2016-02-17T08:40:00Z'],
    ]);
  });

  it('simple mode: the e-mail example of the page', () => {
    const r = rows(`let Leads=datatable(Contacts: string)
      [
        "Event: LeadContact (email=john@contosohotel.com, Website=https:contosohotel.com)",
        "Event: LeadContact (email=abi@fourthcoffee.com, Website=https:www.fourthcoffee.com)"
      ];
      Leads
      | parse Contacts with * "email=" alias:string "@" domain: string ", Website=https:" WebsiteDomain: string ")"
      | project EmailAddress=strcat(alias, "@", domain), EmailAlias=alias, WebsiteDomain`);
    expect(r).toEqual([
      ['john@contosohotel.com', 'john', 'contosohotel.com'],
      ['abi@fourthcoffee.com', 'abi', 'www.fourthcoffee.com'],
    ]);
  });

  it('regex mode: the page example with its own groups, greedy columns', () => {
    const r = rows(`${traces}Traces
      | parse kind=regex EventText with "(.*?)[a-zA-Z]*=" resourceName @", totalSlices=\\s*\\d+\\s*.*?sliceNumber=" sliceNumber: long  ".*?(previous)?lockTime=" lockTime ".*?releaseTime=" releaseTime ".*?previousLockTime=" previousLockTime: date "\\\\)"
      | project resourceName, sliceNumber, lockTime, releaseTime, previousLockTime`);
    expect(r[0]).toEqual([
      'PipelineScheduler',
      23,
      '02/17/2016 08:40:01, ',
      '02/17/2016 08:40:01, ',
      '2016-02-17T08:39:01Z',
    ]);
    expect(r[1]).toEqual([
      'PipelineScheduler',
      15,
      '02/17/2016 08:40:00, ',
      '02/17/2016 08:40:00, ',
      '2016-02-17T08:39:00Z',
    ]);
  });

  it('regex mode is greedy unless flags=U; flags=i ignores case (the page examples)', () => {
    const greedy = rows(
      `${traces}Traces | parse kind=regex EventText with * "resourceName=" resourceName ',' * | project resourceName`,
    );
    expect(greedy[0]).toEqual([
      'PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01',
    ]);
    const lazy = rows(
      `${traces}Traces | parse kind=regex flags=Ui EventText with * "RESOURCENAME=" resourceName ',' * | project resourceName`,
    );
    expect(lazy).toEqual(Array.from({ length: 5 }, () => ['PipelineScheduler']));
  });

  it('regex mode with flags=s across lines (the page example)', () => {
    const r = rows(`let Traces=datatable(EventText: string)
      [
        "Event: NotifySliceRelease (resourceName=PipelineScheduler\\ntotalSlices=27\\nsliceNumber=23\\nlockTime=02/17/2016 08:40:01\\nreleaseTime=02/17/2016 08:40:01\\npreviousLockTime=02/17/2016 08:39:01)"
      ];
      Traces
      | parse kind=regex flags=s EventText with * "resourceName=" resourceName: string "(.*?)totalSlices=" totalSlices: long "(.*?)lockTime=" lockTime: datetime "(.*?)releaseTime=" releaseTime: datetime "(.*?)previousLockTime=" previousLockTime: datetime "\\\\)"
      | project-away EventText`);
    expect(r).toEqual([
      ['PipelineScheduler\n', 27, '2016-02-17T08:40:01Z', '2016-02-17T08:40:01Z', '2016-02-17T08:39:01Z'],
    ]);
  });

  it('relaxed mode: columns that do not convert are null, the others parse (the page example)', () => {
    const r = rows(`let Traces=datatable(EventText: string)
      [
        ${event(23, '02/17/2016 08:40:01', 'nonValidDateTime 08:40:01', '02/17/2016 08:39:01')},
        ${event(15, '02/17/2016 08:40:00', 'nonValidDateTime', '02/17/2016 08:39:00')},
        ${event(20, '02/17/2016 08:40:01', 'nonValidDateTime 08:40:01', '02/17/2016 08:39:01', 'nonValidLongValue')},
        ${event(22, '02/17/2016 08:41:01', '02/17/2016 08:41:00', '02/17/2016 08:40:01')},
        ${event(16, '02/17/2016 08:41:00', '02/17/2016 08:41:00', '02/17/2016 08:40:00', 'nonValidLongValue')}
      ];
      Traces
      | parse kind=relaxed EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long ", sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *
      | project-away EventText`);
    expect(r).toEqual([
      ['PipelineScheduler', 27, 23, '02/17/2016 08:40:01', null, '2016-02-17T08:39:01Z'],
      ['PipelineScheduler', 27, 15, '02/17/2016 08:40:00', null, '2016-02-17T08:39:00Z'],
      ['PipelineScheduler', null, 20, '02/17/2016 08:40:01', null, '2016-02-17T08:39:01Z'],
      ['PipelineScheduler', 27, 22, '02/17/2016 08:41:01', '2016-02-17T08:41:00Z', '2016-02-17T08:40:01Z'],
      ['PipelineScheduler', null, 16, '02/17/2016 08:41:00', '2016-02-17T08:41:00Z', '2016-02-17T08:40:00Z'],
    ]);
  });

  it('simple mode is strict: a column that does not convert makes the whole row null (the page says so)', () => {
    const r = rows(`datatable(s:string) ["a=1, b=x", "a=2, b=3"]
      | parse s with "a=" a:long ", b=" b:long`);
    expect(r).toEqual([
      ['a=1, b=x', null, null],
      ['a=2, b=3', 2, 3],
    ]);
  });

  it('a missing delimiter gives nulls (empty strings for string columns)', () => {
    expect(rows('print s="no match here" | parse s with * "x=" x ";" *')).toEqual([['no match here', '']]);
  });

  it('the corpus shape: XML values between a prefix and "<"', () => {
    const r = rows(`print EventData='<Data Name="TargetUserName">alice</Data><Data Name="Status">0x0</Data>'
      | parse EventData with * 'TargetUserName">' TargetUserName "<" * 'Status">' Status "<" *
      | project TargetUserName, Status`);
    expect(r).toEqual([['alice', '0x0']]);
  });

  it('a non-string expression is parsed as its text; the last column takes the rest', () => {
    expect(rows('print d=dynamic({"a":"x=1"}) | parse d with * "x=" v | project v')).toEqual([['1"}']]);
    expect(
      rows('print s="user=bob rhost=10.0.0.1 port 22" | parse s with * "rhost=" RemoteIP | project RemoteIP'),
    ).toEqual([['10.0.0.1 port 22']]);
  });

  it("text that the pages' readings match differently is refused", () => {
    // Backtracking finds the second "a=", the cursor reading stops at the first.
    expect(refused('print s="a=x;a=5;" | parse s with * "a=" x:long ";"')).toMatch(/readings of the pattern/);
    // Text after the last delimiter: the whole-text reading fails, the cursor reading does not.
    expect(refused('print s="x=1;rest" | parse s with "x=" v ";"')).toMatch(/readings of the pattern/);
    // Regex mode, unanchored start.
    expect(refused('print s="a=1 b=2" | parse kind=regex s with "b=" x')).toMatch(/readings of the pattern/);
  });

  it('relaxed number columns followed by "*" that find no number are refused', () => {
    expect(refused('print s="n=abc;" | parse kind=relaxed s with "n=" n:long * ";" *')).toMatch(/finds no number/);
  });

  it('an invalid regex fragment is an error', () => {
    expect(problem('print s="a" | parse kind=regex s with "(" x').kind).toBe('runtime');
  });
});

describe('parse-where (parse-where-operator)', () => {
  it('keeps only the rows that parse', () => {
    const r = rows(`datatable(s:string) ["a=1, b=x", "a=2, b=3", "nothing"]
      | parse-where s with "a=" a:long ", b=" b:long
      | project a, b`);
    expect(r).toEqual([[2, 3]]);
  });
  it('regex mode', () => {
    const r = rows(`datatable(s:string) ["id=7", "id=x"] | parse-where kind=regex s with "id=" id:long | project id`);
    expect(r).toEqual([[7]]);
  });
});

describe('parse-kv (parse-kv-operator)', () => {
  it('specified delimiters (the page example)', () => {
    const r = q(`print str="ThreadId:458745723, Machine:Node001, Text: The service is up, Level: Info"
      | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (pair_delimiter=',', kv_delimiter=':')
      | project-away str`);
    expect(r.columns).toEqual(['Text:string', 'ThreadId:long', 'Machine:string']);
    expect(r.rows).toEqual([['The service is up', 458745723, 'Node001']]);
  });

  it('quoted keys and values, with one or two quote characters (the page examples)', () => {
    const expected = [['2021-01-01T10:00:54Z', '10.1.1.123', '10.1.1.124', 125, 'connection aborted']];
    expect(
      rows(`print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure="connection aborted" "event time"=2021-01-01T10:00:54'
        | parse-kv str as (['event time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"')
        | project-away str`),
    ).toEqual(expected);
    expect(
      rows(`print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure=(connection aborted) (event time)=(2021-01-01 10:00:54)'
        | parse-kv str as (['event time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='()')
        | project-away str`),
    ).toEqual(expected);
  });

  it('escaped quotes inside a quoted value (the page example)', () => {
    const r =
      rows(`print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure="the remote host sent \\\\"bye!\\\\"" time=2021-01-01T10:00:54'
      | parse-kv str as (['time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"', escape='\\\\')
      | project-away str`);
    expect(r).toEqual([['2021-01-01T10:00:54Z', '10.1.1.123', '10.1.1.124', 125, 'the remote host sent "bye!"']]);
  });

  it('greedy mode runs a value to the next listed key (the page examples)', () => {
    const plain = rows(`print str='name=John Doe phone=555 5555 city=New York'
      | parse-kv str as (name:string, phone:string, city:string) with (pair_delimiter=' ', kv_delimiter='=')
      | project-away str`);
    expect(plain).toEqual([['John', '555', 'New']]);
    const greedy = rows(`print str='name=John Doe phone=555 5555 city=New York'
      | parse-kv str as (name:string, phone:string, city:string) with (pair_delimiter=' ', kv_delimiter='=', greedy=true)
      | project-away str`);
    expect(greedy).toEqual([['John Doe', '555 5555', 'New York']]);
  });

  it('no delimiters: any non-alphanumeric character separates (the page examples)', () => {
    expect(
      rows(`print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: Started"
        | parse-kv str as (Text: string, ThreadId:long, Machine: string)
        | project-away str`),
    ).toEqual([['Started', 458745723, 'Node001']]);
    expect(
      rows(`print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: 'The service \\\\' is up'"
        | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (quote="'", escape='\\\\')
        | project-away str`),
    ).toEqual([["The service ' is up", 458745723, 'Node001']]);
  });

  it('regex extraction (the page example)', () => {
    const r =
      rows(`print str=@'["referer url: https://hostname.com/redirect?dest=/?h=1234", "request url: https://hostname.com/?h=1234", "advertiser id: 24fefbca-cf27-4d62-a623-249c2ad30c73"]'
      | parse-kv str as (['referer url']:string, ['request url']:string, ['advertiser id']: guid) with (regex=@'"([\\w ]+)\\s*:\\s*([^"]*)"')
      | project-away str`);
    expect(r).toEqual([
      [
        'https://hostname.com/redirect?dest=/?h=1234',
        'https://hostname.com/?h=1234',
        '24fefbca-cf27-4d62-a623-249c2ad30c73',
      ],
    ]);
  });

  it('absent keys are null (empty for strings); the first value of a key wins', () => {
    expect(
      rows(
        `print str="a=1,a=2" | parse-kv str as (a:long, b:long, c:string) with (pair_delimiter=',', kv_delimiter='=') | project-away str`,
      ),
    ).toEqual([[1, null, '']]);
  });

  it('a key found twice without delimiters is refused', () => {
    expect(refused('print str="x:1 x:2" | parse-kv str as (x:long)')).toMatch(/found twice/);
  });
});
