// Conformance tests of the IPv4 functions (src/kql/exec/functions/ip.ts), written from each documentation page's
// examples.
import { describe, expect, it } from 'vitest';
import { problem, rows, value } from './helpers.js';

describe('ipv4_is_private (ipv4-is-private-function)', () => {
  it("the page's examples", () => {
    expect(
      rows(`print ipv4_is_private('192.168.1.1/24') == true, ipv4_is_private('10.1.2.3/24') == true,
      ipv4_is_private('202.1.2.3') == false, ipv4_is_private("127.0.0.1") == false`),
    ).toEqual([[true, true, true, true]]);
    const r = rows(`datatable(ip_string:string)['10.1.2.3', '192.168.1.1/24', '127.0.0.1']
      | extend result = ipv4_is_private(ip_string)`);
    expect(r.map(x => x[1])).toEqual([true, true, false]);
  });

  it('range edges; text that is no address is null; the corpus pattern not(ipv4_is_private(ip))', () => {
    expect(
      rows("print ipv4_is_private('172.16.0.0'), ipv4_is_private('172.31.255.255'), ipv4_is_private('172.32.0.0')"),
    ).toEqual([[true, true, false]]);
    expect(value("ipv4_is_private('')")).toBeNull();
    expect(value("ipv4_is_private('::1')")).toBeNull();
    expect(value("ipv4_is_private('10.0.0.256')")).toBeNull();
    expect(value("not(ipv4_is_private('8.8.8.8'))")).toBe(true);
    expect(value("not(ipv4_is_private('x'))")).toBeNull();
  });

  it('refuses what the page does not describe: leading zeros, padding, a block holding a private range', () => {
    expect(problem("print ipv4_is_private('010.0.0.1')").kind).toBe('unsupported');
    expect(problem("print ipv4_is_private(' 10.0.0.1')").kind).toBe('unsupported');
    expect(problem("print ipv4_is_private('8.0.0.0/4')").kind).toBe('unsupported');
    expect(value("ipv4_is_private('64.0.0.0/4')")).toBe(false);
  });
});

describe('ipv4_is_in_range (ipv4-is-in-range-function)', () => {
  it("the page's example", () => {
    const r =
      rows(`datatable(ip_address:string, ip_range:string)['192.168.1.1', '192.168.1.1', '192.168.1.1', '192.168.1.255/24']
      | extend result = ipv4_is_in_range(ip_address, ip_range)`);
    expect(r.map(x => x[2])).toEqual([true, true]);
    expect(value("ipv4_is_in_range('10.1.1.1', '10.0.0.0/16')")).toBe(false);
    expect(value("ipv4_is_in_range('10.1.1.1', 'nope')")).toBeNull();
  });
});

describe('ipv4_is_in_any_range (ipv4-is-in-any-range-function)', () => {
  it("the page's examples", () => {
    expect(
      rows("print Result=ipv4_is_in_any_range('192.168.1.6', '192.168.1.1/24', '10.0.0.1/8', '127.1.0.1/16')"),
    ).toEqual([[true]]);
    expect(rows('print Result=ipv4_is_in_any_range("127.0.0.1", dynamic(["127.0.0.1", "192.168.1.1"]))')).toEqual([
      [true],
    ]);
    const r = rows(`let LocalNetworks=dynamic(["192.168.1.1/16", "127.0.0.1/8", "10.0.0.1/8"]);
      let IPs=datatable(IP:string) ["10.1.2.3", "192.168.1.5", "123.1.11.21", "1.1.1.1"];
      IPs | extend IsLocal=ipv4_is_in_any_range(IP, LocalNetworks)`);
    expect(r).toEqual([
      ['10.1.2.3', true],
      ['192.168.1.5', true],
      ['123.1.11.21', false],
      ['1.1.1.1', false],
    ]);
  });

  it('an invalid address is null; an invalid range is refused', () => {
    expect(value("ipv4_is_in_any_range('x', '10.0.0.0/8')")).toBeNull();
    expect(problem("print ipv4_is_in_any_range('10.0.0.1', '10.0.0.0/33')").kind).toBe('unsupported');
  });
});

describe('ipv4_compare (ipv4-compare-function)', () => {
  it("the page's examples", () => {
    const r = rows(`datatable(ip1_string:string, ip2_string:string)
      ['192.168.1.0', '192.168.1.0', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24',
       '192.168.1.1/30', '192.168.1.255/24']
      | extend result = ipv4_compare(ip1_string, ip2_string)`);
    expect(r.map(x => x[2])).toEqual([0, 0, 0, 0]);
    const p = rows(`datatable(ip1_string:string, ip2_string:string, prefix:long)
      ['192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24]
      | extend result = ipv4_compare(ip1_string, ip2_string, prefix)`);
    expect(p.map(x => x[3])).toEqual([0, 0, 0]);
  });

  it('ordering, nulls', () => {
    expect(
      rows(
        "print ipv4_compare('10.0.0.2', '10.0.0.1'), ipv4_compare('9.0.0.0', '10.0.0.0'), ipv4_compare('255.0.0.0', '1.0.0.0')",
      ),
    ).toEqual([[1, -1, 1]]);
    expect(value("ipv4_compare('x', '10.0.0.1')")).toBeNull();
  });
});

describe('ipv4_is_match (ipv4-is-match-function)', () => {
  it("the page's examples", () => {
    expect(rows("print ipv4_is_match('192.168.1.1/24', '192.168.1.255')")).toEqual([[true]]);
    const r = rows(`datatable(ip1_string:string, ip2_string:string)
      ['192.168.1.0', '192.168.1.0', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24',
       '192.168.1.1/30', '192.168.1.255/24']
      | extend result = ipv4_is_match(ip1_string, ip2_string)`);
    expect(r.map(x => x[2])).toEqual([true, true, true, true]);
    const p = rows(`datatable(ip1_string:string, ip2_string:string, prefix:long)
      ['192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24]
      | extend result = ipv4_is_match(ip1_string, ip2_string, prefix)`);
    expect(p.map(x => x[3])).toEqual([true, true, true]);
  });

  it('the corpus patterns', () => {
    expect(value('ipv4_is_match("192.168.0.0", "192.168.44.1", 16)')).toBe(true);
    expect(value('ipv4_is_match("172.16.0.0", "172.32.0.1", 12)')).toBe(false);
    expect(value('ipv4_is_match("127.0.0.1", "127.0.0.1")')).toBe(true);
    expect(value('ipv4_is_match("127.0.0.1", "")')).toBeNull();
  });
});

describe('parse_ipv4 / parse_ipv4_mask (their pages)', () => {
  it("the pages' examples", () => {
    const r = rows(`datatable(ip_string: string)['192.168.1.1', '192.168.1.1/24', '255.255.255.255/31']
      | extend ip_long = parse_ipv4(ip_string)`);
    expect(r.map(x => x[1])).toEqual([3232235777, 3232235776, 4294967294]);
    expect(value('parse_ipv4_mask("127.0.0.1", 24)')).toBe(2130706432);
    expect(value('parse_ipv4("nope")')).toBeNull();
  });
});

describe('format_ipv4 / format_ipv4_mask (format-ipv4-function, format-ipv4-mask-function)', () => {
  it("the pages' example", () => {
    const r = rows(`datatable(address:string, mask:long)
      ['192.168.1.1', 24, '192.168.1.1', 32, '192.168.1.1/24', 32, '192.168.1.1/24', long(-1)]
      | extend result = format_ipv4(address, mask), result_mask = format_ipv4_mask(address, mask)`);
    expect(r.map(x => [x[2], x[3]])).toEqual([
      ['192.168.1.0', '192.168.1.0/24'],
      ['192.168.1.1', '192.168.1.1/32'],
      ['192.168.1.0', '192.168.1.0/24'],
      ['', ''],
    ]);
  });

  it('a number in big-endian order; no prefix', () => {
    expect(value('format_ipv4(3232235777)')).toBe('192.168.1.1');
    expect(value("format_ipv4_mask('10.1.2.3', 32)")).toBe('10.1.2.3/32');
    expect(value('format_ipv4(-1)')).toBe('');
  });
});

describe('ipv4_netmask_suffix (ipv4-netmask-suffix-function)', () => {
  it("the page's example", () => {
    const r = rows(`datatable(ip_string:string)['10.1.2.3', '192.168.1.1/24', '127.0.0.1/16']
      | extend cidr_suffix = ipv4_netmask_suffix(ip_string)`);
    expect(r.map(x => x[1])).toEqual([32, 24, 16]);
    expect(value("ipv4_netmask_suffix('x')")).toBeNull();
  });
});

describe('has_ipv4 (has-ipv4-function)', () => {
  it("the page's examples", () => {
    expect(rows("print result=has_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1')")).toEqual([[true]]);
    expect(rows("print result=has_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256')")).toEqual([
      [false],
    ]);
    expect(rows("print result=has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1')")).toEqual([[false]]);
  });

  it('delimiters: punctuation delimits, letters do not; runs that are not one address are refused', () => {
    const t = "'These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201.'";
    expect(
      rows(`print has_ipv4(${t}, '10.1.1.115'), has_ipv4(${t}, '10.1.1.201'), has_ipv4(${t}, '10.1.1.11')`),
    ).toEqual([[true, true, false]]);
    expect(value("has_ipv4('host10.0.0.1', '10.0.0.1')")).toBe(false);
    expect(value("has_ipv4('v 10.0.19041.1', '10.0.0.1')")).toBe(false);
    expect(problem("print has_ipv4('at 1.2.3.4.5 now', '1.2.3.4')").kind).toBe('unsupported');
    expect(problem("print has_ipv4('at 127.000.0.1 now', '127.0.0.1')").kind).toBe('unsupported');
    expect(value("has_ipv4('', '127.0.0.1')")).toBe(false);
  });
});

describe('has_any_ipv4 (has-any-ipv4-function)', () => {
  it("the page's examples", () => {
    expect(value("has_any_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '127.0.0.2')")).toBe(true);
    expect(
      value(`has_any_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', dynamic(["127.0.0.256", "192.168.1.1"]))`),
    ).toBe(false);
    expect(value("has_any_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '192.168.1.1')")).toBe(false);
  });

  it('the corpus pattern has_any_ipv4(EventData, toscalar(list))', () => {
    const r = rows(`let IPList = print l = dynamic(["10.0.0.5", "10.0.0.6"]);
      datatable(EventData:string)["<Data>10.0.0.6</Data>", "<Data>10.0.0.7</Data>"]
      | extend hit = has_any_ipv4(EventData, toscalar(IPList))`);
    expect(r.map(x => x[1])).toEqual([true, false]);
  });
});

describe('has_ipv4_prefix / has_any_ipv4_prefix (their pages)', () => {
  it("the pages' examples", () => {
    const s = "'05:04:54 127.0.0.1 GET /favicon.ico 404'";
    expect(value(`has_ipv4_prefix(${s}, '127.0.')`)).toBe(true);
    expect(value(`has_ipv4_prefix(${s}, '127.0')`)).toBe(false);
    expect(value("has_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.')")).toBe(false);
    expect(value("has_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.')")).toBe(false);
    expect(value(`has_any_ipv4_prefix(${s}, dynamic(["10.", "127."]))`)).toBe(true);
    expect(value(`has_any_ipv4_prefix(${s}, '10.', '192.168.')`)).toBe(false);
  });
});

const V6_PAIRS = `'192.168.1.1', '192.168.1.1', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24',
  '192.168.1.1/30', '192.168.1.255/24',
  'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998',
  'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7998/120', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998/120',
  '192.168.1.1', '::ffff:c0a8:0101', '192.168.1.1/24', '::ffff:c0a8:01ff', '::ffff:c0a8:0101', '192.168.1.255/24',
  '::192.168.1.1/30', '192.168.1.255/24'`;
const V6_PREFIXED = `'192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24,
  'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127, 'fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7998', 120,
  'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998', 127, '192.168.1.1/24', '::ffff:c0a8:01ff', 127,
  '::ffff:c0a8:0101', '192.168.1.255', 120, '::192.168.1.1/30', '192.168.1.255/24', 127`;

describe('ipv6_compare (ipv6-compare-function)', () => {
  it("the page's examples", () => {
    const r = rows(`datatable(ip1_string:string, ip2_string:string)[${V6_PAIRS}]
      | extend result = ipv6_compare(ip1_string, ip2_string)`);
    expect(r.map(x => x[2])).toEqual(Array(12).fill(0));
    const p = rows(`datatable(ip1_string:string, ip2_string:string, prefix:long)[${V6_PREFIXED}]
      | extend result = ipv6_compare(ip1_string, ip2_string, prefix)`);
    expect(p.map(x => x[3])).toEqual(Array(9).fill(0));
  });

  it('ordering, text forms, nulls; an IPv4 prefix argument read two ways is refused', () => {
    expect(
      rows(
        "print ipv6_compare('::2', '::1'), ipv6_compare('fe80::1', 'FE80:0:0:0:0:0:0:2'), ipv6_compare('1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8')",
      ),
    ).toEqual([[1, -1, 0]]);
    expect(value("ipv6_compare('::ffff:1.2.3.4', '1.2.3.4')")).toBe(0);
    expect(value("ipv6_compare('fe80:::1', '::1')")).toBeNull();
    expect(value("ipv6_compare('1:2:3:4:5:6:7:8:9', '::1')")).toBeNull();
    expect(problem("print ipv6_compare('fe80::1%eth0', '::1')").kind).toBe('unsupported');
    // 24 IPv6 bits make both equal, 24 IPv4 bits do not.
    expect(problem("print ipv6_compare('10.0.0.1', '192.168.0.1', 24)").kind).toBe('unsupported');
  });
});

describe('ipv6_is_match (ipv6-is-match-function)', () => {
  it("the page's examples", () => {
    const r = rows(`datatable(ip1_string:string, ip2_string:string)[${V6_PAIRS}]
      | extend result = ipv6_is_match(ip1_string, ip2_string)`);
    expect(r.map(x => x[2])).toEqual(Array(12).fill(true));
    const p = rows(`datatable(ip1_string:string, ip2_string:string, prefix:long)[${V6_PREFIXED}]
      | extend result = ipv6_is_match(ip1_string, ip2_string, prefix)`);
    expect(p.map(x => x[3])).toEqual(Array(9).fill(true));
    expect(value("ipv6_is_match('fe80::1', 'fe80::2')")).toBe(false);
    expect(value("ipv6_is_match('nope', 'fe80::2')")).toBeNull();
  });
});
