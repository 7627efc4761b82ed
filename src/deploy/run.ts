// One deploy, end to end: load and validate rules, build the desired set, read the workspace once, plan,
// print, and (unless a dry run) apply with a progress line and a summary.
import { loadRuleFiles, samePaths, skippedLinks, skippedNote } from '../rules/load.js';
import type { AnalyticRule } from '../rules/model.js';
import { overrideIds } from '../config/overrides.js';
import type { CliIo } from '../cli/io.js';
import { ExitCode } from '../cli/exit-codes.js';
import { UsageError } from '../cli/command.js';
import { DEFAULT_REPOSITORY, type RulectlConfig, type WorkspaceConfig } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { planMarkdown } from '../report/plan-markdown.js';
import { printable } from '../report/terminal-text.js';
import { applyPlan, type ChangeResult } from './apply.js';
import { desiredRules } from './desired.js';
import { plan, type Change } from './plan.js';
import { deployReport, renderOutcome, renderPlan, type DeployReport } from './render.js';
import type { SentinelClient } from './types.js';

export type DeployFormat = 'text' | 'json' | 'markdown';

export interface DeployRunOptions {
  io: CliIo;
  config: RulectlConfig;
  workspace: WorkspaceConfig;
  client: SentinelClient;
  paths: string[];
  dryRun: boolean;
  /** `--prune` / `--no-prune`; undefined = the workspace's `prune:` setting. */
  prune?: boolean;
  concurrency: number;
  format: DeployFormat;
  /** Ctrl+C: changes in flight finish, no new one starts. */
  signal?: AbortSignal;
  /** `--adopt ID…` (a set of ids) or `--adopt-all` (true): rules this repository may take over. */
  adopt?: ReadonlySet<string> | true;
}

export interface DeployOutcome {
  exit: ExitCode;
  changes: Change[];
  results?: ChangeResult[];
  report: DeployReport;
}

// File names and messages quote rule files: printable() keeps them on their line and out of the terminal's and
// the Actions runner's hands, as validate's stylish output does.
function diagnosticLine(d: Diagnostic): string {
  return `${printable(d.file)}:${d.line}:${d.column}: ${d.severity}: ${printable(d.message)} [${d.check}]\n`;
}

function progress(io: CliIo): ((r: ChangeResult, done: number, total: number) => void) | undefined {
  if (!io.isTTY) return undefined;
  return (r, done, total) => {
    const text = `[${done}/${total}] ${r.change.kind} ${printable(r.change.displayName)}`.slice(0, 100);
    io.stderr(`\r\x1b[2K${text}${done === total ? '\r\x1b[2K' : ''}`);
  };
}

export async function runDeploy(o: DeployRunOptions): Promise<DeployOutcome> {
  const { io, config, workspace } = o;
  const loaded = await loadRuleFiles(o.paths, io.cwd);
  io.stderr(skippedLinks(loaded));
  const note = skippedNote(loaded.skipped);
  if (note) io.stderr(`${note}\n`);
  const mapping = {
    ...(config.defaults.apiVersion ? { apiVersion: config.defaults.apiVersion } : {}),
    ...(config.defaults.defaultStable ? { defaultStable: config.defaults.defaultStable } : {}),
    ...(config.defaults.defaultPreview ? { defaultPreview: config.defaults.defaultPreview } : {}),
  };
  const desired = desiredRules(loaded.files, loaded.diagnostics, workspace.overrides, mapping);
  const errors = desired.diagnostics.filter(d => d.severity === 'error');
  if (o.format !== 'json') for (const d of errors) io.stderr(diagnosticLine(d));
  if (errors.length && o.format !== 'json')
    io.stderr(`rulectl: ${errors.length} error(s) in rule files; those rules are not deployed\n`);
  // Rules outside the paths named for this run would look removed: the workspace's `prune: true` (a setting, not a
  // request) covers only a deploy of the configured paths; --prune is needed to prune after a partial one.
  const partial = !samePaths(o.paths, config.defaults.paths, io.cwd);
  let prune = o.prune ?? (workspace.prune && !partial);
  if (o.prune === undefined && workspace.prune && partial)
    io.stderr(`rulectl: only ${o.paths.join(', ')} given, so nothing is pruned (--prune to prune anyway)\n`);
  if (!partial && desired.pruneSafe) {
    const ids = loaded.files.map(f => (f.data as AnalyticRule | undefined)?.id);
    const known = new Set(ids.filter(id => typeof id === 'string').map(id => id.toLowerCase()));
    const unknown = overrideIds(workspace.overrides).filter(id => !known.has(id.toLowerCase()));
    if (unknown.length)
      io.stderr(
        `rulectl: warning: overrides of workspace ${workspace.name} name rule ids no rule has: ${printable(unknown.join(', '))}\n`,
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
    io.stderr('rulectl: a rule file could not be read, so nothing is pruned this run\n');
  } else if (prune && loaded.dangling.length) {
    // A link to a folder (a submodule not checked out) may have held rules that would now look removed.
    prune = false;
    io.stderr('rulectl: a symbolic link points at nothing (it may have led to rules), so nothing is pruned this run\n');
  }

  const [actual, ownership] = await Promise.all([o.client.listRules(), o.client.listOwnership()]);
  const changes = plan(desired.rules, actual, ownership, {
    repository: config.repository ?? DEFAULT_REPOSITORY,
    prune,
    keep: desired.keep,
    excluded: desired.excluded,
    ...(o.adopt ? { adopt: o.adopt } : {}),
  });
  const conflicts = changes.filter(c => c.kind === 'conflict');
  if (conflicts.length && o.format !== 'json')
    io.stderr(
      `rulectl: ${conflicts.length} rule(s) have the id of a rule this repository does not own; those are left as ` +
        'they are (--adopt ID or --adopt-all to take them over)\n',
    );
  if (o.adopt && o.adopt !== true) {
    const ids = new Set(desired.rules.map(r => r.name.toLowerCase()));
    const unknown = [...o.adopt].filter(id => !ids.has(id.toLowerCase()));
    if (unknown.length)
      io.stderr(`rulectl: warning: --adopt names ids no rule deployed here has: ${printable(unknown.join(', '))}\n`);
  }
  const label = `${workspace.name} (${workspace.workspace})`;
  if (o.format === 'text') io.stdout(renderPlan(label, changes));

  let results: ChangeResult[] | undefined;
  if (!o.dryRun) {
    const onResult = progress(io);
    results = await applyPlan(o.client, changes, {
      repository: config.repository ?? DEFAULT_REPOSITORY,
      concurrency: o.concurrency,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(onResult ? { onResult } : {}),
    });
    if (o.format === 'text') io.stdout(renderOutcome(results));
  }
  const report = deployReport(label, changes, results, desired.diagnostics, { dryRun: o.dryRun, prune });
  if (o.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  if (o.format === 'markdown')
    io.stdout(
      planMarkdown(changes, {
        workspace: label,
        dryRun: o.dryRun,
        ...(results
          ? {
              outcomes: results.map(r => ({
                name: r.change.name,
                ok: r.outcome !== 'failed',
                ...(r.error ? { error: r.error } : {}),
              })),
            }
          : {}),
      }),
    );
  // A conflict leaves a repository rule undeployed: the workspace is not what the repository says.
  const failed = report.failed > 0 || errors.length > 0 || conflicts.length > 0;
  return { exit: failed ? ExitCode.Findings : ExitCode.Ok, changes, ...(results ? { results } : {}), report };
}
