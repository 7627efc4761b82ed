// `startEmulator`: a loopback HTTPS server speaking the SecurityInsights alertRules/metadata and
// Log Analytics tables REST contracts (docs/api-contract.md §4), with throttling, faults and persistence.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_VERSIONS, STABLE_VERSIONS, PREVIEW_VERSIONS } from '../api/versions.js';
import { authenticate, operationOf, rateLimitHeaders, Throttle } from './admission.js';
import { makeCertificate } from './certs.js';
import type { RequestContext } from './context.js';
import { Faults, validateThrottle } from './faults.js';
import { handleAlertRules } from './handlers/alert-rules.js';
import { handleAlertRuleTemplates } from './handlers/alert-rule-templates.js';
import { handleMetadata } from './handlers/metadata.js';
import { handleTables } from './handlers/tables.js';
import { ApiError, errorReply, parseJson, readBody, send, type Reply } from './http.js';
import { DEFAULT_TOKEN, type EmulatorOptions, type EmulatorStats, type RunningEmulator } from './options.js';
import { handleLogsQuery, isQueryPath } from './logs-query.js';
import { loadSnapshot, Persister } from './persistence.js';
import { InputError, reason } from '../rules/load.js';
import { TICKS_PER_MS } from '../kql/exec/values.js';
import { parseRoute } from './routes.js';
import { Store } from './store.js';

export type { EmulatorOptions, EmulatorStats, RunningEmulator } from './options.js';

const SECURITY_INSIGHTS_VERSIONS = [...STABLE_VERSIONS, ...PREVIEW_VERSIONS].join(', ');

function checkOptions(o: EmulatorOptions): void {
  const bad = (msg: string): never => {
    throw new RangeError(`emulator: ${msg}`);
  };
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) bad('port must be 0-65535');
  if (o.latencyMs !== undefined && !(o.latencyMs >= 0)) bad('latencyMs must be >= 0');
  if (o.pageSize !== undefined && (!Number.isInteger(o.pageSize) || o.pageSize < 1)) bad('pageSize must be >= 1');
  if (o.throttle) {
    const msg = validateThrottle(o.throttle);
    if (msg) bad(msg);
  }
  for (const [k, v] of Object.entries(o.faults ?? {}))
    if (k !== 'seed' && (typeof v !== 'number' || !(v >= 0 && v <= 1))) bad(`faults.${k} must be between 0 and 1`);
  if (o.token !== undefined && o.token.trim() === '') bad('token must not be empty');
  if (o.maxResultRows !== undefined && !(Number.isInteger(o.maxResultRows) && o.maxResultRows >= 1))
    bad('maxResultRows must be >= 1');
}

/** The api-version check ARM does before the RP sees the request. */
function checkApiVersion(url: URL, collection: string): string {
  const v = url.searchParams.get('api-version');
  if (!v)
    throw new ApiError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  const known = collection === 'tables' ? /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v) : API_VERSIONS.has(v);
  if (!known) {
    const type = collection === 'tables' ? 'workspaces/tables' : `workspaces/providers/${collection}`;
    const supported = collection === 'tables' ? '2022-10-01, 2023-09-01, 2025-02-01' : SECURITY_INSIGHTS_VERSIONS;
    throw new ApiError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'local' and API version '${v}' for type '${type}'. The supported api-versions are '${supported}'. The supported locations are 'local'.`,
    );
  }
  return v;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  checkOptions(options);
  const token = options.token ?? DEFAULT_TOKEN;
  const store = new Store(options.tables);
  const persister = options.dataFile ? new Persister(options.dataFile, () => store.snapshot()) : undefined;
  if (options.dataFile) {
    const snapshot = await loadSnapshot(options.dataFile);
    if (snapshot) store.restore(snapshot);
    // Fails fast (and creates the file) when the data file cannot be written, instead of at the first PUT.
    await persister?.save().catch((e: unknown) => {
      throw new InputError(`cannot write emulator data file ${options.dataFile}: ${reason(e)}`, { cause: e });
    });
  }
  const throttle = new Throttle(options.throttle);
  const faults = new Faults(options.faults);
  const stats: EmulatorStats = {
    writes: 0,
    reads: 0,
    deletes: 0,
    throttled: 0,
    failed: 0,
    dropped: 0,
    queries: 0,
    byRule: {},
  };
  const cert = makeCertificate();
  let origin = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.latencyMs) await sleep(options.latencyMs);
    const method = (req.method ?? 'GET').toUpperCase();
    const op = operationOf(method);
    let reply: Reply;
    let drop = false;
    let limits: Record<string, string> | undefined;
    try {
      // Only the path and query of the request line count; a host in it is ignored.
      const raw = req.url ?? '/';
      const url = new URL(raw.startsWith('/') ? `${origin}${raw.replace(/^\/+/, '/')}` : `${origin}/`);
      authenticate(req, token);
      if (isQueryPath(url.pathname)) {
        // The query API is metered with reads (--throttle-scope all), one bucket for the emulator's one user.
        try {
          throttle.admit('log-analytics-query', 'read');
        } catch (e) {
          stats.throttled++;
          throw e;
        }
        stats.queries++;
        const body = method === 'POST' ? await readBody(req).then(parseJson) : undefined;
        reply = handleLogsQuery({
          method,
          body,
          now: BigInt(Math.trunc((options.clock ?? Date.now)())) * TICKS_PER_MS,
          logs: options.logs,
          ...(options.maxResultRows ? { maxRows: options.maxResultRows } : {}),
        });
        send(req, res, reply);
        return;
      }
      const route = parseRoute(url.pathname);
      if (!route)
        throw new ApiError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${url.href}'.`);
      let remaining: number | undefined;
      try {
        remaining = throttle.admit(route.subscription, op);
      } catch (e) {
        stats.throttled++;
        throw e;
      }
      limits = rateLimitHeaders(op, remaining);
      stats[op === 'read' ? 'reads' : op === 'write' ? 'writes' : 'deletes']++;
      const fail = faults.fail();
      drop = faults.drop();
      const apiVersion = checkApiVersion(url, route.collection);
      if (fail) {
        stats.failed++;
        throw new ApiError(
          500,
          'InternalServerError',
          `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', tracking id '${randomUUID()}'.`,
        );
      }
      let cached: Promise<unknown> | undefined;
      const ctx: RequestContext = {
        req,
        url,
        route,
        apiVersion,
        body: () => (cached ??= readBody(req).then(parseJson)),
        store,
        persist: () => persister?.save() ?? Promise.resolve(),
        origin,
        pageSize: options.pageSize ?? Number.MAX_SAFE_INTEGER,
        templates: options.templates ?? [],
        countRuleWrite: name => void (stats.byRule[name] = (stats.byRule[name] ?? 0) + 1),
      };
      const handler = {
        alertRules: handleAlertRules,
        alertRuleTemplates: handleAlertRuleTemplates,
        metadata: handleMetadata,
        tables: handleTables,
      }[route.collection];
      reply = await handler(ctx, method);
    } catch (e) {
      reply =
        e instanceof ApiError
          ? errorReply(e)
          : errorReply(new ApiError(500, 'InternalServerError', `The emulator failed: ${(e as Error).message}`));
    }
    // Every admitted request reports the remaining quota, errors included, as ARM does.
    if (limits) reply.headers = { ...limits, ...reply.headers };
    if (drop) {
      // The change (if any) is applied, but the client never hears: its retry must converge.
      stats.dropped++;
      req.socket.destroy();
      return;
    }
    send(req, res, reply);
  }

  const server = https.createServer({ key: cert.key, cert: cert.cert, keepAlive: true }, (req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `https://127.0.0.1:${port}`;
  return {
    url: origin,
    port,
    ca: cert.cert,
    token,
    stats: () => ({ ...stats, byRule: { ...stats.byRule } }),
    async close() {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await persister?.flush();
    },
  };
}
