// `rulectl test --init RULE`: a first test file, generated from the rule's query. One row per table the query
// reads, its TimeGenerated inside the window, and its columns set so that the query's comparisons with literals
// hold where the bound tree says so (`col == "x"`, `=~`, `has`, `contains`, `startswith`, `endswith`, `in`,
// `has_any`, `EventID == 4663`). The case records what the engine then returns, marked for a person to review:
// a generated expectation describes the rule as it is, not as it should be.
import { existsSync, readFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { KqlEngine } from '../kql/engine.js';
import { convertValue } from '../kql/exec/data.js';
import { scalarType } from '../kql/exec/values.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { displayPath, type RuleFile } from '../rules/load.js';
import { parseRuleText } from '../rules/parse-rule.js';
import { runCase } from './run.js';
import { mappedColumns } from './schedule.js';
import { schemasFor } from './suite.js';
import { readTestFile, TIME_COLUMN } from './test-file.js';

const NOW = '2024-01-15T12:00:00Z';
const EVENT_TIME = '2024-01-15T11:55:00Z';

type Rows = Record<string, Record<string, unknown>>;
interface DraftCase {
  name: string;
  now: string;
  data: Record<string, Record<string, unknown>[]>;
  expect: { alerts: number; emptyEntityColumns?: string[] };
}

/** One binder per set of schemas: scaffolding a corpus binds every query against the same tables. */
const engines = new WeakMap<object, KqlEngine>();

const S = () => Kusto.Language.Syntax;

/** A literal's value (string, number, bool), or undefined for anything else. */
function literal(node: Kusto.Language.Syntax.SyntaxNode | null | undefined): unknown {
  if (!(node instanceof S().LiteralExpression)) return undefined;
  const v = node.LiteralValue as unknown;
  // A long literal comes back as the bridge's Int64.
  if (v && typeof v === 'object' && 'toNumber' in v) return (v as { toNumber(): number }).toNumber();
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

function elements(
  list: Kusto.Language.Syntax.SyntaxList$1<
    Kusto.Language.Syntax.SeparatedElement$1<Kusto.Language.Syntax.Expression>
  > | null,
): Kusto.Language.Syntax.Expression[] {
  const out: Kusto.Language.Syntax.Expression[] = [];
  for (let i = 0; i < (list?.Count ?? 0); i++) {
    const e = list!.getItem$1(i).Element$1;
    if (e) out.push(e);
  }
  return out;
}

/** The literal values an expression stands for: a literal, a list, `dynamic([...])`, or a `let` name bound to one. */
function literals(node: Kusto.Language.Syntax.SyntaxNode | null | undefined, depth = 0): unknown[] {
  if (!node || depth > 4) return [];
  const one = literal(node);
  if (one !== undefined) return [one];
  const Syn = S();
  if (node instanceof Syn.ParenthesizedExpression || node instanceof Syn.DynamicExpression)
    return literals(node.Expression, depth + 1);
  if (node instanceof Syn.ExpressionList) return elements(node.Expressions).flatMap(e => literals(e, depth + 1));
  if (node instanceof Syn.JsonArrayExpression) return elements(node.Values).flatMap(e => literals(e, depth + 1));
  if (node instanceof Syn.NameReference) {
    const sym = node.ReferencedSymbol;
    if (sym instanceof Kusto.Language.Symbols.VariableSymbol) return literals(sym.Source, depth + 1);
  }
  return [];
}

/** Whether a comparison sits under `not(...)`: filling its column would make the clause false. */
function negated(node: Kusto.Language.Syntax.SyntaxNode): boolean {
  for (let n = node.Parent; n; n = n.Parent)
    if (n instanceof S().FunctionCallExpression && n.Name?.SimpleName?.toLowerCase() === 'not') return true;
  return false;
}

/**
 * A text that the regex matches, when the regex is a literal prefix and then anything (`^powershell.*-enc`
 * gives `powershell`, checked against the regex): undefined for anything less simple.
 */
export function regexExample(pattern: string): string | undefined {
  const ci = pattern.startsWith('(?i)');
  const body = ci ? pattern.slice(4) : pattern;
  let prefix = '';
  let i = body.startsWith('^') ? 1 : 0;
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && /[^A-Za-z0-9]/.test(body[i + 1] ?? 'a')) prefix += body[++i];
    else if (/[\\.^$|?*+()[\]{}]/.test(c)) break;
    else prefix += c;
  }
  // A quantifier applies to the last character: `abc?` does not require the c.
  if (/^[?*{]/.test(body.slice(i))) prefix = prefix.slice(0, -1);
  if (!prefix) return undefined;
  try {
    return new RegExp(body, ci ? 'i' : '').test(prefix) ? prefix : undefined;
  } catch {
    return undefined;
  }
}

/** What the clauses on one string column ask of it. */
interface Wanted {
  exact?: unknown;
  prefix?: string;
  suffix?: string;
  terms: string[];
  regexes: { pattern: string; example: string }[];
}

/** A value meeting every wish that can be met together: an exact value wins, else prefix, terms, suffix. */
function compose(w: Wanted): unknown {
  if (w.exact !== undefined) return w.exact;
  const text = (first?: string) => [first ?? w.prefix, ...w.terms, w.suffix].filter(Boolean).join(' ');
  let value = text();
  if (w.regexes.length && !w.regexes.every(r => regexMatches(r.pattern, value))) {
    value = text(w.regexes[0]!.example);
    if (!w.regexes.every(r => regexMatches(r.pattern, value))) value = w.regexes[0]!.example;
  }
  return value || undefined;
}

function regexMatches(pattern: string, value: string): boolean {
  const ci = pattern.startsWith('(?i)');
  try {
    return new RegExp(ci ? pattern.slice(4) : pattern, ci ? 'i' : '').test(value);
  } catch {
    return false;
  }
}

const EXACT_OPS = new Set(['==', '=~', 'in', 'in~']);
const TERM_OPS = new Set(['has', 'has_cs', 'contains', 'contains_cs', 'hasprefix', 'hassuffix', 'has_all', 'has_any']);

/**
 * Rows (one per table, or parser function without a body, that the query reads) that satisfy its comparisons with
 * literals where they can be derived: `==`, `=~`, `in`, `in~` (the first value), `has`, `contains`, `has_all`,
 * `has_any` (the first value), `startswith`, `endswith`, `matches regex` (a literal prefix), `between` (the lower
 * bound). Lists may be `let` names bound to `dynamic([...])`. Clauses under `not(...)` and negated operators are
 * left alone.
 */
export function scaffoldRows(
  query: string,
  schemas: ReturnType<typeof schemasFor>,
  mapped: readonly string[] = [],
): Rows {
  let engine = engines.get(schemas);
  if (!engine) engines.set(schemas, (engine = new KqlEngine(schemas.tables, schemas.functions)));
  const code = engine.bind(query);
  const rows: Rows = {};
  const tableColumns = new Map<string, Map<string, string>>();
  const bodiless = new Set(schemas.functions.filter(f => !f.body && f.columns).map(f => f.name.toLowerCase()));
  code.Syntax?.WalkElements(e => {
    if (!(e instanceof S().NameReference)) return;
    const sym = e.ReferencedSymbol;
    const name = sym?.Name ?? '';
    const readsRows =
      sym instanceof Kusto.Language.Symbols.TableSymbol ||
      (sym instanceof Kusto.Language.Symbols.FunctionSymbol && bodiless.has(name.toLowerCase()));
    const cols = readsRows ? schemas.schemaOf(name) : undefined;
    if (!cols || rows[name]) return;
    rows[name] = cols.some(c => c.name === TIME_COLUMN) ? { [TIME_COLUMN]: EVENT_TIME } : {};
    tableColumns.set(name, new Map(cols.map(c => [c.name, c.type])));
  });
  const wanted = new Map<string, Map<string, Wanted>>(); // table → column → wishes
  const want = (column: string, add: (w: Wanted) => void) => {
    for (const [table, cols] of tableColumns) {
      if (column === TIME_COLUMN || !cols.has(column)) continue;
      if (!wanted.has(table)) wanted.set(table, new Map());
      const byColumn = wanted.get(table)!;
      if (!byColumn.has(column)) byColumn.set(column, { terms: [], regexes: [] });
      add(byColumn.get(column)!);
    }
  };
  code.Syntax?.WalkElements(e => {
    const Syn = S();
    if (!(e instanceof Syn.Expression) || negated(e)) return;
    const node = e as Kusto.Language.Syntax.Expression & {
      Left?: Kusto.Language.Syntax.Expression | null;
      Right?: Kusto.Language.Syntax.SyntaxNode | null;
      Operator?: Kusto.Language.Syntax.SyntaxToken | null;
    };
    const isComparison =
      e instanceof Syn.BinaryExpression ||
      e instanceof Syn.InExpression ||
      e instanceof Syn.HasAnyExpression ||
      e instanceof Syn.HasAllExpression ||
      e instanceof Syn.BetweenExpression;
    if (!isComparison) return;
    const col = node.Left instanceof Syn.NameReference ? node.Left.SimpleName : undefined;
    if (!col) return;
    const op0 =
      (e instanceof Syn.HasAnyExpression ? 'has_any' : e instanceof Syn.HasAllExpression ? 'has_all' : '') ||
      (node.Operator?.Text ?? '').toLowerCase();
    const op = op0.replace(/\s+/g, ' ');
    if (op.startsWith('!')) return;
    if (e instanceof Syn.BetweenExpression) {
      const low = literal(e.Right?.First);
      if (typeof low === 'number') want(col, w => (w.exact ??= low));
      return;
    }
    if (e instanceof Syn.BinaryExpression && /^matches/.test(op)) {
      const pattern = literal(e.Right);
      const example = typeof pattern === 'string' ? regexExample(pattern) : undefined;
      if (example !== undefined) want(col, w => w.regexes.push({ pattern: pattern as string, example }));
      return;
    }
    const values = literals(node.Right);
    if (!values.length) return;
    if (EXACT_OPS.has(op)) want(col, w => (w.exact ??= values[0]));
    else if (TERM_OPS.has(op)) {
      const terms = (op === 'has_all' ? values : values.slice(0, 1)).filter(v => typeof v === 'string');
      want(col, w => w.terms.push(...terms.filter(t => !w.terms.includes(t))));
    } else if (op === 'startswith' || op === 'startswith_cs') want(col, w => (w.prefix ??= String(values[0])));
    else if (op === 'endswith' || op === 'endswith_cs') want(col, w => (w.suffix ??= String(values[0])));
  });
  for (const [table, byColumn] of wanted)
    for (const [column, w] of byColumn) {
      const type = scalarType(tableColumns.get(table)!.get(column));
      const value = compose(w);
      if (type && value !== undefined && convertValue(value, type).ok) rows[table]![column] = value;
    }
  // Mapped entity columns get a value, so the generated alert has its entities (an empty one is a failure).
  for (const column of mapped)
    for (const [table, cols] of tableColumns)
      if (cols.has(column) && column !== TIME_COLUMN && rows[table]![column] === undefined) {
        const type = scalarType(cols.get(column));
        if (type && convertValue(`example-${column}`, type).ok) rows[table]![column] = `example-${column}`;
      }
  return rows;
}

/** The draft of a first test case for a rule, run once to record what the engine returns. */
export function scaffoldCase(
  rule: RuleFile,
  schemas: ReturnType<typeof schemasFor>,
): { draft: { cases: DraftCase[] }; alerts: number; tables: string[] } | { error: string } {
  const query = rule.data?.query;
  if (typeof query !== 'string') return { error: `${rule.file}: the rule has no query` };
  const data = scaffoldRows(query, schemas, mappedColumns(rule.data ?? {}));
  if (!Object.keys(data).length) return { error: `${rule.file}: the query reads no table with a known schema` };
  const draft = {
    cases: [
      {
        name: 'generated from the query: review',
        now: NOW,
        data: Object.fromEntries(Object.entries(data).map(([t, r]) => [t, [r]])),
        expect: { alerts: 0 },
      },
    ],
  };
  const target = rule.absPath.replace(/\.ya?ml$/i, '.tests.yaml');
  const text = dump(draft, { lineWidth: 120, noRefs: true });
  const parsed = readTestFile(target, target, Buffer.from(text), schemas.schemaOf);
  const tc = parsed.test.cases[0];
  if (parsed.diagnostics.length || !tc)
    return { error: `cannot scaffold ${rule.file}: ${parsed.diagnostics[0]?.message ?? 'no case'}` };
  const result = runCase(rule, parsed.test, tc, schemas);
  if (!result.outcome)
    return { error: `cannot scaffold ${rule.file}: ${result.failures[0]?.message ?? 'the query did not run'}` };
  const alerts = result.outcome.alerts.length;
  // A mapped column the query computes from columns the draft left empty is empty too: recorded, for review.
  const empty = [...new Set(result.outcome.mappingProblems.flatMap(p => (p.row === undefined ? [] : [p.column])))];
  draft.cases[0]!.expect = { alerts, ...(alerts && empty.length ? { emptyEntityColumns: empty.sort() } : {}) };
  return { draft, alerts, tables: Object.keys(data) };
}

export function initTests(
  ruleAbs: string,
  cwd: string,
  dirs: readonly string[],
): { file: string; summary: string; fires: boolean } | { error: string } {
  const shown = displayPath(ruleAbs, cwd);
  if (!existsSync(ruleAbs)) return { error: `no such rule file: ${shown}` };
  const target = ruleAbs.replace(/\.ya?ml$/i, '.tests.yaml');
  const targetShown = displayPath(target, cwd);
  if (target === ruleAbs) return { error: `${shown} is not a .yaml rule file` };
  if (existsSync(target)) return { error: `${targetShown} exists; --init does not overwrite it` };
  const { rule, diagnostics } = parseRuleText(shown, ruleAbs, readFileSync(ruleAbs));
  if (diagnostics.length || typeof rule.data?.query !== 'string')
    return { error: `${shown}: cannot read the rule's query${diagnostics[0] ? `: ${diagnostics[0].message}` : ''}` };
  const made = scaffoldCase(rule, schemasFor(cwd, dirs));
  if ('error' in made) return made;
  const { draft, alerts } = made;
  const header = [
    `# generated: review. rulectl test --init ${shown} wrote this from the query (the run's clock: ${NOW});`,
    `# the expectation (alerts: ${alerts}) is what the rule does now, not necessarily what it should do. Add a case`,
    '# where the rule stays quiet, and rows that look like the attack.',
    '',
  ].join('\n');
  writeFileAtomicSync(target, header + dump(draft, { lineWidth: 120, noRefs: true }));
  return {
    file: targetShown,
    fires: alerts > 0,
    summary: `${made.tables.join(', ')}; the generated case ${alerts > 0 ? `fires (${alerts} alert(s))` : 'does not fire'}; review it`,
  };
}
