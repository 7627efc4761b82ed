// The CLI's way to a workspace: the emulator a workspace names (a URL with its CA file and token, or one started in
// this process for `emulator: embedded`), then the deploy library's connect(). The library never starts an emulator.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceConfig } from '../config/config.js';
import type { Connection, ConnectOptions, EmulatorEndpoint } from '../deploy/connect.js';
import { shownUrl } from '../deploy/target.js';
import { DEFAULT_TOKEN, type RunningEmulator } from '../emulator/options.js';
import { UsageError } from '../errors.js';
import { reason } from '../rules/load.js';

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

export interface OpenOptions extends Omit<ConnectOptions, 'emulator'> {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** CA certificate file of an emulator given by URL (--emulator-ca). */
  emulatorCa?: string;
  /** An emulator this process already runs (npm start): used instead of starting another. */
  running?: RunningEmulator;
}

export async function openWorkspace(ws: WorkspaceConfig, options: OpenOptions): Promise<Connection> {
  const { cwd, env, emulatorCa, running, ...rest } = options;
  // The SDK is loaded only when a command actually talks to a workspace, so other commands start fast.
  const { connect } = await import('../deploy/connect.js');
  if (ws.emulator === 'embedded') {
    const emu =
      running ??
      // The server code is loaded only when this process runs the emulator itself.
      (await (
        await import('../emulator/server.js')
      ).startEmulator(ws.data ? { dataFile: path.resolve(cwd, ws.data) } : {}));
    const endpoint: EmulatorEndpoint = { url: emu.url, ca: emu.ca, token: emu.token };
    const connection = await connect(ws, { ...rest, emulator: endpoint });
    return { ...connection, close: () => (running ? Promise.resolve() : emu.close()) };
  }
  if (ws.emulator) {
    const trust = await emulatorTrust(ws.emulator, emulatorCa, env, cwd);
    return connect(ws, { ...rest, emulator: { url: ws.emulator, ...trust } });
  }
  return connect(ws, rest);
}
