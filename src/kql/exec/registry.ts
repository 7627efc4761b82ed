// Where scalar functions, aggregates and tabular operators are looked up by name. Each lives in a module of its own
// that registers itself (see ./functions, ./aggregates, ./operators); nothing else knows their names.
import type { Env, Eval, RunContext, Scope } from './context.js';
import type { Table } from './table.js';
import type { Row, ScalarType, Value } from './values.js';

type Syntax = typeof Kusto.Language.Syntax;
export type SyntaxNode = Kusto.Language.Syntax.SyntaxNode;
export type Expression = Kusto.Language.Syntax.Expression;

/** A compiled scalar expression with its type (from the binder) and, for literals, its constant value. */
export interface Compiled {
  eval: Eval;
  type: ScalarType;
  node: Expression;
  /** Set when the expression is a literal or folds to one: functions prepare once (regexes, formats). */
  constant?: { value: Value };
}

export interface CallSite {
  name: string;
  node: Kusto.Language.Syntax.FunctionCallExpression;
  args: Compiled[];
  resultType: ScalarType;
  scope: Scope;
  /** Aggregates and tuple functions the binder gives several result columns (arg_max, percentiles): those columns. */
  columns?: readonly { name: string; type: ScalarType }[];
}

export interface ScalarFunction {
  /** The Kusto documentation page this implementation follows. */
  doc: string;
  /** The evaluator for one call site: argument types are known, constant arguments can be prepared once. */
  compile(site: CallSite): Eval;
  /** The result depends on more than the arguments (pack_all and column_ifexists read the row): a call is never folded to a constant. */
  volatile?: boolean;
  /**
   * A function of several results (`extend (a, b) = series_fit_line(y)`): its Eval returns an array, one value per
   * column of `CallSite.columns` (the binder's tuple).
   */
  tuple?: boolean;
}

/** One group's state of an aggregate in summarize (and make-series, top-nested). */
export interface Accumulator {
  add(row: Row): void;
  result(): Value;
  /** One value per column of `CallSite.columns`, for aggregates that yield several columns. */
  results?(): Value[];
}

export interface AggregateFunction {
  doc: string;
  /** Per call site: returns a factory of accumulators, one per group. */
  compile(site: CallSite): () => Accumulator;
}

/** A tabular operator after `|`: the input table in, the output table out. */
export type TabularOperator = (node: SyntaxNode, input: Table, env: Env, ctx: RunContext) => Table;

export const scalarFunctions = new Map<string, ScalarFunction>();
export const aggregateFunctions = new Map<string, AggregateFunction>();
/** By the operator's syntax kind name (`FilterOperator`, `SummarizeOperator`, …). */
export const tabularOperators = new Map<string, TabularOperator>();

/** A Kusto documentation page's address from its name (`strcat-function`). */
export const doc = (page: string) => `https://learn.microsoft.com/kusto/query/${page}`;

/** Registers a scalar function under one or more names (Kusto function names are case-sensitive, lower case). */
export function defineFunction(names: string | string[], fn: ScalarFunction): void {
  for (const n of Array.isArray(names) ? names : [names]) scalarFunctions.set(n, fn);
}

/**
 * A function whose arguments are all evaluated first, then `impl` computes the result (most functions).
 * `impl` receives the argument values and the call site (for argument types and the run's clock).
 */
export function simpleFunction(doc: string, impl: (args: Value[], site: CallSite) => Value): ScalarFunction {
  return {
    doc,
    compile(site) {
      const evals = site.args.map(a => a.eval);
      switch (evals.length) {
        case 0:
          return () => impl([], site);
        case 1: {
          const [a] = evals as [Eval];
          return row => impl([a(row)], site);
        }
        case 2: {
          const [a, b] = evals as [Eval, Eval];
          return row => impl([a(row), b(row)], site);
        }
        default:
          return row =>
            impl(
              evals.map(e => e(row)),
              site,
            );
      }
    },
  };
}

export function defineAggregate(names: string | string[], fn: AggregateFunction): void {
  for (const n of Array.isArray(names) ? names : [names]) aggregateFunctions.set(n, fn);
}

export function defineOperator(kind: string, op: TabularOperator): void {
  tabularOperators.set(kind, op);
}

let syntax: Syntax | undefined;
/** Kusto.Language.Syntax, once the library is loaded (the engine only runs after a parse). */
export function S(): Syntax {
  syntax ??= Kusto.Language.Syntax;
  return syntax;
}

interface BridgeSystem {
  Enum: { toString(enumType: unknown, value: number): string };
}

const kindNames = new Map<number, string>();
/** A node's SyntaxKind as its name (`FilterOperator`, `HasExpression`, …). */
export function kindOf(node: Kusto.Language.Syntax.SyntaxElement): string {
  const k = node.Kind as unknown as number;
  let n = kindNames.get(k);
  if (n === undefined) {
    n = (System as unknown as BridgeSystem).Enum.toString(Kusto.Language.Syntax.SyntaxKind, k);
    kindNames.set(k, n);
  }
  return n;
}

/** The elements of a SeparatedElement list (`a, b, c`). */
export function elements<T extends Kusto.Language.Syntax.SyntaxElement>(
  list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SeparatedElement$1<T>> | null | undefined,
): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) {
    const e = list.getItem$1(i).Element$1;
    if (e) out.push(e);
  }
  return out;
}

/** The binder's type of an expression (a scalar type symbol, a table symbol, or null). */
export function resultTypeOf(node: Kusto.Language.Syntax.SyntaxNode): Kusto.Language.Symbols.TypeSymbol | null {
  return (node as Kusto.Language.Syntax.Expression).ResultType ?? null;
}

/** Items of a plain SyntaxList. */
export function items<T extends Kusto.Language.Syntax.SyntaxElement>(
  list: Kusto.Language.Syntax.SyntaxList$1<T> | null | undefined,
): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) out.push(list.getItem$1(i));
  return out;
}
