// version must be a quoted N.N.N string: unquoted `1.0` is read by YAML as the number 1.
import { describe, quote } from '../../diagnostics/quote.js';
import { defineCheck } from '../check.js';

const VERSION = /^\d+\.\d+\.\d+$/;
const MAX_LENGTH = 20;

export const versionFormat = defineCheck({
  id: 'version-format',
  severity: 'error',
  summary: 'version must be a quoted string N.N.N (at most 20 characters), e.g. "1.0.0"',
  run(ctx) {
    const value: unknown = ctx.rule.version;
    if (value === undefined) return;
    if (typeof value === 'number') {
      const source = ctx.file.positions.sourceOf(['version']) ?? String(value);
      ctx.report({
        path: ['version'],
        message: `version ${source} is read as the number ${value}; quote it as a string N.N.N, e.g. "${padVersion(source)}"`,
      });
    } else if (typeof value !== 'string') {
      ctx.report({ path: ['version'], message: `version must be a string N.N.N, not ${describe(value)}` });
    } else if (!VERSION.test(value)) {
      const padded = padVersion(value);
      ctx.report({
        path: ['version'],
        message: `version ${quote(value)} is not N.N.N${VERSION.test(padded) ? `; did you mean "${padded}"?` : ''}`,
      });
    } else if (value.length > MAX_LENGTH) {
      ctx.report({ path: ['version'], message: `version ${quote(value)} is longer than ${MAX_LENGTH} characters` });
    }
  },
});

/** `1` -> `1.0.0`, `1.2` -> `1.2.0`; anything else unchanged. */
function padVersion(text: string): string {
  const parts = text.trim().split('.');
  if (parts.length > 3 || !parts.every(p => /^\d+$/.test(p))) return text;
  return [...parts, '0', '0'].slice(0, 3).join('.');
}
