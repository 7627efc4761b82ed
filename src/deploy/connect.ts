// Opens the client for a resolved workspace: Azure (DefaultAzureCredential), an emulator at a URL (its CA file
// trusted for that client only), or the emulator started in-process (`emulator: embedded`).
import { reason } from '../rules/load.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../cli/command.js';
import type { WorkspaceConfig } from '../config/config.js';
import { DEFAULT_TOKEN, type RunningEmulator } from '../emulator/options.js';
import { DEFAULT_PREVIEW_API_VERSION } from '../api/versions.js';
import { azureCredential, createSentinelClient, type ClientOptions, type TemplateClient } from './client.js';
import { Pacer } from './pacing.js';
import { shownUrl } from './target.js';
import type { SentinelClient } from './types.js';

/**
 * What it takes to talk to an emulator at `url` (from --emulator or rulectl.yaml): https, its CA certificate
 * (--emulator-ca or RULECTL_EMULATOR_CA) and its token. Shared by deploy and schemas pull.
 */
export async function emulatorTrust(
  url: string,
  caFlag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<{ ca: string; token: string }> {
  if (!/^https:\/\//.test(url)) throw new UsageError(`--emulator must be an https URL, got "${shownUrl(url)}"`);
  const caFile = caFlag ?? env.RULECTL_EMULATOR_CA;
  if (!caFile)
    throw new UsageError(
      `the emulator at ${shownUrl(url)} needs its CA certificate: --emulator-ca FILE or RULECTL_EMULATOR_CA=FILE ` +
        '(the PEM that `rulectl emulator --ca-out` wrote)',
    );
  try {
    return {
      ca: await readFile(path.resolve(cwd, caFile), 'utf8'),
      token: env.RULECTL_EMULATOR_TOKEN ?? DEFAULT_TOKEN,
    };
  } catch (e) {
    throw new UsageError(`cannot read ${caFile}: ${reason(e)}`);
  }
}

export interface Connection {
  client: SentinelClient & TemplateClient;
  /** Where it goes, for messages (never a token). */
  describe: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** CA certificate file of an emulator given by URL. */
  emulatorCa?: string;
  readApiVersion?: string;
  retry?: ClientOptions['retry'];
  /** An emulator this process already runs (npm start): used instead of starting another. */
  running?: RunningEmulator;
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
  if (ws.emulator === 'embedded') {
    const emu =
      options.running ??
      // The server code is loaded only when this process runs the emulator itself.
      (await (
        await import('../emulator/server.js')
      ).startEmulator(ws.data ? { dataFile: path.resolve(options.cwd, ws.data) } : {}));
    return {
      client: createSentinelClient({ ...base, emulator: { url: emu.url, ca: emu.ca, token: emu.token } }),
      describe: `embedded emulator ${emu.url}`,
      close: () => (options.running ? Promise.resolve() : emu.close()),
    };
  }
  if (ws.emulator) {
    const { ca, token } = await emulatorTrust(ws.emulator, options.emulatorCa, options.env, options.cwd);
    return {
      client: createSentinelClient({ ...base, emulator: { url: ws.emulator, ca, token } }),
      describe: `emulator ${shownUrl(ws.emulator)}`,
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
