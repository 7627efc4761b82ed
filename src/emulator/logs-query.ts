// The Log Analytics query API (`POST /v1/workspaces/{id}/query` and `POST /v1/{workspace resource id}/query`, what
// @azure/monitor-query-logs' LogsQueryClient sends), answered by rulectl's KQL engine over the log data the emulator
// was given (`rulectl emulator --logs DIR`). One log set serves every workspace.
import { randomUUID } from 'node:crypto';
import { readDataSet, type DataSet } from '../kql/exec/data.js';
import { runQuery, type QueryProblem } from '../kql/exec/run.js';
import { TICKS_PER_MS, toApiTable } from '../kql/exec/values.js';
import type { SchemaSet } from '../kql/schemas.js';
import { windowTables } from '../testing/schedule.js';
import type { Reply } from './http.js';

/**
 * Largest result the service returns (Azure Monitor service limits, "Log queries": 500,000 records); past it the
 * result is cut and the body carries a partial error, which LogsQueryClient reports as PartialFailure.
 */
export const MAX_RESULT_ROWS = 500_000;

export interface LogsStore {
  data: DataSet;
  schemas: Pick<SchemaSet, 'tables' | 'functions'>;
}

/** Reads `--logs DIR` with the table files' schemas typing their columns, as `query --data` does. */
export function loadLogs(dir: string, schemas: Pick<SchemaSet, 'tables' | 'functions'>): LogsStore {
  const byName = new Map(schemas.tables.map(t => [t.name.toLowerCase(), t.columns]));
  return { data: readDataSet([dir], name => byName.get(name.toLowerCase())), schemas };
}

/** Whether the path is the query API's (the workspace id, or the workspace's ARM id, then `/query`). */
export function isQueryPath(pathname: string): boolean {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0]?.toLowerCase() !== 'v1' || parts.at(-1)?.toLowerCase() !== 'query') return false;
  const middle = parts.slice(1, -1).map(p => p.toLowerCase());
  if (middle.length === 2) return middle[0] === 'workspaces';
  return (
    middle.length === 8 &&
    middle[0] === 'subscriptions' &&
    middle[2] === 'resourcegroups' &&
    middle[4] === 'providers' &&
    middle[5] === 'microsoft.operationalinsights' &&
    middle[6] === 'workspaces'
  );
}

/** The query API's error body: a top-level code, and what went wrong in `innererror`. */
function queryError(status: number, code: string, message: string, inner?: Record<string, unknown>): Reply {
  return {
    status,
    body: { error: { message, code, correlationId: randomUUID(), ...(inner ? { innererror: inner } : {}) } },
  };
}

const badArgument = (inner: Record<string, unknown>) =>
  queryError(400, 'BadArgumentError', 'The request had some invalid properties', inner);

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** An ISO 8601 duration (P7D, PT1H30M) in ticks, or undefined. */
export function durationTicks(text: string): bigint | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [w, d, h, min, s] = m.slice(1).map(v => Number(v ?? 0)) as [number, number, number, number, number];
  const seconds = (((w * 7 + d) * 24 + h) * 60 + min) * 60 + s;
  return BigInt(Math.round(seconds * 1000)) * TICKS_PER_MS;
}

function instantTicks(text: string): bigint | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? BigInt(ms) * TICKS_PER_MS : undefined;
}

/** The interval `timespan` names (start/end, start/duration, duration/end, or a duration ending now). */
export function parseTimespan(text: string, now: bigint): { start: bigint; end: bigint } | undefined {
  const [a = '', b, ...rest] = text.split('/');
  if (rest.length) return undefined;
  if (b === undefined) {
    const d = durationTicks(a);
    return d === undefined ? undefined : { start: now - d, end: now };
  }
  const [sa, sb] = [instantTicks(a), instantTicks(b)];
  const [da, db] = [durationTicks(a), durationTicks(b)];
  if (sa !== undefined && sb !== undefined) return sa <= sb ? { start: sa, end: sb } : undefined;
  if (sa !== undefined && db !== undefined) return { start: sa, end: sa + db };
  if (da !== undefined && sb !== undefined) return { start: sb - da, end: sb };
  return undefined;
}

const INNER_CODE: Record<QueryProblem['kind'], string> = {
  syntax: 'SyntaxError',
  semantic: 'SemanticError',
  unsupported: 'EmulatorUnsupported',
  runtime: 'RuntimeError',
  limit: 'EmulatorLimit',
};

/** Line and position (1-based) of a query offset, as the service's errors give them. */
function lineOf(query: string, offset: number): { line: number; pos: number } {
  const before = query.slice(0, offset).split('\n');
  return { line: before.length, pos: (before.at(-1)?.length ?? 0) + 1 };
}

export interface QueryRequest {
  method: string;
  body: unknown;
  /** The emulator's clock in ticks: now() of the query and the end of a duration-only timespan. */
  now: bigint;
  logs: LogsStore | undefined;
  maxRows?: number;
}

export function handleLogsQuery(r: QueryRequest): Reply {
  if (r.method !== 'POST')
    return queryError(405, 'MethodNotAllowed', `The requested resource does not support http method '${r.method}'.`);
  const body = r.body as { query?: unknown; timespan?: unknown } | null;
  if (typeof body !== 'object' || body === null || typeof body.query !== 'string' || body.query.trim() === '')
    return badArgument({ code: 'QueryValidationError', message: 'The request body must carry a non-empty "query".' });
  const query = body.query;
  let tables = r.logs?.data.tables ?? new Map();
  if (body.timespan !== undefined && body.timespan !== null) {
    const span = typeof body.timespan === 'string' ? parseTimespan(body.timespan, r.now) : undefined;
    if (!span)
      return badArgument({
        code: 'InvalidTimespan',
        message: `timespan ${JSON.stringify(body.timespan)} is not an ISO 8601 interval (start/end, start/duration, duration/end or a duration)`,
      });
    // The timespan bounds TimeGenerated of every table the query reads, whatever the query itself filters.
    tables = windowTables(tables, span.end, span.end - span.start);
  }
  const run = runQuery({
    query,
    now: r.now,
    tables,
    watchlists: r.logs?.data.watchlists ?? new Map(),
    schemas: r.logs?.schemas ?? { tables: [], functions: [] },
  });
  if (!run.ok) {
    const p = run.problems[0]!;
    const at = lineOf(query, p.start);
    const text = query.slice(p.start, p.start + p.length);
    return badArgument({
      code: INNER_CODE[p.kind],
      message:
        p.kind === 'unsupported' || p.kind === 'limit'
          ? `The rulectl emulator cannot run this query: ${p.message}`
          : `The query could not be run: ${p.message}`,
      innererror: { code: p.code ?? INNER_CODE[p.kind], message: p.message, line: at.line, pos: at.pos, token: text },
    });
  }
  const max = r.maxRows ?? MAX_RESULT_ROWS;
  const table = toApiTable(
    run.table.rows.length > max ? { columns: run.table.columns, rows: run.table.rows.slice(0, max) } : run.table,
  );
  if (run.table.rows.length <= max) return { status: 200, body: { tables: [table] } };
  return {
    status: 200,
    body: {
      tables: [table],
      error: {
        code: 'PartialError',
        message: 'There were some errors when processing your query.',
        details: [
          {
            code: 'EngineError',
            message: `Query result set has exceeded the internal record count limit ${max} (E_QUERY_RESULT_SET_TOO_LARGE)`,
          },
        ],
        innererror: { code: 'E_QUERY_RESULT_SET_TOO_LARGE', message: `more than ${max} records` },
      },
    },
  };
}
