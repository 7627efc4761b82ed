// A deploy as a library: planDeploy loads and validates rules, builds the desired set, reads the workspace once and
// plans; applyPlan (apply.ts) carries the plan out. Both return data (changes, results, diagnostics, notices) and
// print nothing: the CLI renders them (src/report/plan.ts) and picks the exit code.
import { loadRuleFiles, samePaths, skippedNote } from '../rules/load.js';
import type { AnalyticRule } from '../rules/model.js';
import { overrideIds } from '../config/overrides.js';
import { UsageError } from '../errors.js';
import { DEFAULT_REPOSITORY, type OnDrift, type RulectlConfig, type WorkspaceConfig } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { printable } from '../report/terminal-text.js';
import { desiredRules } from './desired.js';
import { plan, type Change } from './plan.js';
import type { SentinelClient } from './types.js';

export interface PlanDeployOptions {
  cwd: string;
  config: RulectlConfig;
  workspace: WorkspaceConfig;
  client: SentinelClient;
  paths: string[];
  /** `--prune` / `--no-prune`; undefined = the workspace's `prune:` setting. */
  prune?: boolean;
  /** `--adopt ID…` (a set of ids) or `--adopt-all` (true): rules this repository may take over. */
  adopt?: ReadonlySet<string> | true;
  /** `--on-drift`; undefined = the workspace's `onDrift:` setting, else overwrite. */
  onDrift?: OnDrift;
}

export interface DeployPlan {
  /** The workspace as messages name it: `name (workspace)`. */
  workspace: string;
  /** The repository id that ownership records carry. */
  repository: string;
  changes: Change[];
  /** Every finding of the rule files; rules with an error are not deployed. */
  diagnostics: Diagnostic[];
  /** Whether rules this repository deployed and no longer has are deleted. */
  prune: boolean;
  /** The drift policy this plan was made with (`fail`: the caller must not apply a plan with drifted rules). */
  onDrift: OnDrift;
  /**
   * What the operator should know that the changes and diagnostics do not say (skipped files, why nothing is
   * pruned, ids that match nothing): one line each, quoted with printable, without a program-name prefix.
   */
  notices: string[];
}

export async function planDeploy(o: PlanDeployOptions): Promise<DeployPlan> {
  const { config, workspace } = o;
  const notices: string[] = [];
  const loaded = await loadRuleFiles(o.paths, o.cwd);
  for (const f of loaded.dangling)
    notices.push(`warning: skipped ${printable(f)}: a symbolic link to something that does not exist`);
  const note = skippedNote(loaded.skipped);
  if (note) notices.push(note);
  const mapping = {
    ...(config.defaults.apiVersion ? { apiVersion: config.defaults.apiVersion } : {}),
    ...(config.defaults.defaultStable ? { defaultStable: config.defaults.defaultStable } : {}),
    ...(config.defaults.defaultPreview ? { defaultPreview: config.defaults.defaultPreview } : {}),
  };
  const desired = desiredRules(loaded.files, loaded.diagnostics, workspace.overrides, mapping);
  // Rules outside the paths named for this run would look removed: the workspace's `prune: true` (a setting, not a
  // request) covers only a deploy of the configured paths; --prune is needed to prune after a partial one.
  const partial = !samePaths(o.paths, config.defaults.paths, o.cwd);
  let prune = o.prune ?? (workspace.prune && !partial);
  if (o.prune === undefined && workspace.prune && partial)
    notices.push(`only ${o.paths.join(', ')} given, so nothing is pruned (--prune to prune anyway)`);
  if (!partial && desired.pruneSafe) {
    const ids = loaded.files.map(f => (f.data as AnalyticRule | undefined)?.id);
    const known = new Set(ids.filter(id => typeof id === 'string').map(id => id.toLowerCase()));
    const unknown = overrideIds(workspace.overrides).filter(id => !known.has(id.toLowerCase()));
    if (unknown.length)
      notices.push(
        `warning: overrides of workspace ${workspace.name} name rule ids no rule has: ${printable(unknown.join(', '))}`,
      );
  }
  // `repository: rulectl` written out is the id every repository without one records: as good as none.
  if (prune && (config.repository === undefined || config.repository.toLowerCase() === DEFAULT_REPOSITORY))
    throw new UsageError(
      `pruning needs "repository: <id>" in rulectl.yaml, an id no other repository deploying here uses (not ` +
        `"${DEFAULT_REPOSITORY}", the id of repositories without one): ownership records carry it, and ` +
        "repositories sharing one would prune each other's rules; nothing was changed",
    );
  if (prune && !desired.pruneSafe) {
    prune = false;
    notices.push('a rule file could not be read, so nothing is pruned this run');
  } else if (prune && loaded.dangling.length) {
    // A link to a folder (a submodule not checked out) may have held rules that would now look removed.
    prune = false;
    notices.push('a symbolic link points at nothing (it may have led to rules), so nothing is pruned this run');
  }

  const repository = config.repository ?? DEFAULT_REPOSITORY;
  const onDrift = o.onDrift ?? workspace.onDrift ?? 'overwrite';
  const [actual, ownership] = await Promise.all([o.client.listRules(), o.client.listOwnership()]);
  const changes = plan(desired.rules, actual, ownership, {
    repository,
    prune,
    keep: desired.keep,
    excluded: desired.excluded,
    ...(o.adopt ? { adopt: o.adopt } : {}),
    onDrift,
  });
  if (o.adopt && o.adopt !== true) {
    const ids = new Set(desired.rules.map(r => r.name.toLowerCase()));
    const unknown = [...o.adopt].filter(id => !ids.has(id.toLowerCase()));
    if (unknown.length)
      notices.push(`warning: --adopt names ids no rule deployed here has: ${printable(unknown.join(', '))}`);
  }
  return {
    workspace: `${workspace.name} (${workspace.workspace})`,
    repository,
    changes,
    diagnostics: desired.diagnostics,
    prune,
    onDrift,
    notices,
  };
}
