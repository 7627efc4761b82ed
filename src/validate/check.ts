// How a check is declared and what it receives. One check per file in ./checks, registered in ./checks/index.ts.
import type { DocPath, Severity } from '../diagnostics/diagnostic.js';
import type { Anchor } from '../rules/positions.js';
import type { RuleFile } from '../rules/load.js';
import type { KqlOptions } from '../kql/analyze-queries.js';
import type { KqlAnalysis } from '../kql/engine.js';
import type { AnalyticRule } from '../rules/model.js';

export interface Finding {
  path: DocPath;
  message: string;
  hint?: string;
  /** Overrides the check's default severity for this one finding. */
  severity?: Severity;
  /** Point at the key rather than the value (unknown keys, wrong key spelling). Default: value. */
  anchor?: Anchor;
  /**
   * The safe, deterministic correction, when there is exactly one: the new text of the scalar the finding points at
   * (the key with anchor 'key', else the value). Only checks declared `fixable` give one; `validate --fix` applies it.
   */
  fix?: string;
  /** A range inside the query (offsets in the `query` value, as KQL analyses give them): the finding points there. */
  queryRange?: { start: number; length: number };
}

export interface ValidateOptions {
  /** api-version the user pinned (`--api-version` or rulectl.yaml); checks that depend on a version use it. */
  apiVersion?: string;
  /** The KQL stage (src/kql); absent or mode 'off' skips it. */
  kql?: KqlOptions;
}

export interface CheckContext {
  /** The rule's data; types are not guaranteed (see rules/model.ts). */
  rule: AnalyticRule;
  file: RuleFile;
  options: ValidateOptions;
  /** The KQL stage's analysis of the rule's query; absent with `--kql off` or without a string query. */
  query?: KqlAnalysis;
  // A property, not a method, so checks may destructure it.
  report: (finding: Finding) => void;
}

export interface RuleSetContext {
  rules: readonly { rule: AnalyticRule; file: RuleFile }[];
  options: ValidateOptions;
  report: (file: RuleFile, finding: Finding) => void;
}

export interface Check {
  /** Stable, kebab-case, equal to the file name. */
  id: string;
  severity: Severity;
  /** One line; feeds `rulectl checks`, SARIF and docs/checks.md. */
  summary: string;
  /** Whether some of its findings carry a fix (`validate --fix`); docs/checks/<id>.md says so. */
  fixable?: boolean;
  /** Per-rule check. */
  run?(ctx: CheckContext): void;
  /** Cross-file check (duplicate ids), given every loaded rule at once. */
  runAll?(ctx: RuleSetContext): void;
}

export function defineCheck(check: Check): Check {
  return check;
}
