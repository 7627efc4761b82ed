// A file's change as `diff -u` prints it (--- / +++ headers, @@ hunks), for `validate --fix-dry-run`.
import { lineDiff } from '../deploy/diff.js';
import { printable } from './terminal-text.js';

export function unifiedDiff(file: string, before: string, after: string): string {
  const shown = printable(file);
  const hunks = lineDiff(before.replace(/\n$/, ''), after.replace(/\n$/, ''), 3);
  return `--- a/${shown}\n+++ b/${shown}\n${hunks.map(l => `${l}\n`).join('')}`;
}
