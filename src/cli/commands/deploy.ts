// `rulectl deploy`: validate, plan against the workspace, apply (or stop at the plan with --dry-run).
import type { OnDrift } from '../../config/config.js';
import type { Connection } from '../../deploy/connect.js';
import { ServiceError } from '../../deploy/types.js';
import { openWorkspace } from '../connection.js';
import { printable } from '../../report/terminal-text.js';
import { runDeploy, type DeployFormat } from '../deploy-run.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';
import { openOptions, str, withWorkspaceOptions, workspaceFromArgs } from '../workspace-options.js';

/** How long changes in flight may take to finish after Ctrl+C, well within the 7.5 s GitHub allows. */
const GRACE_MS = 4000;

export const deployCommand: Command = {
  command: 'deploy [paths..]',
  describe: 'Plan and apply rules to a Sentinel workspace (create, update, drift, prune)',
  builder: y =>
    withWorkspaceOptions(y, 'Deploy to')
      .positional('paths', {
        type: 'string',
        array: true,
        describe: 'Rule files or folders (default: rulectl.yaml defaults.paths, else rules)',
      })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan and stop' })
      .option('prune', {
        type: 'boolean',
        describe: 'Delete rules this repository deployed that it no longer has (default: the workspace setting)',
      })
      .option('adopt', {
        type: 'string',
        array: true,
        describe: 'Take over the rule with this id although this repository does not own it (repeatable)',
      })
      .option('adopt-all', {
        type: 'boolean',
        default: false,
        describe: 'Take over every rule with a repository rule id that this repository does not own',
      })
      .option('on-drift', {
        choices: ['overwrite', 'keep', 'fail'],
        describe:
          'A rule changed in the workspace since it was deployed: overwrite it, keep it, or fail before writing ' +
          "anything (default: the workspace's onDrift, else overwrite)",
      })
      .option('concurrency', { type: 'number', describe: 'Changes applied at once (default 4)' })
      .option('format', {
        alias: 'f',
        choices: ['text', 'json', 'markdown'],
        default: 'text',
        describe: 'Output format',
      })
      .example('$0 deploy --workspace prod --dry-run', 'Show what would change in prod')
      .example('$0 deploy -w prod --prune', 'Deploy and delete rules removed from the repository'),
  async run(args, io) {
    const { config, workspace } = await workspaceFromArgs(args, io.cwd);
    const concurrency = (args.concurrency as number | undefined) ?? config.defaults.concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
      throw new UsageError('--concurrency must be a whole number from 1 to 64');
    const paths = (args.paths as string[] | undefined)?.length ? (args.paths as string[]) : config.defaults.paths;
    const adoptIds = ((args.adopt as unknown[] | undefined) ?? []).map(String);
    if (adoptIds.some(id => !id)) throw new UsageError('--adopt needs a rule id');
    const onDrift = str(args['on-drift']) as OnDrift | undefined;
    const adopt =
      args['adopt-all'] === true ? true : adoptIds.length ? new Set(adoptIds.map(id => id.toLowerCase())) : undefined;
    // Ctrl+C or SIGTERM (GitHub cancels with SIGINT, then SIGTERM 7.5 s later): no new change starts, the changes in
    // flight get GRACE_MS to finish, then every call still waiting (a throttled retry, a paced write) is cancelled.
    // A second signal cancels them at once. Whatever is cut short, the next deploy finishes (see apply.ts).
    const interrupt = new AbortController();
    const cancel = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const onSignal = () => {
      if (interrupt.signal.aborted) {
        // From now on a signal has its default effect: a third one ends the process whatever it is waiting for.
        stopListening();
        cancel.abort();
        return;
      }
      io.stderr('\nrulectl: interrupted; finishing the changes in flight (again to cancel them at once)\n');
      interrupt.abort();
      grace = setTimeout(() => cancel.abort(), GRACE_MS);
    };
    const stopListening = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let connection: Connection | undefined;
    try {
      connection = await openWorkspace(workspace, { ...openOptions(args, io, config), signal: cancel.signal });
      const outcome = await runDeploy({
        io,
        config,
        workspace,
        client: connection.client,
        paths,
        dryRun: args['dry-run'] === true,
        ...(typeof args.prune === 'boolean' ? { prune: args.prune } : {}),
        concurrency,
        format: (str(args.format) ?? 'text') as DeployFormat,
        signal: interrupt.signal,
        ...(adopt ? { adopt } : {}),
        ...(onDrift ? { onDrift } : {}),
      });
      if (!interrupt.signal.aborted) return outcome.exit;
      const left = outcome.results?.filter(r => r.error?.endsWith('(interrupted)')).length ?? 0;
      io.stderr(`rulectl: interrupted: ${left} change(s) not applied; deploy again to finish\n`);
      return ExitCode.Interrupted;
    } catch (e) {
      if (!(e instanceof ServiceError) || !connection) throw e;
      if (interrupt.signal.aborted) {
        io.stderr('rulectl: interrupted before any change was applied\n');
        return ExitCode.Interrupted;
      }
      io.stderr(
        `rulectl: cannot read workspace ${workspace.name} at ${connection.describe}: ${printable(e.message)}\n`,
      );
      if (/CredentialUnavailable|authentication failed/i.test(e.message))
        io.stderr(
          'hint: sign in first (az login, AZURE_CLIENT_ID/AZURE_TENANT_ID/… variables, or azure/login with OIDC in Actions)\n',
        );
      return ExitCode.Usage;
    } finally {
      clearTimeout(grace);
      stopListening();
      await connection?.close();
    }
  },
};
