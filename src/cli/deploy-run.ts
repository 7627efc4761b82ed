// One deploy as the CLI runs it: plan with the library, print the plan, apply it with a progress line, print the
// outcome in the chosen format, and pick the exit code. Shared by `deploy` and `start`.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ExitCode } from '../errors.js';
import type { OnDrift, RulectlConfig, WorkspaceConfig } from '../config/config.js';
import { applyPlan, type ChangeResult } from '../deploy/apply.js';
import type { Change } from '../deploy/plan.js';
import { planDeploy } from '../deploy/run.js';
import type { SentinelClient } from '../deploy/types.js';
import { deployReport, planMarkdown, renderOutcome, renderPlan, type DeployReport } from '../report/plan.js';
import { printable } from '../report/terminal-text.js';
import type { CliIo } from './io.js';

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
  /** `--on-drift`; undefined = the workspace's setting. */
  onDrift?: OnDrift;
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
  const { io } = o;
  const planned = await planDeploy({
    cwd: io.cwd,
    config: o.config,
    workspace: o.workspace,
    client: o.client,
    paths: o.paths,
    ...(o.prune !== undefined ? { prune: o.prune } : {}),
    ...(o.adopt ? { adopt: o.adopt } : {}),
    ...(o.onDrift ? { onDrift: o.onDrift } : {}),
  });
  const { changes } = planned;
  const errors = planned.diagnostics.filter(d => d.severity === 'error');
  const conflicts = changes.filter(c => c.kind === 'conflict');
  // JSON carries the diagnostics and conflicts in the report; the other formats say so on stderr too.
  if (o.format !== 'json') {
    for (const d of errors) io.stderr(diagnosticLine(d));
    if (errors.length) io.stderr(`rulectl: ${errors.length} error(s) in rule files; those rules are not deployed\n`);
  }
  for (const n of planned.notices) io.stderr(`rulectl: ${n}\n`);
  if (conflicts.length && o.format !== 'json')
    io.stderr(
      `rulectl: ${conflicts.length} rule(s) have the id of a rule this repository does not own; those are left as ` +
        'they are (--adopt ID or --adopt-all to take them over)\n',
    );
  if (o.format === 'text') io.stdout(renderPlan(planned.workspace, changes));
  const drifted = changes.filter(c => c.kind === 'drifted').length;
  // on-drift fail: a portal edit must be looked at before anything is written, so nothing is.
  const blocked = planned.onDrift === 'fail' && drifted > 0;
  if (blocked)
    io.stderr(
      `rulectl: ${drifted} rule(s) changed in the workspace since this repository deployed them (on-drift: fail)` +
        `${o.dryRun ? '' : '; nothing was written'}: \`rulectl pull --drifted\` brings the changes into the ` +
        'repository, or deploy with --on-drift overwrite to replace them\n',
    );

  let results: ChangeResult[] | undefined;
  if (!o.dryRun && !blocked) {
    const onResult = progress(io);
    results = await applyPlan(o.client, changes, {
      repository: planned.repository,
      concurrency: o.concurrency,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(onResult ? { onResult } : {}),
    });
    if (o.format === 'text') io.stdout(renderOutcome(results));
  }
  const report = deployReport(planned.workspace, changes, results, planned.diagnostics, {
    dryRun: o.dryRun,
    prune: planned.prune,
  });
  if (o.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  if (o.format === 'markdown')
    io.stdout(
      planMarkdown(changes, {
        workspace: planned.workspace,
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
  const failed = report.failed > 0 || errors.length > 0 || conflicts.length > 0 || blocked;
  return { exit: failed ? ExitCode.Findings : ExitCode.Ok, changes, ...(results ? { results } : {}), report };
}
