// The emulator's programmatic contract: what callers configure and what a running instance exposes.
import type { LogsStore } from './logs-query.js';

export interface ThrottleOptions {
  /** Bucket size: requests that may pass at once. */
  burst: number;
  /** Tokens added back per second. */
  perSecond: number;
  /** Which requests take a token: writes (PUT/PATCH/DELETE, the default) or every request. */
  scope?: 'writes' | 'all';
}

export interface FaultOptions {
  /** Probability in [0, 1] that an admitted request gets a 500 instead of being processed. */
  error500Rate?: number;
  /** Probability in [0, 1] that a processed request's connection is destroyed instead of answered. */
  dropRate?: number;
  /** Seed of the fault generator, so a failing run can be replayed. */
  seed?: number;
}

import type { TemplateResource } from './templates.js';

export type TableColumns = { name: string; type: string }[];

export interface EmulatorOptions {
  /** 0 (the default) = any free port. */
  port?: number;
  /** A JSON file that holds the workspaces: loaded at start, rewritten atomically after each change. */
  dataFile?: string;
  /** The bearer token accepted; default 'rulectl-emulator-token'. */
  token?: string;
  /** Milliseconds added before every response. */
  latencyMs?: number;
  throttle?: ThrottleOptions;
  faults?: FaultOptions;
  /** LIST page size; by default every rule comes in one page, as the service does for ~50 rules. */
  pageSize?: number;
  /** Log Analytics tables per workspace name: table -> columns (for `rulectl schemas pull`). */
  tables?: Record<string, Record<string, TableColumns>>;
  /** Log data the query API runs queries over (every workspace sees the same); see logs-query.ts. */
  logs?: LogsStore;
  /** The emulator's clock in ms since the epoch (now() of queries); default Date.now. */
  clock?: () => number;
  /** Largest query result before the partial error (default 500,000, the service's). */
  maxResultRows?: number;
  /** Content Hub alert rule templates served by alertRuleTemplates (LIST, GET) in every workspace. */
  templates?: readonly TemplateResource[];
}

export interface EmulatorStats {
  /** PUT/PATCH requests that passed authentication and the throttle (whatever their outcome). */
  writes: number;
  /** GET requests that passed authentication and the throttle. */
  reads: number;
  /** DELETE requests that passed authentication and the throttle. */
  deletes: number;
  /** Requests answered 429. */
  throttled: number;
  /** Requests answered with an injected 500. */
  failed: number;
  /** Connections destroyed by fault injection. */
  dropped: number;
  /** Log Analytics query API requests that passed authentication and the throttle. */
  queries: number;
  /** Accepted (2xx) alertRules PUTs per rule name, as the first PUT spelled it. */
  byRule: Record<string, number>;
}

export interface RunningEmulator {
  /** https://127.0.0.1:<port> */
  url: string;
  port: number;
  /** PEM of the certificate clients must trust (the server's own self-signed certificate). */
  ca: string;
  token: string;
  stats(): EmulatorStats;
  close(): Promise<void>;
}

export const DEFAULT_TOKEN = 'rulectl-emulator-token';
