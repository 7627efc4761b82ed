// The flags that name a target workspace (from rulectl.yaml or ad hoc), shared by every command that talks to one.
import type { Argv } from 'yargs';
import { loadConfig, type RulectlConfig } from '../config/config.js';
import { resolveWorkspace } from '../deploy/target.js';
import type { Args } from './command.js';

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
