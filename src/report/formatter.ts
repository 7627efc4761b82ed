// A formatter is a pure function of the sorted diagnostics and a context; one module each in ./formatters.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Summary } from '../diagnostics/order.js';

export interface CheckInfo {
  id: string;
  summary: string;
  severity: 'error' | 'warning';
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
}

export type Formatter = (diagnostics: readonly Diagnostic[], ctx: FormatterContext) => string;
