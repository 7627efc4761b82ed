// validate = schema + checks (+ KQL) over loaded rule files, producing sorted diagnostics.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/order.js';
import type { RuleFile } from '../rules/load.js';
import type { AnalyticRule } from '../rules/model.js';
import type { Check, Finding, ValidateOptions } from './check.js';
import { CHECKS } from './checks/index.js';
import { analyzeQueries } from '../kql/analyze-queries.js';
import type { KqlAnalysis } from '../kql/engine.js';
import { querySourceMap } from '../kql/query-source-map.js';
import type { Position } from '../diagnostics/line-index.js';
import { schemaFindings } from './schema/schema-check.js';

/** Where a finding points: its range inside the query when it has one, else its path's key or value. */
function rangeOf(file: RuleFile, f: Finding): { start: Position; end: Position } {
  const query = file.data?.query;
  if (!f.queryRange || typeof query !== 'string') return file.positions.rangeOf(f.path, f.anchor ?? 'value');
  const at = querySourceMap(file, query);
  return { start: at(f.queryRange.start), end: at(f.queryRange.start + f.queryRange.length) };
}

/**
 * A finding's fix as text for its range: the scalar as written there (plain, or in the same quotes), or undefined
 * when that is not a one-line plain or quoted scalar holding only what is replaced (a block scalar, a flow mapping).
 */
function fixText(file: RuleFile, range: { start: Position; end: Position }, fix: string): string | undefined {
  if (range.start.line !== range.end.line || !/^[\w .:+-]+$/.test(fix)) return undefined;
  const lines = file.positions.lines;
  const at = lines.lineStart(range.start.line);
  const source = file.positions.text.slice(at + range.start.column - 1, at + range.end.column - 1);
  const quote = source[0];
  if (quote === '"' || quote === "'")
    return source.endsWith(quote) && source.length > 1 ? `${quote}${fix}${quote}` : undefined;
  return /^[\w.+-][\w .:+-]*$/.test(source) && !/[:#]|\s$/.test(fix) ? fix : undefined;
}

export function toDiagnostic(file: RuleFile, check: Pick<Check, 'id' | 'severity'>, f: Finding): Diagnostic {
  const range = rangeOf(file, f);
  const fix = f.fix === undefined || f.queryRange ? undefined : fixText(file, range, f.fix);
  return {
    check: check.id,
    severity: f.severity ?? check.severity,
    message: f.message,
    file: file.file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    ...(f.hint ? { hint: f.hint } : {}),
    ...(fix !== undefined ? { fix } : {}),
    path: f.path,
  };
}

const SCHEMA_CHECK = { id: 'schema', severity: 'error' } as const;
const INTERNAL_CHECK = { id: 'internal-error', severity: 'error' } as const;

/** Runs the schema and every registered check over the files that loaded; returns sorted diagnostics. */
export function validateRules(
  files: readonly RuleFile[],
  options: ValidateOptions = {},
  checks: readonly Check[] = CHECKS,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const loaded = files.filter((f): f is RuleFile & { data: Record<string, unknown> } => f.data !== undefined);
  const schemaFailed = new Set<RuleFile>();
  for (const file of loaded) {
    const findings = schemaFindings(file.data);
    if (findings.length) schemaFailed.add(file);
    for (const f of findings) out.push(toDiagnostic(file, SCHEMA_CHECK, f));
  }
  // The KQL stage first: checks about the query (query-lookback) read its analysis.
  const analyses = new Map<RuleFile, KqlAnalysis>();
  if (options.kql) out.push(...analyzeQueries(loaded, options.kql, analyses));
  for (const check of checks) {
    if (check.run) {
      for (const file of loaded) {
        const query = analyses.get(file);
        try {
          check.run({
            rule: file.data as AnalyticRule,
            file,
            options,
            ...(query ? { query } : {}),
            report: f => out.push(toDiagnostic(file, check, f)),
          });
        } catch (e) {
          // A check may trip over data the schema already rejected; anything else is our bug, said plainly.
          if (!schemaFailed.has(file))
            out.push(
              toDiagnostic(file, INTERNAL_CHECK, {
                path: [],
                message: `check ${check.id} failed: ${(e as Error).message}; please report this`,
              }),
            );
        }
      }
    }
    if (check.runAll) {
      check.runAll({
        rules: loaded.map(file => ({ rule: file.data as AnalyticRule, file })),
        options,
        report: (file, f) => out.push(toDiagnostic(file, check, f)),
      });
    }
  }
  return sortDiagnostics(out);
}
