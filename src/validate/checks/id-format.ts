// The id must be a GUID: it is the rule's resource name in the workspace and later a file name, so nothing else is safe.
import { describe, quote } from '../../diagnostics/quote.js';
import { defineCheck } from '../check.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const idFormat = defineCheck({
  id: 'id-format',
  severity: 'error',
  summary: 'id must be a GUID such as 7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e (any case)',
  run(ctx) {
    const value: unknown = ctx.rule.id;
    if (value === undefined || (typeof value === 'string' && GUID.test(value))) return;
    if (typeof value !== 'string') {
      ctx.report({ path: ['id'], message: `id must be a GUID string, not ${describe(value)}` });
    } else if (/^\{.*\}$|^\(.*\)$/.test(value) && GUID.test(value.slice(1, -1))) {
      ctx.report({
        path: ['id'],
        message: `id ${quote(value)} is wrapped in brackets; did you mean ${quote(value.slice(1, -1))}?`,
      });
    } else if (/[/\\]|\.\./.test(value)) {
      ctx.report({
        path: ['id'],
        message: `id ${quote(value)} looks like a path; an id must be a GUID (it becomes a resource and file name)`,
      });
    } else {
      ctx.report({
        path: ['id'],
        message: `id ${quote(value)} is not a GUID`,
        hint: 'generate one, e.g. with `node -e "console.log(crypto.randomUUID())"`',
      });
    }
  },
});
