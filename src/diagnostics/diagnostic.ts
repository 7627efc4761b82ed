// The one finding shape that every stage produces and every formatter consumes.

export type Severity = 'error' | 'warning';

/** A path into a rule document: mapping keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

/**
 * A finding. Lines and columns are 1-based; columns count UTF-16 code units (JS string indexes),
 * so they match what editors and GitHub annotations show for the (BOM-stripped) text. The end is exclusive
 * (SARIF's convention): `id: abc` has its value at 1:5-1:8, and an empty range marks a point.
 */
export interface Diagnostic {
  /** Stable check id, e.g. `unknown-tactic`; `yaml-syntax`, `schema`, `kql-syntax` for built-in stages. */
  check: string;
  severity: Severity;
  /** One line, no trailing period: what is wrong, quoting the user's value. */
  message: string;
  /** Path as given on the command line or relative to cwd, with `/` separators. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** One sentence on how to fix it, when there is something better to say than the message. */
  hint?: string;
  /**
   * The text that replaces the finding's range (line:column to endLine:endColumn, quotes kept as written) to correct
   * it, when the check knows the one safe correction (`validate --fix`, SARIF `fixes`).
   */
  fix?: string;
  /** Where in the rule document the finding points, when it concerns a node. */
  path?: DocPath;
}

export const severityRank: Record<Severity, number> = { error: 2, warning: 1 };
