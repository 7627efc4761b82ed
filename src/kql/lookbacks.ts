// The literal lookbacks of a query, read from its syntax tree: how far back `ago(30d)`, `now(-30d)` and
// `now() - 30d` reach, directly or through `let lookback = 30d;`. The query-lookback check compares them with
// queryPeriod, which bounds the data the rule's query sees.
import type { KustoLanguage } from './kusto.js';

type Node = Kusto.Language.Syntax.SyntaxNode;
type Expression = Kusto.Language.Syntax.Expression;
type Separated<T> = Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SeparatedElement$1<T>>;

/** The elements of a comma- or semicolon-separated syntax list, without the separators. */
function elements<T>(list: Separated<T> | null | undefined): T[] {
  const out: T[] = [];
  for (let i = 0; i < (list?.Count ?? 0); i++) {
    const element = list?.getItem$1(i)?.Element$1;
    if (element) out.push(element);
  }
  return out;
}

export interface Lookback {
  /** The timespan literal, in query offsets (0-based, UTF-16); for a `let` name, the literal the let binds. */
  start: number;
  length: number;
  seconds: number;
}

/** The top-level `let name = <timespan literal>;` statements; a name bound twice is left out (which one counts?). */
function letLiterals(K: KustoLanguage, root: Node): Map<string, Expression | undefined> {
  const out = new Map<string, Expression | undefined>();
  if (!(root instanceof K.Syntax.QueryBlock)) return out;
  for (const statement of elements(root.Statements)) {
    if (!(statement instanceof K.Syntax.LetStatement)) continue;
    const name = statement.Name?.SimpleName;
    if (!name) continue;
    out.set(name, out.has(name) ? undefined : (statement.Expression ?? undefined));
  }
  return out;
}

export function lookbacks(K: KustoLanguage, root: Node): Lookback[] {
  const lets = letLiterals(K, root);
  const found = new Map<number, Lookback>();
  const add = (e: Expression | null | undefined) => {
    if (e instanceof K.Syntax.ParenthesizedExpression) return add(e.Expression);
    if (e instanceof K.Syntax.NameReference) return add(lets.get(e.SimpleName ?? ''));
    if (!(e instanceof K.Syntax.LiteralExpression)) return;
    const value: unknown = e.LiteralValue;
    if (!(value instanceof System.TimeSpan)) return;
    const seconds = value.getTotalSeconds();
    if (seconds > 0) found.set(e.TextStart, { start: e.TextStart, length: e.Width, seconds });
  };
  const isCall = (e: Node | null | undefined, name: string): e is Kusto.Language.Syntax.FunctionCallExpression =>
    e instanceof K.Syntax.FunctionCallExpression && e.Name?.SimpleName === name;
  const negated = (e: Expression | null | undefined) =>
    e instanceof K.Syntax.PrefixUnaryExpression && e.Kind === K.Syntax.SyntaxKind.UnaryMinusExpression
      ? e.Expression
      : undefined;
  root.WalkNodes(n => {
    if (isCall(n, 'ago') || isCall(n, 'now')) {
      const args = elements(n.ArgumentList?.Expressions);
      if (args.length !== 1) return;
      // ago(30d) looks back 30 days; now(-30d) does too, now(30d) looks ahead.
      if (isCall(n, 'ago')) add(args[0]);
      else add(negated(args[0]));
    } else if (
      n instanceof K.Syntax.BinaryExpression &&
      n.Kind === K.Syntax.SyntaxKind.SubtractExpression &&
      isCall(n.Left, 'now') &&
      elements(n.Left.ArgumentList?.Expressions).length === 0
    ) {
      add(n.Right);
    }
  });
  return [...found.values()].sort((a, b) => a.start - b.start);
}
