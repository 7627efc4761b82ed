// Client-side pacing of writes under ARM's token-bucket throttle. Retry-After comes in whole seconds, so retrying
// only when told leaves the bucket refilling unused between waves; instead the pacer learns the refill rate from
// the throttled responses and spaces writes just under it, so the bucket is used and few requests are wasted.

const WRITE_METHODS = new Set(['PUT', 'PATCH', 'DELETE', 'POST']);
/** Below this many writes (or this much time) between two empty-bucket moments, a rate estimate is noise. */
const MIN_SAMPLES = 5;
const MIN_WINDOW_MS = 500;
/** Every this many paced writes, the pace is tightened by PROBE to find a higher refill rate. */
const PROBE_EVERY = 20;
const PROBE = 0.98;

export interface PacerStats {
  throttled: number;
  /** Learned spacing of writes in ms, 0 while unknown. */
  intervalMs: number;
}

export class Pacer {
  private pausedUntil = 0;
  private nextSlot = 0;
  private intervalMs = 0;
  private emptyAt: number | undefined;
  private passed = 0;
  private sinceProbe = 0;
  private throttledCount = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Milliseconds the next write must wait; reserves its slot. */
  reserve(): number {
    const t = this.now();
    const start = Math.max(t, this.pausedUntil, this.nextSlot);
    this.nextSlot = start + this.intervalMs;
    return start - t;
  }

  /** A write went through. */
  passedWrite(): void {
    this.passed++;
    if (this.intervalMs && ++this.sinceProbe >= PROBE_EVERY) {
      this.sinceProbe = 0;
      this.intervalMs *= PROBE;
    }
  }

  /** A write was throttled: the bucket is empty now. */
  throttled(retryAfterMs: number): void {
    const t = this.now();
    this.throttledCount++;
    if (this.emptyAt === undefined) {
      this.emptyAt = t;
      this.passed = 0;
    } else if (this.passed >= MIN_SAMPLES && t - this.emptyAt >= MIN_WINDOW_MS) {
      // Between two empty moments, every write that passed was paid for by the refill: that is the rate.
      this.intervalMs = (t - this.emptyAt) / this.passed;
    }
    if (!this.intervalMs) this.pausedUntil = Math.max(this.pausedUntil, t + retryAfterMs);
    else this.nextSlot = Math.max(this.nextSlot, t) + this.intervalMs;
  }

  stats(): PacerStats {
    return { throttled: this.throttledCount, intervalMs: this.intervalMs };
  }
}

/** The parts of a pipeline request and response the pacer reads (structurally the SDK pipeline's own types). */
export interface PacedRequest {
  method: string;
  /** The call's abort signal (Ctrl+C): a paced wait ends with it. */
  abortSignal?: AbortSignalLike;
}

/** What the pipeline's abort signal offers (core-rest-pipeline's AbortSignalLike). */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Resolves after `ms`, or rejects with an AbortError (as the SDK's own waits do) once `signal` aborts. */
function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    if (signal?.aborted) return reject(aborted());
    const stop = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
export interface PacedResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}

/** The wait a throttled response asks for, in ms (the same headers the SDK's retry policy reads). */
export function retryAfterMs(response: PacedResponse): number {
  for (const [header, factor] of [
    ['retry-after-ms', 1],
    ['x-ms-retry-after-ms', 1],
    ['retry-after', 1000],
  ] as const) {
    const v = Number(response.headers.get(header));
    if (response.headers.get(header) !== undefined && Number.isFinite(v) && v >= 0) return v * factor;
  }
  const date = Date.parse(response.headers.get('retry-after') ?? '');
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : 1000;
}

/** Runs inside the SDK's retry loop (once per attempt): waits for the write's slot, then reports the outcome. */
export function pacingPolicy<Req extends PacedRequest, Res extends PacedResponse>(
  pacer: Pacer,
): { name: string; sendRequest(request: Req, next: (request: Req) => Promise<Res>): Promise<Res> } {
  return {
    name: 'rulectlPacingPolicy',
    async sendRequest(request, next) {
      if (!WRITE_METHODS.has(request.method)) return next(request);
      const wait = pacer.reserve();
      if (wait > 0) await sleep(wait, request.abortSignal);
      const response = await next(request);
      if (response.status === 429) pacer.throttled(retryAfterMs(response));
      else if (response.status < 500) pacer.passedWrite();
      return response;
    },
  };
}
