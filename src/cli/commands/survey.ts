// `rulectl survey`: how many alerts each rule would have made over the last days, from the workspace's own data
// (read-only: only the Log Analytics query API is called).
import type { RunningEmulator } from '../../emulator/options.js';
import { loadRuleFiles, skippedNote } from '../../rules/load.js';
import { MAX_SURVEY_DAYS } from '../../survey/plan.js';
import { renderSurvey, type SurveyFormat } from '../../survey/report.js';
import { ExitCode, UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { str, withWorkspaceOptions, workspaceFromArgs } from '../workspace-options.js';

export const surveyCommand: Command = {
  command: 'survey [paths..]',
  describe: "Estimate each rule's alerts per day by replaying its schedule over the workspace's recent data",
  builder: y =>
    withWorkspaceOptions(y, 'Query')
      .positional('paths', {
        type: 'string',
        array: true,
        describe: 'Rule files or folders (default: rulectl.yaml defaults.paths, else rules)',
      })
      .option('days', { type: 'number', default: 7, describe: `Days replayed, ending now (1-${MAX_SURVEY_DAYS})` })
      .option('format', {
        alias: 'f',
        choices: ['text', 'json', 'markdown'],
        default: 'text',
        describe: 'Output format',
      })
      .option('logs', {
        type: 'string',
        describe: 'With an embedded-emulator workspace: the log tables its query API serves (as emulator --logs)',
      })
      .example('$0 survey -w prod rules/identity', 'Alerts per day of the identity rules over the last 7 days')
      .example('$0 survey -w prod --days 14 -f markdown', 'Two weeks, as a job summary table'),
  async run(args, io) {
    const days = args.days as number;
    if (!Number.isInteger(days) || days < 1 || days > MAX_SURVEY_DAYS)
      throw new UsageError(`--days must be a whole number from 1 to ${MAX_SURVEY_DAYS}, got ${String(args.days)}`);
    const { config, workspace } = await workspaceFromArgs(args, io.cwd);
    const paths = (args.paths as string[] | undefined)?.length ? (args.paths as string[]) : config.defaults.paths;
    const format = (str(args.format) ?? 'text') as SurveyFormat;
    const logs = str(args.logs);
    if (logs && workspace.emulator !== 'embedded')
      throw new UsageError(`--logs is for a workspace with emulator: embedded; "${workspace.name}" is not one`);
    if (!workspace.emulator && workspace.endpoint)
      throw new UsageError(
        `workspace "${workspace.name}" is in a sovereign cloud (endpoint ${workspace.endpoint}); survey queries the public cloud's Log Analytics API only`,
      );
    const loaded = await loadRuleFiles(paths, io.cwd);
    const note = skippedNote(loaded.skipped);
    if (note) io.stderr(`${note}\n`);
    const rules = loaded.files.filter(f => f.data);
    for (const d of loaded.diagnostics.filter(d => d.severity === 'error'))
      io.stderr(`rulectl: ${d.file}: ${d.message} (not surveyed)\n`);
    if (!rules.length) throw new UsageError(`no rules to survey in ${paths.join(' ')}`);

    const interrupt = new AbortController();
    const onSignal = () => interrupt.abort(new Error('interrupted'));
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let emulator: RunningEmulator | undefined;
    try {
      // The SDK and the emulator are loaded only when a survey runs.
      const { logsQueryRunner } = await import('../../survey/query-client.js');
      const { survey } = await import('../../survey/survey.js');
      const resourceId = `/subscriptions/${workspace.subscription}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspace}`;
      let target: Parameters<typeof logsQueryRunner>[0];
      if (workspace.emulator === 'embedded') {
        const { startEmulator } = await import('../../emulator/server.js');
        const { logsOption } = await import('./emulator.js');
        emulator = await startEmulator(logs ? { logs: logsOption(logs, io.cwd) } : {});
        target = { resourceId, emulator: { url: emulator.url, ca: emulator.ca, token: emulator.token } };
      } else if (workspace.emulator) {
        const { emulatorTrust } = await import('../connection.js');
        const trust = await emulatorTrust(workspace.emulator, str(args['emulator-ca']), io.env, io.cwd);
        target = { resourceId, emulator: { url: workspace.emulator.replace(/\/+$/, ''), ...trust } };
      } else {
        const { azureCredential } = await import('../../deploy/client.js');
        target = { resourceId, credential: await azureCredential() };
      }
      const runner = logsQueryRunner(target);
      const progress = io.isTTY
        ? (done: number, total: number, queries: number) =>
            io.stderr(`\r\x1b[2Ksurvey: ${done}/${total} rule(s), ${queries} quer${queries === 1 ? 'y' : 'ies'}`)
        : undefined;
      // Whole minutes: the period does not depend on the second the command started.
      const end = Math.floor(Date.now() / 60_000) * 60_000;
      const result = await survey({
        rules,
        end,
        days,
        run: runner.run,
        signal: interrupt.signal,
        ...(progress ? { progress } : {}),
      });
      if (progress) io.stderr('\r\x1b[2K');
      if (result.interrupted) {
        io.stderr(`rulectl: interrupted: ${result.rules.length} of ${rules.length} rule(s) surveyed\n`);
        return ExitCode.Interrupted;
      }
      io.stdout(renderSurvey(result, format));
      return ExitCode.Ok;
    } catch (e) {
      if (interrupt.signal.aborted) {
        io.stderr('rulectl: interrupted\n');
        return ExitCode.Interrupted;
      }
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await emulator?.close();
    }
  },
};
