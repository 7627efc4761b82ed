// The flags that name a target workspace (from rulectl.yaml or ad hoc), shared by every command that talks to one.
import type { Argv } from 'yargs';
import { loadConfig, type RulectlConfig, type WorkspaceConfig } from '../config/config.js';
import type { Connection } from '../deploy/connect.js';
import { resolveWorkspace } from '../deploy/target.js';
import { ServiceError } from '../deploy/types.js';
import { ExitCode } from '../errors.js';
import { printable } from '../report/terminal-text.js';
import type { Args } from './command.js';
import { openWorkspace, type OpenOptions } from './connection.js';
import type { CliIo } from './io.js';

/** A non-empty string flag, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function withWorkspaceOptions(y: Argv, emulatorUse: string): Argv {
  return y
    .option('workspace', { alias: 'w', type: 'string', describe: 'Workspace name from rulectl.yaml' })
    .option('subscription', { type: 'string', describe: 'Ad-hoc target: subscription id' })
    .option('resource-group', { type: 'string', describe: 'Ad-hoc target: resource group' })
    .option('workspace-name', { type: 'string', describe: 'Ad-hoc target: Log Analytics workspace name' })
    .option('endpoint', {
      type: 'string',
      describe: 'ARM endpoint (sovereign clouds), e.g. https://management.usgovcloudapi.net',
    })
    .option('emulator', { type: 'string', describe: `${emulatorUse} a rulectl emulator at this https URL` })
    .option('emulator-ca', { type: 'string', describe: "The emulator's CA certificate (PEM file)" })
    .option('config', { type: 'string', describe: 'Configuration file (default rulectl.yaml)' });
}

/** rulectl.yaml (of the repository that holds the first rule path) and the workspace the flags name in it. */
export async function workspaceFromArgs(
  args: Args,
  cwd: string,
): Promise<{ config: RulectlConfig; workspace: ReturnType<typeof resolveWorkspace> }> {
  const config = await loadConfig(cwd, str(args.config), (args.paths as string[] | undefined)?.[0]);
  const workspace = resolveWorkspace(config, {
    workspace: str(args.workspace),
    subscription: str(args.subscription),
    resourceGroup: str(args['resource-group']),
    workspaceName: str(args['workspace-name']),
    endpoint: str(args.endpoint),
    emulator: str(args.emulator),
  });
  return { config, workspace };
}

/** How every workspace command opens its workspace: the flags' emulator CA and rulectl.yaml's read api-version. */
export function openOptions(args: Args, io: CliIo, config: RulectlConfig): OpenOptions {
  return {
    cwd: io.cwd,
    env: io.env,
    emulatorCa: str(args['emulator-ca']),
    ...(config.defaults.defaultPreview ? { readApiVersion: config.defaults.defaultPreview } : {}),
  };
}

/**
 * Opens the workspace, runs `use` on it and closes it; a service error (the workspace cannot be read) is one line
 * and exit 2, as for every read-only workspace command.
 */
export async function readWorkspace(
  args: Args,
  io: CliIo,
  config: RulectlConfig,
  workspace: WorkspaceConfig,
  use: (connection: Connection) => Promise<ExitCode>,
): Promise<ExitCode> {
  let connection: Connection | undefined;
  try {
    connection = await openWorkspace(workspace, openOptions(args, io, config));
    return await use(connection);
  } catch (e) {
    if (!(e instanceof ServiceError) || !connection) throw e;
    io.stderr(`rulectl: cannot read workspace ${workspace.name} at ${connection.describe}: ${printable(e.message)}\n`);
    return ExitCode.Usage;
  } finally {
    await connection?.close();
  }
}
