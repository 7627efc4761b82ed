// Which workspace a deploy goes to: a name from rulectl.yaml, or ad-hoc coordinates from flags (which also
// override the named entry field by field).
import { UsageError } from '../errors.js';
import { closest } from '../validate/suggest.js';
import type { RulectlConfig, WorkspaceConfig } from '../config/config.js';

/** A URL as messages show it: without `user:password@`, which must never reach a log. */
export function shownUrl(url: string): string {
  return url.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#]*@/i, '$1');
}

export interface TargetFlags {
  workspace?: string;
  subscription?: string;
  resourceGroup?: string;
  workspaceName?: string;
  endpoint?: string;
  emulator?: string;
}

export function resolveWorkspace(config: RulectlConfig, flags: TargetFlags): WorkspaceConfig {
  // Coordinates on the command line, or an emulator URL without a workspace name, make an ad-hoc target.
  const adHoc =
    flags.subscription !== undefined ||
    flags.resourceGroup !== undefined ||
    flags.workspaceName !== undefined ||
    (flags.emulator !== undefined && flags.workspace === undefined);
  let base: WorkspaceConfig | undefined;
  const name = flags.workspace ?? (adHoc ? undefined : config.defaultWorkspace);
  if (name !== undefined) {
    base = config.workspaces.find(w => w.name === name);
    if (!base) {
      const known = config.workspaces.map(w => w.name);
      const near = closest(name, known);
      throw new UsageError(
        `no workspace "${name}" in ${config.file ? 'rulectl.yaml' : 'rulectl.yaml (there is none)'}` +
          (near ? `; did you mean "${near}"?` : known.length ? `; known: ${known.join(', ')}` : ''),
      );
    }
  } else if (!adHoc) {
    if (config.workspaces.length === 1) base = config.workspaces[0];
    else
      throw new UsageError(
        config.workspaces.length
          ? `name a workspace with --workspace (${config.workspaces.map(w => w.name).join(', ')}) or set "default:" in rulectl.yaml`
          : 'no workspace given: use --workspace NAME with a rulectl.yaml, or --subscription, --resource-group and --workspace-name',
      );
  }
  const merged: WorkspaceConfig = {
    name: base?.name ?? 'ad-hoc',
    subscription: flags.subscription ?? base?.subscription ?? '',
    resourceGroup: flags.resourceGroup ?? base?.resourceGroup ?? '',
    workspace: flags.workspaceName ?? base?.workspace ?? '',
    prune: base?.prune ?? false,
    ...(base?.onDrift ? { onDrift: base.onDrift } : {}),
    environment: base?.environment ?? 'ad-hoc',
    overrides: base?.overrides ?? {},
    ...(base?.data ? { data: base.data } : {}),
  };
  const endpoint = flags.endpoint ?? base?.endpoint;
  if (endpoint) merged.endpoint = endpoint;
  const emulator = flags.emulator ?? base?.emulator;
  if (emulator) merged.emulator = emulator;
  if (merged.emulator) {
    merged.subscription ||= '00000000-0000-0000-0000-000000000000';
    merged.resourceGroup ||= 'rulectl';
    merged.workspace ||= 'rulectl-emulator';
  }
  const missing = (
    [
      ['--subscription', merged.subscription],
      ['--resource-group', merged.resourceGroup],
      ['--workspace-name', merged.workspace],
    ] as const
  ).filter(([, v]) => !v);
  if (missing.length) throw new UsageError(`missing ${missing.map(([f]) => f).join(', ')} for an ad-hoc workspace`);
  return merged;
}
