// What the operators of join.ts, union.ts, expand.ts and series.ts share: their `name=value` parameters and an output
// that stops at the row limit.
import { checkBudget, type RunContext } from '../context.js';
import { ExecError } from '../errors.js';
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

/**
 * Values (rows × columns) one step may make, per allowed row: a join of wide tables runs out of memory long before
 * it reaches the row limit (5,000,000 rows of 200 columns are a billion values), so wide outputs stop earlier.
 */
const VALUES_PER_ROW = 10;

/** Collects output rows; stops with the engine's limit error before a blow-up (a cartesian join) exhausts memory. */
export class RowSink {
  readonly rows: Row[] = [];
  private readonly maxRows: number;
  constructor(
    private readonly ctx: RunContext,
    width: number,
  ) {
    this.maxRows = Math.min(ctx.limits.maxRows, Math.floor((ctx.limits.maxRows * VALUES_PER_ROW) / Math.max(width, 1)));
  }
  push(row: Row): void {
    const n = this.rows.push(row);
    if ((n & 0xffff) === 0) checkBudget(this.ctx, n);
    if (n > this.maxRows) {
      checkBudget(this.ctx, n);
      throw new ExecError(
        `a step of the query made more than ${this.ctx.limits.maxRows * VALUES_PER_ROW} values (rows × columns) and was stopped`,
        'limit',
      );
    }
  }
}
