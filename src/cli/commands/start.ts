// `rulectl start` (npm start): the main job end to end on the embedded emulator: validate rules/, build
// templates/, start the emulator in-process, deploy, deploy again (which must write nothing), say what happened, then
// survey the rules over a day of generated logs that the emulator's query API serves.
import path from 'node:path';
import { buildTemplates } from '../../arm/build-templates.js';
import { loadConfig } from '../../config/config.js';
import { runDeploy } from '../deploy-run.js';
import { openWorkspace } from '../connection.js';
import { resolveWorkspace } from '../../deploy/target.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';
import { validateCommand } from './validate.js';
import { printBuild } from './build-arm.js';
import { InputError } from '../../rules/load.js';
import { formatSuite } from '../../testing/report.js';
import { runSuite } from '../../testing/suite.js';
import { toolVersion } from '../../version.js';

/** The rules' tests, as `rulectl test` runs them over the configured paths. */
async function runTests(paths: string[], required: boolean, io: CliIo): Promise<ExitCode> {
  let out;
  try {
    out = await runSuite({ paths, cwd: io.cwd, requireTests: required, schemaDirs: [] });
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  io.stdout(
    formatSuite(out, 'stylish', {
      cwd: io.cwd,
      version: toolVersion(),
      color: Boolean(io.stdoutIsTTY) && !io.env.NO_COLOR,
    }),
  );
  if (out.badInput.length) return ExitCode.Usage;
  return out.missing.length || out.results.some(r => !r.passed) ? ExitCode.Findings : ExitCode.Ok;
}

export const startCommand: Command = {
  command: 'start',
  describe:
    'Demo: validate, build templates, deploy twice to an in-process emulator (the second deploy writes nothing)',
  builder: y =>
    y
      .option('workspace', { alias: 'w', type: 'string', describe: 'An emulator workspace of rulectl.yaml' })
      .option('kql', {
        choices: ['full', 'syntax', 'off'],
        describe: "KQL analysis in the validate step (default: validate's)",
      }),
  async run(args, io) {
    const config = await loadConfig(io.cwd);
    const workspace = resolveWorkspace(config, typeof args.workspace === 'string' ? { workspace: args.workspace } : {});
    if (workspace.emulator !== 'embedded')
      throw new UsageError(
        `rulectl start deploys only to an embedded emulator; workspace "${workspace.name}" is not one`,
      );
    const paths = config.defaults.paths;
    const say = (text: string) => io.stdout(`\n== ${text}\n`);

    say(`1/6 validate ${paths.join(' ')}`);
    // validate's own run with its options as values: nothing is parsed twice.
    const valid = await validateCommand.run(
      { _: ['validate'], paths, ...(typeof args.kql === 'string' ? { kql: args.kql } : {}) },
      io,
    );
    if (valid === ExitCode.Usage) return valid;
    // The rules' tests run right after validation (step 1 still): a rule that no longer fires shows before deploy.
    io.stdout(`\n== 1/6 test ${paths.join(' ')}\n`);
    const tested = await runTests(paths, config.tests?.required ?? false, io);
    if (tested === ExitCode.Usage) return tested;
    say('2/6 build-arm -> templates/');
    // The queries were analysed in step 1; build-arm need not load the Kusto analyzer a second time.
    const build = await buildTemplates({
      cwd: io.cwd,
      paths,
      outDir: path.resolve(io.cwd, 'templates'),
      check: false,
      prune: false,
    });
    const built = printBuild(io, build, { check: false, bundle: false, prune: false });
    if (built === ExitCode.Usage) return built;

    say('3/6 start the emulator in-process');
    const { startEmulator } = await import('../../emulator/server.js');
    // The workspace's data file, as deploy -w uses it: start continues from what earlier deploys left there.
    const dataFile = workspace.data ? path.resolve(io.cwd, workspace.data) : undefined;
    const { loadSchemas } = await import('../../kql/schemas.js');
    const { demoLogs } = await import('../../survey/demo-logs.js');
    // Whole minutes: the survey's runs fall on the minute, as Sentinel's do.
    const end = Math.floor(Date.now() / 60_000) * 60_000;
    const emulator = await startEmulator({
      ...(dataFile ? { dataFile } : {}),
      logs: demoLogs(end, loadSchemas(io.cwd)),
    });
    io.stdout(`emulator listening on ${emulator.url} (loopback HTTPS, its own CA trusted by this process only)\n`);
    if (workspace.data) io.stdout(`  data: ${workspace.data}\n`);
    try {
      const connection = await openWorkspace(workspace, {
        cwd: io.cwd,
        env: io.env,
        running: emulator,
        ...(config.defaults.defaultPreview ? { readApiVersion: config.defaults.defaultPreview } : {}),
      });
      const deploy = () =>
        runDeploy({
          io,
          config,
          workspace,
          client: connection.client,
          paths,
          dryRun: false,
          concurrency: config.defaults.concurrency,
          format: 'text',
        });
      say(`4/6 deploy to ${workspace.name}`);
      const before = emulator.stats().writes;
      const first = await deploy();
      const firstWrites = emulator.stats().writes - before;
      say('5/6 deploy again: nothing changed, so nothing may be written');
      const again = emulator.stats().writes;
      const second = await deploy();
      const secondWrites = emulator.stats().writes - again;
      const deployed = first.changes.filter(c => c.desired).length;
      io.stdout(
        `\nDone: ${deployed} rule(s) deployed to ${workspace.name} (${firstWrites} writes seen by the emulator, ` +
          `rules and ownership records); the redeploy made ${secondWrites} writes.\n`,
      );
      if (secondWrites > 0) io.stderr('rulectl: the redeploy wrote to the workspace; it should have been a no-op\n');

      say('6/6 survey: alerts the rules would have made over the last day of generated logs');
      const { loadRuleFiles } = await import('../../rules/load.js');
      const { logsQueryRunner } = await import('../../survey/query-client.js');
      const { survey } = await import('../../survey/survey.js');
      const { renderSurvey } = await import('../../survey/report.js');
      const rules = (await loadRuleFiles(paths, io.cwd)).files.filter(f => f.data);
      const runner = logsQueryRunner({
        resourceId: `/subscriptions/${workspace.subscription}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspace}`,
        emulator: { url: emulator.url, ca: emulator.ca, token: emulator.token },
      });
      const surveyed = await survey({ rules, end, days: 1, run: runner.run, signal: new AbortController().signal });
      io.stdout(renderSurvey(surveyed, 'text'));
      const ok =
        valid === ExitCode.Ok && built === ExitCode.Ok && first.exit === ExitCode.Ok && second.exit === ExitCode.Ok;
      return ok && secondWrites === 0 ? ExitCode.Ok : ExitCode.Findings;
    } finally {
      await emulator.close();
    }
  },
};
