// `--format markdown`: a findings table for a GitHub job summary (or any Markdown viewer).
import type { Formatter } from '../formatter.js';
import { capRows, plural, table } from '../markdown.js';

/** Enough rows to be useful; the table also stops at its byte budget when messages quote long values. */
export const MAX_ROWS = 1000;

export const markdown: Formatter = (diagnostics, ctx) => {
  const { errors, warnings, files } = ctx.summary;
  const head = '### rulectl validate\n\n';
  if (diagnostics.length === 0) return `${head}✅ ${plural(files, 'file')} checked, no problems\n`;
  const icon = errors > 0 ? '❌' : '⚠️';
  const tally = `${icon} ${plural(errors, 'error')} and ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
  const { shown, omitted } = capRows(diagnostics, MAX_ROWS);
  const rows = shown.map(d => [
    d.severity,
    `${d.file}:${d.line}:${d.column}`,
    d.check,
    d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
  ]);
  const { text, omitted: tooBig } = table(['Severity', 'Location', 'Check', 'Message'], rows);
  const left = omitted + tooBig;
  const more = left > 0 ? `\n… and ${plural(left, 'more finding')} (run \`rulectl validate\` to see all)\n` : '';
  return `${head}${tally}\n\n${text}${more}`;
};
