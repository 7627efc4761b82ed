// `--format stylish` (default): grouped by file, `line:col  severity  message  check`, then a count.
import { styleText } from 'node:util';
import type { Formatter } from '../formatter.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const stylish: Formatter = (diagnostics, ctx) => {
  const paint = (style: Parameters<typeof styleText>[0], text: string) => (ctx.color ? styleText(style, text) : text);
  const lines: string[] = [];
  let current: string | undefined;
  const width = Math.max(0, ...diagnostics.map(d => `${d.line}:${d.column}`.length));
  for (const d of diagnostics) {
    if (d.file !== current) {
      if (current !== undefined) lines.push('');
      lines.push(paint('underline', d.file));
      current = d.file;
    }
    const sev = d.severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
    lines.push(`  ${`${d.line}:${d.column}`.padEnd(width)}  ${sev}  ${d.message}  ${paint('dim', d.check)}`);
    if (d.hint) lines.push(`  ${' '.repeat(width)}  ${paint('dim', `hint: ${d.hint}`)}`);
  }
  const { errors, warnings, files } = ctx.summary;
  if (diagnostics.length) lines.push('');
  const total = errors + warnings;
  const tally = `${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(files, 'file')}`;
  lines.push(
    total === 0
      ? paint('green', `✓ ${plural(files, 'file')} checked, no problems`)
      : paint(errors ? 'red' : 'yellow', `✖ ${tally}`),
  );
  return lines.join('\n') + '\n';
};
