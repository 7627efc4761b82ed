// `search *` and `union *` scan every table; the service rejects rule queries that contain them.
import { defineCheck } from '../check.js';

/** Starts of comments and string literals: `//`, ``` / ~~~ blocks, verbatim @'…' @"…", and '…' "…". */
const LITERAL_START = /\/\/|```|~~~|@['"]|['"]/g;

/** Where the literal starting at `start` (matched as `open`) ends, exclusive. */
function literalEnd(query: string, start: number, open: string): number {
  const found = (close: string, from: number) => {
    const at = query.indexOf(close, from);
    return at < 0 ? query.length : at + close.length;
  };
  if (open === '//') {
    const newline = query.indexOf('\n', start);
    return newline < 0 ? query.length : newline;
  }
  if (open === '```' || open === '~~~') return found(open, start + 3);
  if (open.startsWith('@')) return found(open.charAt(1), start + 2);
  let i = start + 1;
  while (i < query.length && query[i] !== open && query[i] !== '\n') i += query[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, query.length);
}

/** The query with comments and string literals blanked out (offsets kept), so only real operators match. */
export function codeOnly(query: string): string {
  const parts: string[] = [];
  let done = 0;
  LITERAL_START.lastIndex = 0;
  for (let m = LITERAL_START.exec(query); m; m = LITERAL_START.exec(query)) {
    const end = literalEnd(query, m.index, m[0]);
    const literal = query.slice(m.index, end);
    parts.push(
      query.slice(done, m.index),
      literal.includes('\n') ? literal.replace(/[^\n]/g, ' ') : ' '.repeat(literal.length),
    );
    done = end;
    LITERAL_START.lastIndex = end;
  }
  parts.push(query.slice(done));
  return parts.join('');
}

const MAX_SCANNED = 100_000;

/** `search`/`union`, optional `name=value` parameters, then a bare `*`. */
const STAR_SCAN = /\b(search|union)((?:\s+\w+\s*=\s*[\w.]+)*)\s+\*(?![\w*])/g;

export const queryWildcard = defineCheck({
  id: 'query-wildcard',
  severity: 'error',
  summary: 'The query must not contain `search *` or `union *`',
  run(ctx) {
    const query: unknown = ctx.rule.query;
    // Blanking literals only removes text, so a query with no `*` at all cannot match; most have none.
    // A query over ten times the service's 10,000-character limit is already a field-length error; scanning a
    // hostile megabyte of quotes would only cost time.
    if (typeof query !== 'string' || !query.includes('*') || query.length > MAX_SCANNED) return;
    for (const m of codeOnly(query).matchAll(STAR_SCAN)) {
      const line = query.slice(0, m.index).split('\n').length;
      ctx.report({
        path: ['query'],
        message: `query line ${line} uses "${m[1]} *", which scans every table; the service rejects it`,
        hint: `name the tables: ${m[1]} TableA, TableB`,
      });
    }
  },
});
