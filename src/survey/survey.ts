// `survey`: replays each rule's schedule over the last days through the query API and counts the runs that would
// trigger and the alerts they would make (src/testing/schedule.ts decides both, as `rulectl test` does).
import type { RuleFile } from '../rules/load.js';
import { alertCount, fires } from '../testing/schedule.js';
import { MS_PER_DAY, planRule, type RulePlan } from './plan.js';
import { QueryFailure, type QueryResult, type RunQuery } from './query-client.js';

/** Per-run queries a rule may make before it is reported instead of surveyed (7 days of 5-minute runs). */
export const DEFAULT_MAX_QUERIES_PER_RULE = 2016;
/** Rules surveyed at once (their queries share the client's gate, which bounds what reaches the service). */
const RULE_CONCURRENCY = 4;

export interface DayCount {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  alerts: number;
}

export interface RuleSurvey {
  file: string;
  name: string;
  kind: string;
  /** Schedule runs replayed. */
  runs: number;
  /** Query API calls this rule made. */
  queries: number;
  /** Whether one query stood for many runs (plan.ts, rowWise). */
  batched: boolean;
  /** Why each run needed its own query. */
  perRunReason?: string;
  /** Runs whose result trips the trigger. */
  triggered: number;
  alerts: number;
  perDay: DayCount[];
  busiestDay?: DayCount;
  /** Runs whose result the service cut (too many rows): their counts are lower bounds. */
  truncatedRuns: number;
  /** Why the rule was not surveyed (a schedule that cannot run, a query the service refuses). */
  error?: string;
}

export interface SurveyResult {
  /** ISO times: the surveyed period. */
  from: string;
  to: string;
  days: number;
  rules: RuleSurvey[];
  runs: number;
  queries: number;
  /** Stopped by the signal: the rules listed are those finished. */
  interrupted: boolean;
}

export interface SurveyOptions {
  rules: readonly RuleFile[];
  /** End of the period (ms since the epoch): the last run of every rule is at this time. */
  end: number;
  days: number;
  run: RunQuery;
  signal: AbortSignal;
  maxQueriesPerRule?: number;
  /** Called after each query and each rule: rules finished, rules in all, queries made. */
  progress?: (rulesDone: number, rules: number, queries: number) => void;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function survey(o: SurveyOptions): Promise<SurveyResult> {
  const start = o.end - o.days * MS_PER_DAY;
  const days: string[] = [];
  for (let d = Date.parse(`${dayOf(start + 1)}T00:00:00Z`); d <= o.end; d += MS_PER_DAY) days.push(dayOf(d));
  const results: (RuleSurvey | undefined)[] = o.rules.map(() => undefined);
  let queries = 0;
  let done = 0;
  const counted: RunQuery = async (...args) => {
    queries++;
    try {
      return await o.run(...args);
    } finally {
      o.progress?.(done, o.rules.length, queries);
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < o.rules.length && !o.signal.aborted) {
      const i = next++;
      const r = await surveyRule(o.rules[i]!, { ...o, run: counted }, days);
      if (o.signal.aborted) return;
      results[i] = r;
      done++;
      o.progress?.(done, o.rules.length, queries);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(RULE_CONCURRENCY, o.rules.length) }, worker));
  } catch (e) {
    if (!o.signal.aborted) throw e;
  }
  const rules = results.filter((r): r is RuleSurvey => r !== undefined);
  return {
    from: new Date(start).toISOString(),
    to: new Date(o.end).toISOString(),
    days: o.days,
    rules,
    runs: rules.reduce((n, r) => n + r.runs, 0),
    queries,
    interrupted: o.signal.aborted,
  };
}

async function surveyRule(file: RuleFile, o: SurveyOptions, days: string[]): Promise<RuleSurvey> {
  const data = file.data ?? {};
  const base: RuleSurvey = {
    file: file.file,
    name:
      typeof data.name === 'string' ? data.name : typeof data.displayName === 'string' ? data.displayName : file.file,
    kind: typeof data.kind === 'string' ? data.kind : 'Scheduled',
    runs: 0,
    queries: 0,
    batched: false,
    triggered: 0,
    alerts: 0,
    perDay: days.map(day => ({ day, alerts: 0 })),
    truncatedRuns: 0,
  };
  if (!file.data) return { ...base, error: 'the file did not load (see rulectl validate)' };
  const plan = planRule(data, o.end, o.days);
  if ('error' in plan) return { ...base, error: `cannot replay the schedule: ${plan.error}` };
  base.runs = plan.runs.length;
  const rows = new Array<number>(plan.runs.length).fill(0);
  const truncated = new Array<boolean>(plan.runs.length).fill(false);
  const run: RunQuery = (...args) => {
    base.queries++;
    return o.run(...args);
  };
  try {
    let perRun = !plan.rowWise;
    if (plan.rowWise) {
      base.batched = await batched(plan, run, 0, plan.runs.length, rows, truncated, o.signal);
      if (!base.batched) {
        perRun = true;
        base.perRunReason = 'its result has no TimeGenerated column to place rows in runs';
      }
    } else if (plan.perRunReason) base.perRunReason = plan.perRunReason;
    if (perRun) {
      const max = o.maxQueriesPerRule ?? DEFAULT_MAX_QUERIES_PER_RULE;
      if (plan.runs.length > max)
        return {
          ...base,
          error: `needs one query per run (${base.perRunReason ?? 'not row-wise'}): ${plan.runs.length} runs, more than the ${max} queries allowed per rule`,
        };
      // The first run alone: a query the service refuses fails every run the same way.
      await perRunQuery(plan, run, 0, rows, truncated, o.signal);
      await Promise.all(plan.runs.slice(1).map((_, k) => perRunQuery(plan, run, k + 1, rows, truncated, o.signal)));
    }
  } catch (e) {
    if (e instanceof QueryFailure && !o.signal.aborted) return { ...base, error: `the query failed: ${e.message}` };
    throw e;
  }
  plan.runs.forEach((t, i) => {
    const n = rows[i]!;
    if (truncated[i]) base.truncatedRuns++;
    if (!fires(plan.schedule, n)) return;
    base.triggered++;
    const a = alertCount(plan.schedule, n);
    base.alerts += a;
    const day = base.perDay.find(d => d.day === dayOf(t));
    if (day) day.alerts += a;
  });
  base.busiestDay = base.perDay.reduce<DayCount | undefined>(
    (b, d) => (d.alerts > (b?.alerts ?? 0) ? d : b),
    undefined,
  );
  return base;
}

async function perRunQuery(
  plan: RulePlan,
  run: RunQuery,
  i: number,
  rows: number[],
  truncated: boolean[],
  signal: AbortSignal,
): Promise<void> {
  const t = plan.runs[i]!;
  const r = await run(plan.queryAt(t), new Date(t - plan.periodMs), new Date(t), signal);
  rows[i] = r.rows.length;
  truncated[i] = r.truncated;
}

const timeOf = (v: unknown): number => (v instanceof Date ? v.getTime() : Date.parse(String(v)));

/**
 * One query over the span of runs [lo, hi), each result row counted in every run whose window [t - period, t) holds
 * its TimeGenerated. A cut result is split in two halves, until one run remains. False when the result has no
 * TimeGenerated column (the caller falls back to a query per run).
 */
async function batched(
  plan: RulePlan,
  run: RunQuery,
  lo: number,
  hi: number,
  rows: number[],
  truncated: boolean[],
  signal: AbortSignal,
): Promise<boolean> {
  const first = plan.runs[lo]!;
  const last = plan.runs[hi - 1]!;
  const result: QueryResult = await run(plan.queryAt(last), new Date(first - plan.periodMs), new Date(last), signal);
  const j = result.columns.findIndex(c => c.name === 'TimeGenerated' && c.type === 'datetime');
  if (j < 0) return false;
  if (result.truncated && hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    await batched(plan, run, lo, mid, rows, truncated, signal);
    await batched(plan, run, mid, hi, rows, truncated, signal);
    return true;
  }
  const diff = new Array<number>(hi - lo + 1).fill(0);
  for (const row of result.rows) {
    const tau = timeOf(row[j]);
    if (!Number.isFinite(tau)) continue;
    // Runs with tau < t <= tau + period, by binary search over the sorted run times.
    const a = firstAfter(plan.runs, lo, hi, tau);
    const b = firstAfter(plan.runs, lo, hi, tau + plan.periodMs);
    if (a < b) {
      diff[a - lo]!++;
      diff[b - lo]!--;
    }
  }
  let n = 0;
  for (let k = lo; k < hi; k++) {
    n += diff[k - lo]!;
    rows[k] = n;
    truncated[k] = result.truncated;
  }
  return true;
}

/** The first index in [lo, hi) whose run time is > x (hi when none). */
function firstAfter(runs: number[], lo: number, hi: number, x: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >> 1;
    if (runs[m]! > x) b = m;
    else a = m + 1;
  }
  return a;
}
