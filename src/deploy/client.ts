// The only module that talks to Azure: the SecurityInsights SDK client, its pipeline (auth, retries, TLS), and
// passthrough operation specs so every property of the mapping reaches the API and comes back intact.
import { SecurityInsights, type MetadataModel } from '@azure/arm-securityinsight';
import type {
  OperationSpec,
  OperationParameter,
  OperationQueryParameter,
  OperationURLParameter,
} from '@azure/core-client';
import { createSerializer } from '@azure/core-client';
import type { TokenCredential } from '@azure/identity';
import {
  isRestError,
  RestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { pacingPolicy, type Pacer } from './pacing.js';
import {
  ServiceError,
  type ActualRule,
  type OwnershipRecord,
  type SentinelClient,
  type WorkspaceTarget,
} from './types.js';
import { ownershipName, toMetadata, fromMetadata } from './ownership.js';

export interface ClientOptions {
  target: WorkspaceTarget;
  /** api-version used to list and read rules: a preview that knows every kind and property. */
  readApiVersion: string;
  /** An emulator to trust: its URL, CA certificate (PEM) and static bearer token. */
  emulator?: { url: string; ca: string; token: string };
  /** Required unless `emulator` is given (connect.ts passes DefaultAzureCredential). */
  credential?: TokenCredential;
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  pacer?: Pacer;
  /** Cancels every call of this client, their retry and pacing waits included (Ctrl+C, SIGTERM). */
  signal?: AbortSignal;
}

const ALERT_RULES =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights/alertRules';

// The SDK's mappers know api 2022-09-01-preview and drop every other property; these specs keep the body as is.
const serializer = createSerializer({}, false);
const anyBody = { type: { name: 'any' } } as const;
const param = (name: string, skipEncoding = false): OperationURLParameter => ({
  parameterPath: name,
  mapper: { serializedName: name, required: true, type: { name: 'String' } },
  ...(skipEncoding ? { skipEncoding } : {}),
});
const apiVersion: OperationQueryParameter = {
  parameterPath: 'apiVersion',
  mapper: { serializedName: 'api-version', required: true, type: { name: 'String' } },
};
const accept: OperationParameter = {
  parameterPath: 'accept',
  mapper: { defaultValue: 'application/json', isConstant: true, serializedName: 'Accept', type: { name: 'String' } },
};
const contentType: OperationParameter = {
  parameterPath: 'contentType',
  mapper: {
    defaultValue: 'application/json; charset=utf-8',
    isConstant: true,
    serializedName: 'Content-Type',
    type: { name: 'String' },
  },
};
const body: OperationParameter = {
  parameterPath: 'body',
  mapper: { ...anyBody, serializedName: 'body', required: true },
};
const workspaceParams = [
  param('$host', true),
  param('subscriptionId'),
  param('resourceGroupName'),
  param('workspaceName'),
];
const responses = {
  200: { bodyMapper: anyBody },
  201: { bodyMapper: anyBody },
  204: {},
  default: { bodyMapper: anyBody },
};

const list: OperationSpec = {
  path: ALERT_RULES,
  httpMethod: 'GET',
  responses,
  queryParameters: [apiVersion],
  urlParameters: workspaceParams,
  headerParameters: [accept],
  serializer,
};

const specs: Record<'list' | 'templates' | 'next' | 'get' | 'put' | 'delete', OperationSpec> = {
  list,
  // The templates collection is the rules' sibling, listed the same way.
  templates: { ...list, path: ALERT_RULES.replace(/alertRules$/, 'alertRuleTemplates') },
  next: {
    path: '{nextLink}',
    httpMethod: 'GET',
    responses,
    urlParameters: [param('$host', true), param('nextLink', true)],
    headerParameters: [accept],
    serializer,
  },
  get: {
    path: `${ALERT_RULES}/{ruleId}`,
    httpMethod: 'GET',
    responses,
    queryParameters: [apiVersion],
    urlParameters: [...workspaceParams, param('ruleId')],
    headerParameters: [accept],
    serializer,
  },
  put: {
    path: `${ALERT_RULES}/{ruleId}`,
    httpMethod: 'PUT',
    responses,
    requestBody: body,
    queryParameters: [apiVersion],
    urlParameters: [...workspaceParams, param('ruleId')],
    headerParameters: [accept, contentType],
    mediaType: 'json',
    serializer,
  },
  delete: {
    path: `${ALERT_RULES}/{ruleId}`,
    httpMethod: 'DELETE',
    responses,
    queryParameters: [apiVersion],
    urlParameters: [...workspaceParams, param('ruleId')],
    headerParameters: [accept],
    serializer,
  },
};

/** Azure's credential chain (environment, workload identity/OIDC, managed identity, Azure CLI, …), loaded on demand. */
export async function azureCredential(): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

/** A token that never expires, for the emulator only. */
export function staticToken(token: string): TokenCredential {
  return { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/** Certificate checks that fail when the CA given did not sign the server's certificate. */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/**
 * A refused connection or an unknown host means a wrong endpoint, not a passing fault: the SDK's policy would retry
 * it for minutes. Placed below that policy, this gives it an error it does not retry. With an emulator, a
 * certificate its CA file did not sign means a CA file from another run of it: said in words, with what to do.
 */
export function failFast(emulator: boolean): PipelinePolicy {
  return {
    name: 'rulectlFailFast',
    async sendRequest(request, next) {
      try {
        return await next(request);
      } catch (e) {
        if (!isRestError(e)) throw e;
        const host = new URL(request.url).host;
        if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND')
          throw new RestError(`cannot connect to ${host} (${e.code})`, { code: 'UNREACHABLE' });
        if (emulator && e.code && UNTRUSTED.has(e.code))
          throw new RestError(
            `the certificate of ${host} is not signed by the CA file given (${e.code}): this CA does not match the ` +
              "emulator's certificate; the emulator makes a new one at each start: use the PEM it printed",
            { code: 'UNTRUSTED' },
          );
        throw e;
      }
    },
  };
}

function toServiceError(e: unknown, what: string): ServiceError {
  // deploy counts a change whose message ends so as not applied.
  if ((e as Error).name === 'AbortError') return new ServiceError(`${what}: cancelled (interrupted)`);
  if (isRestError(e)) {
    const status = e.statusCode;
    const code = e.code && e.code !== 'REQUEST_SEND_ERROR' ? e.code : undefined;
    const detail = e.message.split('\n')[0] ?? '';
    return new ServiceError(
      `${what}: ${status ? `HTTP ${status} ` : ''}${code ? `${code}: ` : ''}${detail}`,
      status,
      code,
    );
  }
  return new ServiceError(`${what}: ${(e as Error).message}`);
}

function asRule(value: unknown): ActualRule | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.name !== 'string' || typeof v.kind !== 'string') return undefined;
  const properties =
    typeof v.properties === 'object' && v.properties !== null ? (v.properties as Record<string, unknown>) : {};
  return { name: v.name, kind: v.kind, ...(typeof v.etag === 'string' ? { etag: v.etag } : {}), properties };
}

/** Content Hub's alert rule templates of a workspace (read-only), in the same shape as rules. */
export interface TemplateClient {
  listTemplates(): Promise<ActualRule[]>;
}

/** A SentinelClient for one workspace, over the SDK's pipeline (auth, retries honouring Retry-After, TLS). */
export function createSentinelClient(options: ClientOptions): SentinelClient & TemplateClient {
  const { target, emulator } = options;
  const endpoint = emulator?.url ?? target.endpoint ?? 'https://management.azure.com';
  const credential = options.credential ?? (emulator ? staticToken(emulator.token) : undefined);
  if (!credential) throw new Error('internal: createSentinelClient needs a credential or an emulator');
  const sdk = new SecurityInsights(credential, target.subscriptionId, {
    endpoint,
    $host: endpoint,
    retryOptions: { maxRetries: 10, retryDelayInMs: 500, maxRetryDelayInMs: 30_000, ...options.retry },
    // Trust exactly the emulator's CA for this client's connections; TLS checks stay on everywhere else.
    ...(emulator ? { tlsOptions: { ca: emulator.ca } } : {}),
    userAgentOptions: { userAgentPrefix: 'rulectl' },
  });
  sdk.pipeline.addPolicy(failFast(Boolean(emulator)), { afterPhase: 'Retry' });
  if (options.pacer)
    sdk.pipeline.addPolicy(pacingPolicy<PipelineRequest, PipelineResponse>(options.pacer), { afterPhase: 'Retry' });
  const ws = { resourceGroupName: target.resourceGroup, workspaceName: target.workspace };
  const read = options.readApiVersion;
  const abort = options.signal ? { abortSignal: options.signal } : {};

  const call = async (spec: OperationSpec, args: Record<string, unknown>, what: string): Promise<unknown> => {
    let parsed: unknown;
    try {
      await sdk.sendOperationRequest(
        {
          ...ws,
          ...args,
          options: { ...abort, onResponse: (raw: { parsedBody?: unknown }) => void (parsed = raw.parsedBody) },
        },
        spec,
      );
    } catch (e) {
      throw toServiceError(e, what);
    }
    return parsed;
  };

  /** Every page of a LIST, following nextLink. */
  const listAll = async (spec: OperationSpec, what: string): Promise<ActualRule[]> => {
    const out: ActualRule[] = [];
    let page = await call(spec, { apiVersion: read }, what);
    for (let pages = 0; pages < 10_000; pages++) {
      const p = (page ?? {}) as { value?: unknown[]; nextLink?: unknown };
      for (const item of p.value ?? []) {
        const rule = asRule(item);
        if (rule) out.push(rule);
      }
      if (typeof p.nextLink !== 'string' || !p.nextLink) break;
      page = await call(specs.next, { nextLink: p.nextLink }, `${what} (next page)`);
    }
    return out;
  };

  return {
    listRules: () => listAll(specs.list, 'list alert rules'),
    listTemplates: () => listAll(specs.templates, 'list alert rule templates'),
    async getRule(name) {
      try {
        return asRule(await call(specs.get, { ruleId: name, apiVersion: read }, `get rule ${name}`));
      } catch (e) {
        if (e instanceof ServiceError && e.status === 404) return undefined;
        throw e;
      }
    },
    async putRule(rule) {
      const sent = { kind: rule.kind, properties: rule.properties };
      const back = await call(
        specs.put,
        { ruleId: rule.name, apiVersion: rule.apiVersion, body: sent },
        `put rule ${rule.name}`,
      );
      return asRule(back) ?? { name: rule.name, kind: rule.kind, properties: {} };
    },
    async deleteRule(name) {
      await call(specs.delete, { ruleId: name, apiVersion: read }, `delete rule ${name}`);
    },
    async listOwnership() {
      const out: OwnershipRecord[] = [];
      try {
        for await (const m of sdk.metadata.list(target.resourceGroup, target.workspace, abort)) {
          const record = fromMetadata(m, target);
          if (record) out.push(record);
        }
      } catch (e) {
        throw toServiceError(e, 'list ownership metadata');
      }
      return out;
    },
    async putOwnership(record) {
      const metadata: MetadataModel = toMetadata(record, target);
      try {
        await sdk.metadata.create(
          target.resourceGroup,
          target.workspace,
          ownershipName(record.ruleName),
          metadata,
          abort,
        );
      } catch (e) {
        throw toServiceError(e, `record ownership of ${record.ruleName}`);
      }
    },
    async deleteOwnership(record) {
      try {
        await sdk.metadata.delete(target.resourceGroup, target.workspace, record.metadataName, abort);
      } catch (e) {
        if (isRestError(e) && e.statusCode === 404) return;
        throw toServiceError(e, `delete ownership record of ${record.ruleName}`);
      }
    },
  };
}
