// The Log Analytics query API through @azure/monitor-query-logs, within the service's per-user limits (Azure Monitor
// service limits, "User query throttling": 5 queries at once, 200 per 30 seconds); 429/503 are retried by the SDK's
// retry policies (Retry-After honoured, exponential backoff), which rulectl configures.
import type { TokenCredential } from '@azure/identity';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { failFast, staticToken } from '../deploy/client.js';

export const MAX_CONCURRENT_QUERIES = 5;
export const QUERIES_PER_WINDOW = 200;
export const WINDOW_MS = 30_000;

export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  /** The service cut the result (too many rows or bytes): the rows are a prefix. */
  truncated: boolean;
}

export class QueryFailure extends Error {
  constructor(
    message: string,
    /** The service's error code (BadArgumentError, …) and the inner code (SemanticError, EmulatorUnsupported, …). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Runs one query over [start, end]; rejects with QueryFailure when the service refuses it. */
export type RunQuery = (query: string, start: Date, end: Date, signal: AbortSignal) => Promise<QueryResult>;

export interface QueryTarget {
  /** /subscriptions/…/workspaces/NAME: queries go to the workspace by resource id, so no workspace GUID is needed. */
  resourceId: string;
  /** An emulator to trust instead of Azure. */
  emulator?: { url: string; ca: string; token: string };
  /** Required without an emulator. */
  credential?: TokenCredential;
}

/** Admits at most `limit` starts per `windowMs` and `concurrency` queries at once, in arrival order. */
export class QueryGate {
  private readonly starts: number[] = [];
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency = MAX_CONCURRENT_QUERIES,
    private readonly limit = QUERIES_PER_WINDOW,
    private readonly windowMs = WINDOW_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    while (this.running >= this.concurrency) await new Promise<void>(r => this.waiting.push(r));
    this.running++;
    try {
      for (;;) {
        signal.throwIfAborted();
        const t = this.now();
        while (this.starts.length && this.starts[0]! <= t - this.windowMs) this.starts.shift();
        if (this.starts.length < this.limit) break;
        await abortableSleep(this.starts[0]! + this.windowMs - t, signal);
      }
      this.starts.push(this.now());
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** A RunQuery over LogsQueryClient.queryResource, paced by one QueryGate. */
export function logsQueryRunner(target: QueryTarget, gate = new QueryGate()): { run: RunQuery; calls(): number } {
  const { emulator } = target;
  const credential = target.credential ?? (emulator ? staticToken(emulator.token) : undefined);
  if (!credential) throw new Error('internal: logsQueryRunner needs a credential or an emulator');
  const client = new LogsQueryClient(credential, {
    ...(emulator ? { endpoint: `${emulator.url}/v1`, tlsOptions: { ca: emulator.ca } } : {}),
    retryOptions: { maxRetries: 6, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 },
    userAgentOptions: { userAgentPrefix: 'rulectl' },
  });
  client.pipeline.addPolicy(failFast(Boolean(emulator)), { afterPhase: 'Retry' });
  // The SDK puts the id after a `/`; a leading one would make `//subscriptions`.
  const resourceId = target.resourceId.replace(/^\/+/, '');
  let calls = 0;
  const run: RunQuery = (query, start, end, signal) =>
    gate.run(async () => {
      calls++;
      let result;
      try {
        result = await client.queryResource(
          resourceId,
          query,
          { startTime: start, endTime: end },
          { abortSignal: signal, serverTimeoutInSeconds: 600 },
        );
      } catch (e) {
        if (signal.aborted) throw e;
        throw toFailure(e);
      }
      if (result.status === LogsQueryResultStatus.Success) {
        const t = result.tables[0];
        return {
          columns: t?.columnDescriptors.map(c => ({ name: c.name ?? '', type: c.type ?? '' })) ?? [],
          rows: t?.rows ?? [],
          truncated: false,
        };
      }
      const t = result.partialTables[0];
      return {
        columns: t?.columnDescriptors.map(c => ({ name: c.name ?? '', type: c.type ?? '' })) ?? [],
        rows: t?.rows ?? [],
        truncated: true,
      };
    }, signal);
  return { run, calls: () => calls };
}

interface RestErrorLike {
  message?: string;
  statusCode?: number;
  code?: string;
  details?: { error?: { code?: string; message?: string; innererror?: { code?: string; message?: string } } };
}

/** The service's error in one line: its inner message says what in the query is wrong. */
function toFailure(e: unknown): QueryFailure {
  const r = e as RestErrorLike;
  const err = r.details?.error;
  const inner = err?.innererror;
  const message = inner?.message ?? err?.message ?? r.message ?? String(e);
  return new QueryFailure(
    `${r.statusCode ? `${r.statusCode} ` : ''}${inner?.code ?? err?.code ?? r.code ?? 'error'}: ${message}`,
    inner?.code ?? err?.code ?? r.code,
  );
}
