// One Kusto GlobalState per run (tables, functions, workspace()/app()/resource()) and the analysis of one query.
import { closest } from '../validate/suggest.js';
import { kusto, toArray } from './kusto.js';
import { lookbacks, type Lookback } from './lookbacks.js';
import type { ColumnDef, FunctionDef, ParameterDef, TableDef } from './schema-types.js';

type K = typeof Kusto.Language;
type ReadOnlyList<T> = System.Collections.Generic.IReadOnlyList$1<T>;

export type KqlMode = 'full' | 'syntax';

/** A finding of the analyzer, in query offsets (0-based, UTF-16). */
export interface KqlIssue {
  /** KS code, or `command` for a control command. */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  start: number;
  length: number;
  kind: 'syntax' | 'semantic' | 'unknown-table';
  /** A "did you mean" for unknown names. */
  hint?: string;
  /**
   * A name in the expression the finding is about that the analyzer could not type: a column of an open or unknown
   * row scope, or a table name there that may just as well be a column of it. The finding is then only a doubt.
   */
  untyped?: string;
}

export interface KqlAnalysis {
  issues: KqlIssue[];
  /** The query's result columns; absent when it is not a table (syntax errors) or in syntax mode. */
  output?: { columns: { name: string; type: string }[]; open: boolean };
  /** Tables and databases the query names but the schemas do not know. */
  unknownTables: string[];
  /** Literal lookbacks (`ago(30d)`); none when the query does not parse. */
  lookbacks: Lookback[];
}

/** How many queries an engine keeps bound and analysed (see KqlEngine.recent). */
const RECENT_QUERIES = 50;

const UNKNOWN_TABLE_CODES = new Set(['KS204', 'KS205', 'KS208']);
const UNKNOWN_FUNCTION = 'KS211';
const UNKNOWN_NAME = 'KS142';
const PARSE_CALL = /\b(todynamic|parse_json|toobject)\s*\(?\s*$/;

const QUOTED_NAME = /^\[?\s*(@?)(['"])(.*)\2\s*\]?$/s;

/** A name as the query spells it (`['My_CL']`, `table("T")`'s `"T"`) without its quotes: what schemas call it. */
export function unquoteName(text: string): string {
  const m = QUOTED_NAME.exec(text);
  if (!m) return text;
  const body = m[3] ?? '';
  return m[1] ? body : body.replace(/\\(.)/gs, '$1');
}

/** Blanks and `//` comments before the first token. */
const LEADING_TRIVIA = /^(?:\s|\/\/[^\n]*)*/;

/** Whether the row scope a name sits in may hold columns nobody listed: its source is open, unknown or an error. */
function inOpenScope(K: K, name: Kusto.Language.Syntax.SyntaxNode): boolean {
  for (let n = name.Parent; n; n = n.Parent) {
    if (!(n instanceof K.Syntax.PipeExpression) || !n.Operator || name.TextStart < n.Operator.TextStart) continue;
    const input = n.Expression?.ResultType;
    return !(input instanceof K.Symbols.TableSymbol) || input.IsOpen;
  }
  return false;
}

/**
 * The name behind a doubtful type error. In an open row scope a column nobody listed has type unknown, which the
 * binder quietly drops (`X + 1h` becomes a timespan), and a column that shares a table's name (`Event`) binds to the
 * table: either way what it reports is a guess about a column it does not know.
 */
function untypedName(K: K, root: Kusto.Language.Syntax.SyntaxNode, start: number): string | undefined {
  let node: Kusto.Language.Syntax.SyntaxNode | null | undefined = root.GetTokenAt(start)?.Parent;
  while (node && !(node instanceof K.Syntax.Expression)) node = node.Parent;
  if (!node || node instanceof K.Syntax.PipeExpression) return undefined;
  for (const n of toArray(node.GetDescendantsOrSelf(K.Syntax.NameReference))) {
    const symbol = n.ReferencedSymbol;
    const unknownColumn = symbol instanceof K.Symbols.ColumnSymbol && n.ResultType === K.Symbols.ScalarTypes.Unknown;
    if (unknownColumn || (symbol instanceof K.Symbols.TableSymbol && inOpenScope(K, n))) return n.SimpleName ?? '';
  }
  return undefined;
}

/** Whether any statement of the query is an expression (the rest being let, set, declare …). */
function hasExpression(K: K, code: Kusto.Language.KustoCode): boolean {
  const block = code.Syntax;
  if (!(block instanceof K.Syntax.QueryBlock)) return true;
  const statements = block.Statements;
  for (let i = 0; i < (statements?.Count ?? 0); i++)
    if (statements?.getItem$1(i).Element$1 instanceof K.Syntax.ExpressionStatement) return true;
  return false;
}

const quoteName = (n: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? n : `['${n.replace(/'/g, "\\'")}']`);
const schemaString = (cols: readonly ColumnDef[]) => `(${cols.map(c => `${quoteName(c.name)}:${c.type}`).join(', ')})`;
const ZERO: Record<string, string> = {
  string: "''",
  int: 'int(null)',
  long: 'long(null)',
  real: 'real(null)',
  decimal: 'decimal(null)',
  bool: 'false',
  datetime: 'datetime(null)',
  timespan: 'time(null)',
  guid: 'guid(null)',
  dynamic: 'dynamic([])',
};

function parameterList(params: readonly ParameterDef[]): string {
  // Every parameter is optional, as in Microsoft's CI: rules call parsers with a few named arguments.
  const one = (p: ParameterDef) =>
    p.type.startsWith('(')
      ? `${quoteName(p.name)}:${p.type}`
      : `${quoteName(p.name)}:${p.type}=${p.default ?? ZERO[p.type] ?? "''"}`;
  return `(${params.map(one).join(', ')})`;
}

function functionBody(f: FunctionDef): string {
  if (f.body) return f.body;
  if (!f.columns) return '{ dynamic(null) }';
  // bag_unpack of an empty bag leaves the listed columns and marks the schema open, as the real parsers' results are.
  if (f.open)
    return `{ datatable${schemaString([...f.columns, { name: 'rulectl_open', type: 'dynamic' }])}[] | evaluate bag_unpack(rulectl_open) }`;
  return `{ datatable${schemaString(f.columns)}[] }`;
}

/**
 * Symbols of table and function definitions, shared by every engine built on the same definition objects: a run
 * of `rulectl test` or `query` rebinds the few tables its data shapes, not the ~800 schema tables around them.
 * Kusto.Language symbols are immutable, so one symbol can sit in several GlobalStates.
 */
const symbols = new WeakMap<TableDef | FunctionDef, Kusto.Language.Symbols.Symbol>();

export class KqlEngine {
  /** Milliseconds spent inside Kusto.Language (loading, building, analysing), for the overhead benchmark. */
  kustoMs = 0;
  private globals: Kusto.Language.GlobalState | undefined;
  private names: { tables: string[]; functions: string[] } | undefined;
  /**
   * Recent queries' bound trees and full analyses, the one cache of both: validate then run of one rule, a test's
   * cases over one rule, and the emulator's query API, which gets the same text at each schedule run of a survey.
   */
  private recent = new Map<string, { code: Kusto.Language.KustoCode; analysis?: KqlAnalysis }>();

  constructor(
    private readonly tables: readonly TableDef[],
    private readonly functions: readonly FunctionDef[],
  ) {}

  analyze(query: string, mode: KqlMode): KqlAnalysis {
    const known = mode === 'full' ? this.recent.get(query)?.analysis : undefined;
    if (known) return known;
    const t0 = performance.now();
    try {
      const analysis = this.run(query, mode);
      const entry = mode === 'full' ? this.recent.get(query) : undefined;
      if (entry) entry.analysis = analysis;
      return analysis;
    } finally {
      this.kustoMs += performance.now() - t0;
    }
  }

  /** The parsed and bound query, for the engine that runs it (src/kql/exec). */
  bind(query: string): Kusto.Language.KustoCode {
    const t0 = performance.now();
    try {
      return this.parseAndAnalyze(kusto(), query);
    } finally {
      this.kustoMs += performance.now() - t0;
    }
  }

  private run(query: string, mode: KqlMode): KqlAnalysis {
    const K = kusto();
    // Asked before parsing: the first parse of a command builds the command grammar, seconds of CPU.
    if (K.KustoCode.GetKind(query) !== 'Query') {
      const start = LEADING_TRIVIA.exec(query)?.[0].length ?? 0;
      const issue: KqlIssue = {
        code: 'command',
        severity: 'error',
        message: 'the query is a control command; an analytic rule runs a KQL query, not a command such as .show',
        start,
        length: query.slice(start).search(/\s|$/),
        kind: 'syntax',
      };
      return { issues: [issue], unknownTables: [], lookbacks: [] };
    }
    const code = mode === 'full' ? this.parseAndAnalyze(K, query) : K.KustoCode.Parse(query);
    if (!code) throw new Error('Kusto.Language returned no result');
    const issues: KqlIssue[] = [];
    const unknownTables = new Set<string>();
    const syntaxKeys = new Set(toArray(code.GetSyntaxDiagnostics()).map(d => `${d.Code}@${d.Start}`));
    for (const d of toArray(code.GetDiagnostics())) {
      if (d.Severity !== 'Error' && d.Severity !== 'Warning') continue;
      const text = query.substr(d.Start, d.Length);
      // The engine takes a dynamic value as is in todynamic()/parse_json(); the analyzer insists on a string.
      if (d.Code === 'KS107' && PARSE_CALL.test(query.slice(Math.max(0, d.Start - 40), d.Start))) continue;
      const message = (d.Message ?? '').replace(/\.$/, '');
      const issue: KqlIssue = {
        code: d.Code ?? 'KS000',
        severity: d.Severity === 'Error' ? 'error' : 'warning',
        message,
        start: d.Start,
        length: d.Length,
        kind: syntaxKeys.has(`${d.Code}@${d.Start}`) ? 'syntax' : 'semantic',
      };
      if (issue.kind === 'semantic' && UNKNOWN_TABLE_CODES.has(issue.code)) {
        issue.kind = 'unknown-table';
        unknownTables.add(unquoteName(text));
        const near = this.nearest(unquoteName(text), 'tables');
        if (near) issue.hint = `did you mean "${near}"?`;
      } else if (issue.code === UNKNOWN_NAME && query[d.Start - 1] === '.') {
        // A member of a value the analyzer could not type (column_ifexists() takes its default's type, iff() of
        // mixed types gives unknown): the engine resolves it at run time, so this is only a doubt.
        issue.severity = 'warning';
        issue.message = `${message}; the analyzer cannot tell the type of the value before the dot`;
      } else if (issue.code === UNKNOWN_FUNCTION) {
        const near = this.nearest(text, 'functions');
        if (near) issue.hint = `did you mean "${near}"?`;
      } else if (issue.kind === 'semantic' && code.Syntax) {
        const untyped = untypedName(K, code.Syntax, d.Start);
        if (untyped !== undefined) {
          issue.severity = 'warning';
          issue.untyped = untyped;
        }
      }
      issues.push(issue);
    }
    // After a syntax error the binder's findings are mostly echoes of it; the syntax errors alone say what to fix.
    const syntaxBroken = issues.some(i => i.kind === 'syntax' && i.severity === 'error');
    if (!syntaxBroken && !hasExpression(K, code)) {
      // Kusto accepts it, but there is no result for the rule to alert on, and nothing its mappings could name.
      issues.push({
        code: 'no-expression',
        severity: 'error',
        message: 'the query has no tabular expression to run, only comments or let statements',
        start: query.trimEnd().length,
        length: 0,
        kind: 'syntax',
      });
    }
    const result: KqlAnalysis = {
      issues: syntaxBroken ? issues.filter(i => i.kind === 'syntax') : issues,
      unknownTables: [...unknownTables].sort(),
      lookbacks: syntaxBroken || !code.Syntax ? [] : lookbacks(K, code.Syntax),
    };
    const rt = mode === 'full' ? code.ResultType : null;
    if (rt instanceof K.Symbols.TableSymbol) {
      result.output = {
        columns: toArray(rt.Columns).map(c => ({ name: c.Name ?? '', type: c.Type?.Name ?? 'unknown' })),
        open: rt.IsOpen,
      };
    }
    return result;
  }

  private parseAndAnalyze(K: K, query: string): Kusto.Language.KustoCode {
    const known = this.recent.get(query);
    if (known) return known.code;
    const code = K.KustoCode.ParseAndAnalyze(query, this.state(K));
    if (!code) throw new Error('Kusto.Language returned no result');
    if (this.recent.size >= RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(query, { code });
    return code;
  }

  private nearest(name: string, kind: 'tables' | 'functions'): string | undefined {
    return closest(name, this.names?.[kind] ?? []);
  }

  private state(K: K): Kusto.Language.GlobalState {
    if (this.globals) return this.globals;
    const S = K.Symbols;
    const members: Kusto.Language.Symbols.Symbol[] = [];
    const symbolOf = (def: TableDef | FunctionDef, make: () => Kusto.Language.Symbols.Symbol) => {
      let s = symbols.get(def);
      if (!s) symbols.set(def, (s = make()));
      return s;
    };
    for (const t of this.tables)
      members.push(
        symbolOf(t, () => {
          const cols = t.columns.map(
            c => new S.ColumnSymbol(c.name, S.ScalarTypes.GetSymbol(c.type), null, null, null, null),
          );
          const table = new S.TableSymbol.$ctor4(t.name, cols);
          return (t.open && table.WithIsOpen(true)) || table;
        }),
      );
    for (const f of this.functions)
      members.push(
        symbolOf(f, () => new S.FunctionSymbol.$ctor16(f.name, parameterList(f.parameters), functionBody(f), null)),
      );
    const db = new S.DatabaseSymbol.ctor('workspace', members);
    let g = K.GlobalState.Default?.WithDatabase(db);
    if (!g) throw new Error('Kusto.Language has no default GlobalState');
    // Cross-resource functions of Log Analytics: their argument names a database (another workspace or app).
    const dbFunction = (name: string) =>
      new S.FunctionSymbol.$ctor2(name, S.ReturnTypeKind.Parameter0Database, [
        new S.Parameter.$ctor2('name', S.ScalarTypes.String),
      ]);
    const builtIns = toArray(g.Functions);
    const all = [...builtIns, dbFunction('workspace'), dbFunction('app'), dbFunction('resource')];
    g = g.WithFunctions(all as unknown as ReadOnlyList<Kusto.Language.Symbols.FunctionSymbol>)?.WithCache();
    if (!g) throw new Error('Kusto.Language could not add functions');
    this.names = {
      tables: this.tables.map(t => t.name),
      functions: [
        ...builtIns.map(f => f.Name ?? ''),
        ...toArray(g.Aggregates).map(f => f.Name ?? ''),
        ...this.functions.map(f => f.name),
      ],
    };
    return (this.globals = g);
  }
}
