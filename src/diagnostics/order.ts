// Deterministic output: dedupe, sort and count diagnostics before any formatter sees them.
import type { Diagnostic } from './diagnostic.js';

function compare(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.check < b.check ? -1 : a.check > b.check ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.check}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  return unique.sort(compare);
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  /** Findings suppressed by comments in the rule files (validate), when there are any. */
  suppressed?: number;
}

export function summarize(diagnostics: readonly Diagnostic[], files: number): Summary {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { files, errors, warnings };
}
