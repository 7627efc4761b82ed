// `--format json`: one object with every diagnostic and the summary, stable field order.
import type { Formatter } from '../formatter.js';

export const json: Formatter = (diagnostics, ctx) =>
  JSON.stringify(
    {
      diagnostics: diagnostics.map(d => ({
        file: d.file,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        severity: d.severity,
        check: d.check,
        message: d.message,
        ...(d.hint ? { hint: d.hint } : {}),
      })),
      summary: ctx.summary,
    },
    null,
    2,
  ) + '\n';
