// A formatter is a pure function of the sorted diagnostics and a context; one module each in ./formatters.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Summary } from '../diagnostics/order.js';
import type { SuppressedDiagnostic } from '../validate/tuning.js';

export interface CheckInfo {
  id: string;
  summary: string;
  severity: 'error' | 'warning';
  /** False when rulectl.yaml turns the check off. */
  enabled?: boolean;
}

export interface FormatterContext {
  cwd: string;
  color: boolean;
  version: string;
  summary: Summary;
  /** Every check rulectl knows (for SARIF rule metadata). */
  checks: readonly CheckInfo[];
  /** The text of a reported file (BOM stripped), for formatters that quote source lines; stylish with code frames. */
  source?: (file: string) => string | undefined;
  /** Findings suppressed by comments in the rule files: listed by SARIF, counted by the others. */
  suppressed?: readonly SuppressedDiagnostic[];
}

export type Formatter = (diagnostics: readonly Diagnostic[], ctx: FormatterContext) => string;
