// Test harness for semantic checks: validate YAML text in memory with one check and render findings compactly.
import { CORE_SCHEMA, load } from 'js-yaml';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { RuleFile } from '../../src/rules/load.js';
import { DocumentPositions } from '../../src/rules/positions.js';
import type { Check, ValidateOptions } from '../../src/validate/check.js';
import { validateRules } from '../../src/validate/validate.js';

/** A loaded rule file built from text, the way the loader would build it. */
export function ruleFile(text: string, file = 'rule.yaml'): RuleFile {
  return {
    file,
    absPath: `/virtual/${file}`,
    text,
    data: load(text, { schema: CORE_SCHEMA }) as Record<string, unknown>,
    positions: new DocumentPositions(text),
  };
}

/** The check's own diagnostics for `text` (schema findings and other checks are left out). */
export function runCheck(check: Check, text: string, options: ValidateOptions = {}): Diagnostic[] {
  return validateRules([ruleFile(text)], options, [check]).filter(d => d.check === check.id);
}

/** `line:col severity message` per finding, the shape the tables assert. */
export function render(check: Check, text: string, options: ValidateOptions = {}): string[] {
  return runCheck(check, text, options).map(d => `${d.line}:${d.column} ${d.severity} ${d.message}`);
}

/** Joins YAML lines so test tables read like the file they stand for. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
