// Opens the client for a resolved workspace: Azure (DefaultAzureCredential) or an emulator (its CA trusted for that
// client only). Which emulator, and starting one in-process for `emulator: embedded`, is the caller's business (the
// CLI): this module never loads the emulator.
import type { WorkspaceConfig } from '../config/config.js';
import { DEFAULT_PREVIEW_API_VERSION } from '../api/versions.js';
import { azureCredential, createSentinelClient, type ClientOptions, type TemplateClient } from './client.js';
import { Pacer } from './pacing.js';
import { shownUrl } from './target.js';
import type { SentinelClient } from './types.js';

export interface Connection {
  client: SentinelClient & TemplateClient;
  /** Where it goes, for messages (never a token). */
  describe: string;
  close(): Promise<void>;
}

/** Where an emulator listens, the CA certificate (PEM) it serves with, and the token it accepts. */
export interface EmulatorEndpoint {
  url: string;
  ca: string;
  token: string;
}

export interface ConnectOptions {
  /** The emulator to talk to, for a workspace with `emulator:` (a URL, or `embedded` once the caller started it). */
  emulator?: EmulatorEndpoint;
  readApiVersion?: string;
  retry?: ClientOptions['retry'];
  /** Cancels the client's calls (see ClientOptions.signal). */
  signal?: AbortSignal;
}

export async function connect(ws: WorkspaceConfig, options: ConnectOptions): Promise<Connection> {
  const target = {
    subscriptionId: ws.subscription,
    resourceGroup: ws.resourceGroup,
    workspace: ws.workspace,
    ...(ws.endpoint ? { endpoint: ws.endpoint } : {}),
  };
  const base = {
    target,
    readApiVersion: options.readApiVersion ?? DEFAULT_PREVIEW_API_VERSION,
    pacer: new Pacer(),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  if (ws.emulator) {
    const emulator = options.emulator;
    if (!emulator) throw new Error(`internal: workspace ${ws.name} needs an emulator endpoint`);
    return {
      client: createSentinelClient({ ...base, emulator }),
      describe: `${ws.emulator === 'embedded' ? 'embedded emulator' : 'emulator'} ${shownUrl(emulator.url)}`,
      close: () => Promise.resolve(),
    };
  }
  return {
    // The identity library is loaded only here: it is large and the emulator paths never need it.
    client: createSentinelClient({ ...base, credential: await azureCredential() }),
    describe: `${shownUrl(ws.endpoint ?? 'https://management.azure.com')} workspace ${ws.workspace}`,
    close: () => Promise.resolve(),
  };
}
