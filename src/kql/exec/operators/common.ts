// What the operators of join.ts, union.ts, expand.ts and series.ts share: their `name=value` parameters and an output
// that stops at the row limit.
import { checkBudget, type RunContext } from '../context.js';
import { items, kindOf } from '../registry.js';
import type { Row } from '../values.js';

export interface OperatorParameter {
  /** The value as written: a keyword (`inner`), a name (`T`), a literal's text (`true`, `'x'`). */
  text: string;
  node: Kusto.Language.Syntax.NamedParameter;
}

/** Parameters by lower-case name. Hints (`hint.*`) are kept too: callers ignore them, they never change results. */
export function operatorParameters(
  list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.NamedParameter> | null | undefined,
): Map<string, OperatorParameter> {
  const out = new Map<string, OperatorParameter>();
  for (const p of items(list)) {
    const name = (p.Name?.SimpleName ?? '').toLowerCase();
    const value = p.Expression;
    let text = '';
    if (value && kindOf(value) === 'NameDeclaration')
      text = (value as Kusto.Language.Syntax.NameDeclaration).SimpleName ?? '';
    else if (value && kindOf(value) === 'StringLiteralExpression')
      text = String((value as Kusto.Language.Syntax.LiteralExpression).LiteralValue ?? '');
    else if (value) text = value.ToString(Kusto.Language.Syntax.IncludeTrivia.Minimal)?.trim() ?? '';
    out.set(name, { text, node: p });
  }
  return out;
}

/** Collects output rows; stops with the engine's limit error before a blow-up (a cartesian join) exhausts memory. */
export class RowSink {
  readonly rows: Row[] = [];
  constructor(private readonly ctx: RunContext) {}
  push(row: Row): void {
    const n = this.rows.push(row);
    if ((n & 0xffff) === 0 || n > this.ctx.limits.maxRows) checkBudget(this.ctx, n);
  }
}
