// `--format stylish` (default): grouped by file, `line:col  severity  message  check`, then a count.
// With `ctx.source` (--code-frame) each finding also shows its source line with `^~~~` under the range.
import { styleText } from 'node:util';
import { LineIndex } from '../../diagnostics/line-index.js';
import { codeFrame } from '../code-frame.js';
import { printable } from '../terminal-text.js';
import type { Formatter } from '../formatter.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const stylish: Formatter = (diagnostics, ctx) => {
  // validateStream off: ctx.color is the decision (--color into a pipe), not Node's look at process.stdout.
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    ctx.color ? styleText(style, text, { validateStream: false }) : text;
  const lines: string[] = [];
  let current: string | undefined;
  let frame: ((d: (typeof diagnostics)[number]) => string[]) | undefined;
  const width = diagnostics.reduce((w, d) => Math.max(w, `${d.line}:${d.column}`.length), 0);
  const indent = `  ${' '.repeat(width)}  `;
  for (const d of diagnostics) {
    if (d.file !== current) {
      if (current !== undefined) lines.push('');
      lines.push(paint('underline', printable(d.file)));
      current = d.file;
      const text = ctx.source?.(d.file);
      const index = text === undefined ? undefined : new LineIndex(text);
      frame = text === undefined ? undefined : f => codeFrame(text, f, indent, index);
    }
    const sev = d.severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
    lines.push(`  ${`${d.line}:${d.column}`.padEnd(width)}  ${sev}  ${printable(d.message)}  ${paint('dim', d.check)}`);
    if (d.hint) lines.push(`${indent}${paint('dim', `hint: ${printable(d.hint)}`)}`);
    const [source, marker] = frame?.(d) ?? [];
    if (source !== undefined && marker !== undefined) lines.push(source, paint('red', marker));
  }
  const { errors, warnings, files, suppressed } = ctx.summary;
  if (diagnostics.length) lines.push('');
  const total = errors + warnings;
  const tally = `${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(files, 'file')}`;
  const hidden = suppressed ? `; ${suppressed} suppressed by comments` : '';
  lines.push(
    total === 0
      ? paint('green', `✓ ${plural(files, 'file')} checked, no problems${hidden}`)
      : paint(errors ? 'red' : 'yellow', `✖ ${tally}${hidden}`),
  );
  return lines.join('\n') + '\n';
};
