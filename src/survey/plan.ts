// What a survey asks of the query API for one rule: its schedule (runs every queryFrequency, each over queryPeriod
// ending at the run), whether one query can stand for all its runs, and the query text each run sends.
import { kusto } from '../kql/kusto.js';
import { isDurationError, parseDuration } from '../rules/durations.js';
import { scheduleOf, type Schedule } from '../testing/schedule.js';

export const MS_PER_DAY = 86_400_000;
/** The longest survey: Log Analytics keeps interactive data longer, but replaying more runs costs queries. */
export const MAX_SURVEY_DAYS = 14;

export interface RulePlan {
  schedule: Schedule;
  /** Milliseconds between runs and seen by each run. */
  frequencyMs: number;
  periodMs: number;
  /** Run times (ms since the epoch), oldest first. */
  runs: number[];
  /**
   * Every result row derives from one input row and keeps its TimeGenerated: one query over the span of all runs
   * gives each run's rows (those whose TimeGenerated lies in its window). Otherwise one query per run.
   */
  rowWise: boolean;
  /** Why the query is not row-wise (for the report), when it is not. */
  perRunReason?: string;
  /** The query a run at `at` sends: now() and ago() fixed to the run time, as Sentinel's run sees them. */
  queryAt(at: number): string;
}

/** Run times every `frequencyMs`, the last at `end`, over `days` (a run exactly `days` before `end` is outside). */
export function runTimes(end: number, days: number, frequencyMs: number): number[] {
  const out: number[] = [];
  for (let t = end; t > end - days * MS_PER_DAY; t -= frequencyMs) out.push(t);
  return out.reverse();
}

/** The rule's plan, or why it cannot be surveyed (no query, a schedule validate refuses). */
export function planRule(rule: Record<string, unknown>, end: number, days: number): RulePlan | { error: string } {
  const query = rule.query;
  if (typeof query !== 'string' || query.trim() === '') return { error: 'the rule has no query' };
  const schedule = scheduleOf(rule);
  if ('error' in schedule) return schedule;
  let frequencyMs: number;
  if (schedule.kind === 'NRT') frequencyMs = 60_000;
  else {
    const f = parseDuration(rule.queryFrequency);
    if (isDurationError(f)) return { error: `queryFrequency: ${f.error}` };
    if (f.seconds <= 0) return { error: 'queryFrequency must be positive' };
    frequencyMs = f.seconds * 1000;
  }
  const periodMs = Number(schedule.window / 10_000n);
  const shape = queryShape(query);
  return {
    schedule,
    frequencyMs,
    periodMs,
    runs: runTimes(end, days, frequencyMs),
    rowWise: shape.rowWise,
    ...(shape.reason ? { perRunReason: shape.reason } : {}),
    queryAt: at => fixClock(query, shape.clockCalls, at),
  };
}

/** Operators after which each row still comes from one input row with its own TimeGenerated. */
const ROW_WISE_OPERATORS = [
  'FilterOperator',
  'ExtendOperator',
  'ProjectOperator',
  'ProjectAwayOperator',
  'ProjectKeepOperator',
  'ProjectRenameOperator',
  'ProjectReorderOperator',
  'ParseOperator',
  'ParseWhereOperator',
  'SortOperator',
  'MvExpandOperator',
] as const;

/** Functions whose value depends on the run (its clock) or on other rows or tables. */
const RUN_DEPENDENT = new Set([
  'now',
  'ago',
  'toscalar',
  'materialize',
  'rand',
  'prev',
  'next',
  'row_number',
  'row_cumsum',
  'row_rank_dense',
  'row_rank_min',
  'row_window_session',
]);

interface Shape {
  rowWise: boolean;
  reason?: string;
  /** now()/ago() calls: [start, width, name, argument text]. */
  clockCalls: [number, number, string, string][];
}

/** Reads the query's syntax: its now()/ago() calls, and whether it is row-wise (see RulePlan.rowWise). */
export function queryShape(query: string): Shape {
  const K = kusto();
  const S = K.Syntax;
  const code = K.KustoCode.Parse(query);
  const root = code?.Syntax;
  const clockCalls: Shape['clockCalls'] = [];
  root?.WalkNodes(n => {
    if (!(n instanceof S.FunctionCallExpression)) return;
    const name = n.Name?.SimpleName ?? '';
    if (name !== 'now' && name !== 'ago') return;
    const args = n.ArgumentList?.Expressions;
    const arg = args && args.Count > 0 ? query.substr(args.TextStart, args.Width) : '';
    clockCalls.push([n.TextStart, n.Width, name, arg]);
  });
  const no = (reason: string): Shape => ({ rowWise: false, reason, clockCalls });
  if (!(root instanceof S.QueryBlock)) return no('the query does not parse');
  const statements: Kusto.Language.Syntax.SyntaxNode[] = [];
  for (let i = 0; i < (root.Statements?.Count ?? 0); i++) {
    const s = root.Statements?.getItem$1(i)?.Element$1;
    if (s) statements.push(s);
  }
  const last = statements.pop();
  const lets = new Set<string>();
  for (const s of statements) {
    // Scalar constants only: a tabular let would be a second source of rows.
    if (
      !(s instanceof S.LetStatement) ||
      !(s.Expression instanceof S.LiteralExpression || s.Expression instanceof S.DynamicExpression)
    )
      return no('it has statements other than constant lets');
    lets.add(s.Name?.SimpleName ?? '');
  }
  if (!(last instanceof S.ExpressionStatement)) return no('it does not end in a tabular expression');
  let e: Kusto.Language.Syntax.Expression | null = last.Expression;
  const operators: Kusto.Language.Syntax.SyntaxNode[] = [];
  while (e instanceof S.PipeExpression) {
    if (e.Operator) operators.push(e.Operator);
    e = e.Expression;
  }
  if (!(e instanceof S.NameReference)) return no('its source is not a single table');
  for (const op of operators) {
    const kind = ROW_WISE_OPERATORS.find(k => op instanceof S[k]);
    if (!kind) return no(`it uses ${op.GetFirstToken()?.Text ?? 'an operator'}, which combines rows`);
    let why: string | undefined;
    op.WalkNodes(n => {
      if (why) return;
      if (n instanceof S.PipeExpression) why = 'it has a sub-query';
      else if (n instanceof S.FunctionCallExpression) {
        const name = n.Name?.SimpleName ?? '';
        if (RUN_DEPENDENT.has(name) || name.startsWith('_')) why = `it calls ${name}()`;
      } else if (n instanceof S.SimpleNamedExpression && n.Name?.SimpleName === 'TimeGenerated')
        why = 'it assigns TimeGenerated';
      else if (
        n instanceof S.NameReference &&
        !lets.has(n.SimpleName ?? '') &&
        n.Parent instanceof S.SeparatedElement &&
        n.Parent.Parent?.Parent instanceof S.ExpressionList &&
        !(n.Parent.Parent.Parent.Parent instanceof S.FunctionCallExpression)
      )
        // `x in (T)` may name a table: rows of another table than the source.
        why = `it lists ${n.SimpleName ?? 'a name'} in a set`;
    });
    if (why) return no(why);
  }
  return { rowWise: true, clockCalls };
}

/** `datetime(...)` for a time in ms. */
const literal = (ms: number) => `datetime(${new Date(ms).toISOString()})`;

/** The query with now() and ago() replaced by the run's time (the API's now() is the time the query is sent). */
function fixClock(query: string, calls: Shape['clockCalls'], at: number): string {
  let out = query;
  for (const [start, width, name, arg] of [...calls].sort((a, b) => b[0] - a[0])) {
    const t = literal(at);
    const text = name === 'now' ? (arg ? `(${t} + (${arg}))` : t) : `(${t} - (${arg || '0s'}))`;
    out = out.slice(0, start) + text + out.slice(start + width);
  }
  return out;
}
