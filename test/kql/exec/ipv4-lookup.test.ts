// Conformance tests for evaluate ipv4_lookup(), from the examples of its Kusto documentation page.
import { describe, expect, test } from 'vitest';
import { problem, q } from './helpers.js';

const nets = `let IP_Data = datatable(network:string, continent_code:string, country_name:string)[
  "111.68.128.0/17", "AS", "Japan",
  "5.8.0.0/19", "EU", "Russia",
  "46.36.200.51/32", "OC", "Cook Islands",
  "2.20.183.0/24", "EU", "United Kingdom"
];
let IPs = datatable(ip:string, n:long)['2.20.183.12', 1, '5.8.1.2', 2, '192.165.12.17', 3, '', 4];`;

describe('evaluate ipv4_lookup (ipv4-lookup-plugin)', () => {
  test('rows whose address falls in a prefix get its columns; unmatched rows are dropped', () => {
    expect(q(`${nets} IPs | evaluate ipv4_lookup(IP_Data, ip, network)`)).toEqual({
      columns: ['ip:string', 'n:long', 'network:string', 'continent_code:string', 'country_name:string'],
      rows: [
        ['2.20.183.12', 1, '2.20.183.0/24', 'EU', 'United Kingdom'],
        ['5.8.1.2', 2, '5.8.0.0/19', 'EU', 'Russia'],
      ],
    });
  });

  test('return_unmatched = true keeps the other rows, with empty lookup columns', () => {
    expect(q(`${nets} IPs | evaluate ipv4_lookup(IP_Data, ip, network, return_unmatched = true)`).rows).toEqual([
      ['2.20.183.12', 1, '2.20.183.0/24', 'EU', 'United Kingdom'],
      ['5.8.1.2', 2, '5.8.0.0/19', 'EU', 'Russia'],
      ['192.165.12.17', 3, '', '', ''],
      ['', 4, '', '', ''],
    ]);
  });

  test('an extra key must be equal too, and its lookup column is not repeated', () => {
    const data = `let L = datatable(net:string, tenant:long, label:string)["10.0.0.0/8", 1, "a", "10.0.0.0/8", 2, "b"];
      datatable(ip:string, tenant:long)["10.1.2.3", 2, "10.1.2.4", 3]`;
    expect(q(`${data} | evaluate ipv4_lookup(L, ip, net, tenant)`)).toEqual({
      columns: ['ip:string', 'tenant:long', 'net:string', 'label:string'],
      rows: [['10.1.2.3', 2, '10.0.0.0/8', 'b']],
    });
  });

  test('the corpus shape: the lookup table from a let, over no rows', () => {
    expect(
      q(`let ranges = datatable(p:string)["20.0.0.0/8"] | summarize by tostring(p);
        datatable(IPAddress:string, T:long)[] | evaluate ipv4_lookup(ranges, IPAddress, p)`).rows,
    ).toEqual([]);
  });

  test('refusals: several matching lookup rows, an address with a prefix, text that is no address', () => {
    const L = `let L = datatable(net:string)["10.0.0.0/8", "10.1.0.0/16"];`;
    expect(problem(`${L} print ip = "10.1.2.3" | evaluate ipv4_lookup(L, ip, net)`).message).toContain(
      'falls in several lookup rows',
    );
    expect(problem(`${L} print ip = "10.1.2.3/24" | evaluate ipv4_lookup(L, ip, net)`).message).toContain(
      'with a prefix',
    );
    expect(problem(`${L} print ip = "ten" | evaluate ipv4_lookup(L, ip, net)`).message).toContain('no IPv4 address');
    expect(problem(`${L} print ip = "10.01.2.3" | evaluate ipv4_lookup(L, ip, net)`).message).toContain(
      'leading zeros',
    );
  });
});
