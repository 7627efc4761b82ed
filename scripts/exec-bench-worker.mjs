// One measurement of the exec_vs_js benchmark, in its own process so its peak memory is its own:
// a typical rule (where on two columns, extend, summarize count(), dcount() by three columns) over generated
// SecurityEvent rows, run by rulectl's engine and by a hand-written JavaScript loop over the same rows.
import { runQuery } from '../dist/kql/exec/run.js';
import { loadSchemas } from '../dist/kql/schemas.js';
import { root } from './bench-lib.mjs';

const N = Number(process.argv[2] ?? 1_000_000);
const HOUR = 36_000_000_000n;
const now = 17_053_200_000_000_000n; // 2024-01-15T12:00:00Z in ticks
const schemas = loadSchemas(root);
const columns = [
  ['TimeGenerated', 'datetime'],
  ['Computer', 'string'],
  ['EventID', 'int'],
  ['Account', 'string'],
  ['AccountType', 'string'],
  ['IpAddress', 'string'],
  ['Activity', 'string'],
].map(([name, type]) => ({ name, type }));
let seed = 42;
const rand = n => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const ids = [4624, 4625, 4625, 4688, 4672];
const rows = new Array(N);
for (let i = 0; i < N; i++) {
  rows[i] = [
    now - BigInt(rand(86_400)) * 10_000_000n,
    `host${rand(50)}`,
    ids[rand(5)],
    `CONTOSO\\User${rand(500)}`,
    rand(10) < 8 ? 'User' : 'Machine',
    `10.0.${rand(20)}.${rand(250)}`,
    'An account failed to log on.',
  ];
}
const table = { columns, rows };
const query = `SecurityEvent
| where EventID == 4625 and AccountType == "User"
| extend Acct = tolower(Account)
| summarize Attempts = count(), IPs = dcount(IpAddress) by Computer, Acct, bin(TimeGenerated, 1h)`;

function jsLoop() {
  const groups = new Map();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r[2] !== 4625 || r[4] !== 'User') continue;
    const acct = r[3].toLowerCase();
    const t = r[0];
    const bin = (t / HOUR) * HOUR;
    const key = `${r[1]}\u0001${acct}\u0001${bin}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { computer: r[1], acct, bin, n: 0, ips: new Set() }));
    g.n++;
    g.ips.add(r[5]);
  }
  return [...groups.values()].map(g => [g.computer, g.acct, g.bin, g.n, g.ips.size]);
}

function engine() {
  const r = runQuery({ query, now, tables: new Map([['SecurityEvent', table]]), schemas });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.table.rows;
}

engine(); // load Kusto.Language and bind once, outside the timing
const times = { js: [], engine: [] };
let check;
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const a = jsLoop();
  times.js.push(performance.now() - t);
  t = performance.now();
  const b = engine();
  times.engine.push(performance.now() - t);
  check = {
    js: a.length,
    engine: b.length,
    jsSum: a.reduce((s, r) => s + r[3], 0),
    engineSum: b.reduce((s, r) => s + r[3], 0),
  };
}
if (check.js !== check.engine || check.jsSum !== check.engineSum)
  throw new Error(`results differ: ${JSON.stringify(check)}`);
const med = xs => [...xs].sort((x, y) => x - y)[1];
process.stdout.write(
  JSON.stringify({
    jsMs: med(times.js),
    engineMs: med(times.engine),
    groups: check.js,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
