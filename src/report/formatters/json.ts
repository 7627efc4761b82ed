// `--format json`: one object with every diagnostic and the summary, stable field order.
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Formatter } from '../formatter.js';

const entry = (d: Diagnostic) => ({
  file: d.file,
  line: d.line,
  column: d.column,
  endLine: d.endLine,
  endColumn: d.endColumn,
  severity: d.severity,
  check: d.check,
  message: d.message,
  ...(d.hint ? { hint: d.hint } : {}),
});

export const json: Formatter = (diagnostics, ctx) =>
  JSON.stringify(
    {
      diagnostics: diagnostics.map(entry),
      // Only when a comment suppressed something, so reports of repositories without suppressions keep their shape.
      ...(ctx.suppressed?.length
        ? { suppressed: ctx.suppressed.map(s => ({ ...entry(s.diagnostic), justification: s.justification })) }
        : {}),
      summary: ctx.summary,
    },
    null,
    2,
  ) + '\n';
