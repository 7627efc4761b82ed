// `--format github`: GitHub Actions workflow commands, so each finding becomes an annotation on its line.
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Formatter } from '../formatter.js';
import { plural } from '../markdown.js';

/**
 * The runner splits a command at its first `::` and its properties at `,` and `=`, and reads one command
 * per line; actions/toolkit's escapeData/escapeProperty percent-encode exactly these characters, and the
 * runner decodes them again. `%` goes first so the encodings themselves survive.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error …::message` line; the hint, when there is one, is the annotation's second line. */
export function workflowCommand(d: Diagnostic): string {
  const props = [
    `file=${escapeProperty(d.file)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    `endLine=${d.endLine}`,
    `endColumn=${d.endColumn}`,
    `title=${escapeProperty(d.check)}`,
  ].join(',');
  const message = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(message)}`;
}

/** GitHub turns at most this many commands of each kind into annotations per step (and 50 per job). */
export const ANNOTATIONS_PER_STEP = 10;

export const github: Formatter = (diagnostics, ctx) => {
  const lines = diagnostics.map(d => workflowCommand(d) + '\n');
  const { errors, warnings } = ctx.summary;
  // The rest are dropped without a word; say so where the annotations are read.
  if (errors > ANNOTATIONS_PER_STEP || warnings > ANNOTATIONS_PER_STEP) {
    const limit = `GitHub shows at most ${ANNOTATIONS_PER_STEP} of each as annotations per step (50 per job)`;
    const note = `${plural(errors, 'error')} and ${plural(warnings, 'warning')}; ${limit}; this step's log lists them all`;
    lines.push(`::notice title=rulectl::${escapeData(note)}\n`);
  }
  return lines.join('');
};
