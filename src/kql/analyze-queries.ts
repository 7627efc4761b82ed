// The KQL stage of validate: analyse each rule's query (cached), map findings into the YAML file, and check the
// rule's column references against the query's output.
import { MAX_QUERY_LENGTH } from '../api/enums.js';
import type { Diagnostic, DocPath, Severity } from '../diagnostics/diagnostic.js';
import type { RuleFile } from '../rules/load.js';
import { KqlCache, cacheKey } from './cache.js';
import { columnReferences, missingColumns } from './column-references.js';
import { KqlEngine, unquoteName, type KqlAnalysis, type KqlIssue } from './engine.js';
import { kustoLoaded } from './kusto.js';
import { querySourceMap } from './query-source-map.js';
import { loadSchemas } from './schemas.js';

export interface KqlOptions {
  mode: 'full' | 'syntax' | 'off';
  /** Where relative paths are resolved and shown from. */
  cwd: string;
  /** The repository the rules are in, whose `schemas/` is read (default: cwd). */
  root?: string;
  /** Schema folders read after the shipped ones and `<root>/schemas` (tables/ + functions/, or CustomTables/ + CustomFunctions/). */
  schemaDirs?: readonly string[];
  /** Cache root; undefined turns caching off. */
  cacheDir?: string;
  /** Called after each query, for a progress line. */
  progress?: (done: number, total: number) => void;
  /** Filled with figures about the run (benchmarks, tests). */
  stats?: KqlStats;
  /** Called once with the figures when the stage ends. */
  done?: (stats: KqlStats) => void;
}

export interface KqlStats {
  queries: number;
  analysed: number;
  cacheHits: number;
  /** Milliseconds inside Kusto.Language. */
  kustoMs: number;
  kustoLoaded: boolean;
}

/** Keeps one engine per schema fingerprint for the life of the process: each query is analysed once. */
const engines = new Map<string, KqlEngine>();
const memo = new Map<string, KqlAnalysis>();

function diagnostic(
  file: RuleFile,
  check: string,
  severity: Severity,
  message: string,
  path: DocPath,
  hint?: string,
): Diagnostic {
  const range = file.positions.rangeOf(path);
  return {
    check,
    severity,
    message,
    file: file.file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    ...(hint ? { hint } : {}),
    path,
  };
}

/** Why the query's columns cannot be known here: the tables and workspaces without a schema, else an open result. */
function unverifiable(query: string, analysis: KqlAnalysis): string {
  const unknown = analysis.issues
    .filter(i => i.kind === 'unknown-table')
    .map(i => `${i.code === 'KS208' ? 'workspace' : 'table'} ${unquoteName(query.substr(i.start, i.length))}`);
  const names = [...new Set(unknown)];
  const why = names.length
    ? `${names.join(' and ')} ${names.length > 1 ? 'have' : 'has'} no known schema`
    : 'the result schema is open, e.g. after bag_unpack or pivot';
  return `${why}, so this cannot be verified`;
}

/** The first token at or after `offset`: a word, a quoted string or one other character. */
const NEXT_TOKEN = /\s*(\w+|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|\S)/y;

/**
 * Where a finding is shown. Kusto reports a missing element as an empty range at the blank before the next token
 * (`and and`): that token is what to fix, so the range covers it. At the end of the query the range stays empty.
 */
function shownRange(query: string, issue: KqlIssue): { start: number; end: number } {
  if (issue.kind !== 'syntax' || issue.length > 0) return { start: issue.start, end: issue.start + issue.length };
  NEXT_TOKEN.lastIndex = issue.start;
  const m = NEXT_TOKEN.exec(query);
  if (!m?.[1]) return { start: issue.start, end: issue.start };
  const start = NEXT_TOKEN.lastIndex - m[1].length;
  return { start, end: NEXT_TOKEN.lastIndex };
}

function issueDiagnostic(
  file: RuleFile,
  query: string,
  issue: KqlIssue,
  uncertain: boolean,
  at: (o: number) => { line: number; column: number },
  why: () => string,
): Diagnostic {
  const shown = shownRange(query, issue);
  const start = at(shown.start);
  const end = at(shown.end);
  const name = unquoteName(query.substr(issue.start, issue.length));
  let check = 'kql-semantic';
  let severity: Severity = issue.severity;
  let message = `${issue.message} (${issue.code})`;
  let hint = issue.hint;
  if (issue.kind === 'syntax') check = 'kql-syntax';
  else if (issue.kind === 'unknown-table') {
    check = 'kql-unknown-table';
    severity = 'warning';
    if (issue.code === 'KS208') {
      message = `workspace "${name}" is not known, so its tables cannot be checked (${issue.code})`;
    } else {
      message = `table "${name}" has no known schema, so its columns cannot be checked${hint ? `; ${hint}` : ''} (${issue.code})`;
      hint = `add schemas/tables/${name}.json ({"Name": "${name}", "Properties": [{"Name": …, "Type": …}]}) or run "rulectl schemas pull --workspace NAME"`;
    }
  } else if (issue.code === 'KS211' && !hint) {
    hint = `if "${name}" is a workspace function or parser, describe it in schemas/functions/${name}.json`;
  } else if (issue.untyped !== undefined) {
    message += `; "${issue.untyped}" may be a column: ${why()}`;
  } else if (uncertain && issue.code === 'KS142') severity = 'warning';
  return {
    check,
    severity,
    message,
    file: file.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    ...(hint ? { hint } : {}),
    path: ['query'],
  };
}

/** Diagnostics for one rule from its (possibly cached) analysis. */
export function queryDiagnostics(file: RuleFile, query: string, analysis: KqlAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  const uncertain = analysis.unknownTables.length > 0;
  const why = () => unverifiable(query, analysis);
  if (analysis.issues.length) {
    const at = querySourceMap(file, query);
    for (const issue of analysis.issues) out.push(issueDiagnostic(file, query, issue, uncertain, at, why));
  }
  const output = analysis.output;
  const hasErrors = analysis.issues.some(i => i.severity === 'error' && i.kind !== 'unknown-table');
  if (output && file.data && !hasErrors) {
    const columns = output.columns.map(c => c.name);
    const loose = output.open || uncertain;
    for (const p of missingColumns(columnReferences(file.data), columns)) {
      const message = loose ? `${p.message} (${why()})` : p.message;
      out.push(diagnostic(file, 'kql-column-reference', loose ? 'warning' : 'error', message, p.ref.path, p.hint));
    }
  }
  return out;
}

/**
 * Analyses the query of every loaded rule; returns KQL diagnostics (including schema-file problems) and, in
 * `analyses`, each rule's analysis for the checks that read it.
 */
export function analyzeQueries(
  files: readonly RuleFile[],
  options: KqlOptions,
  analyses?: Map<RuleFile, KqlAnalysis>,
): Diagnostic[] {
  if (options.mode === 'off') return [];
  const mode = options.mode;
  const schemas = loadSchemas(options.cwd, options.schemaDirs ?? [], options.root);
  const cache = new KqlCache(options.cacheDir);
  const out: Diagnostic[] = [...schemas.problems];
  const withQuery = files.filter(f => typeof f.data?.query === 'string');
  let engine = engines.get(schemas.fingerprint);
  const stats: KqlStats = { queries: withQuery.length, analysed: 0, cacheHits: 0, kustoMs: 0, kustoLoaded: false };
  withQuery.forEach((file, i) => {
    const query = file.data?.query as string;
    // field-length already refuses it, and analysis time grows with nesting: minutes for a hostile 80 KB query.
    if (query.length > MAX_QUERY_LENGTH) {
      options.progress?.(i + 1, withQuery.length);
      return;
    }
    const key = cacheKey(query, mode, schemas.fingerprint);
    let analysis = memo.get(key) ?? cache.get(key);
    if (analysis) stats.cacheHits++;
    else {
      if (!engine) engines.set(schemas.fingerprint, (engine = new KqlEngine(schemas.tables, schemas.functions)));
      const before = engine.kustoMs;
      try {
        analysis = engine.analyze(query, mode);
      } catch (e) {
        // One query the library cannot handle must not cost the other rules their analysis.
        const message = `KQL analysis failed: ${(e as Error).message}; please report this`;
        out.push(diagnostic(file, 'internal-error', 'error', message, ['query']));
        options.progress?.(i + 1, withQuery.length);
        return;
      } finally {
        stats.kustoMs += engine.kustoMs - before;
      }
      stats.analysed++;
      cache.set(key, analysis);
    }
    memo.set(key, analysis);
    analyses?.set(file, analysis);
    out.push(...queryDiagnostics(file, query, analysis));
    options.progress?.(i + 1, withQuery.length);
  });
  cache.flush();
  stats.kustoLoaded = kustoLoaded();
  if (options.stats) Object.assign(options.stats, stats);
  options.done?.(stats);
  return out;
}
