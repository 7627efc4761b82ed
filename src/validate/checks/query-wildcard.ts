// `search *` and `union *` scan every table; the service rejects rule queries that contain them.
import { defineCheck } from '../check.js';

/** The query with comments and string literals blanked out (offsets kept), so only real operators match. */
export function codeOnly(query: string): string {
  let out = '';
  let i = 0;
  while (i < query.length) {
    const rest = query.slice(i, i + 3);
    let end = -1;
    if (rest.startsWith('//')) {
      end = query.indexOf('\n', i);
      end = end < 0 ? query.length : end;
    } else if (rest === '```' || rest === '~~~') {
      const close = query.indexOf(rest, i + 3);
      end = close < 0 ? query.length : close + 3;
    } else if (rest[0] === '@' && (rest[1] === "'" || rest[1] === '"')) {
      const close = query.indexOf(rest[1], i + 2);
      end = close < 0 ? query.length : close + 1;
    } else if (rest[0] === "'" || rest[0] === '"') {
      let j = i + 1;
      while (j < query.length && query[j] !== rest[0] && query[j] !== '\n') j += query[j] === '\\' ? 2 : 1;
      end = Math.min(j + 1, query.length);
    }
    if (end < 0) {
      out += query[i];
      i++;
    } else {
      out += query.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    }
  }
  return out;
}

/** `search`/`union`, optional `name=value` parameters, then a bare `*`. */
const STAR_SCAN = /\b(search|union)((?:\s+\w+\s*=\s*[\w.]+)*)\s+\*(?![\w*])/g;

export const queryWildcard = defineCheck({
  id: 'query-wildcard',
  severity: 'error',
  summary: 'The query must not contain `search *` or `union *`',
  run(ctx) {
    const query: unknown = ctx.rule.query;
    if (typeof query !== 'string') return;
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
