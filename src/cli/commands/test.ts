// `rulectl test [paths..]`: runs every rule's test cases (rules/x.tests.yaml beside rules/x.yaml) with rulectl's
// KQL engine, as Sentinel would schedule the rule. Exit 1 when a case fails, 2 when a test file is wrong.
import path from 'node:path';
import { loadConfig } from '../../config/config.js';
import { InputError } from '../../rules/load.js';
import { formatSuite, TEST_FORMATS, type TestFormat } from '../../testing/report.js';
import { runSuite } from '../../testing/suite.js';
import { toolVersion } from '../../version.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';

export const testCommand: Command = {
  command: 'test [paths..]',
  describe: "Run the rules' test cases (x.tests.yaml beside x.yaml) offline, as Sentinel schedules the rule",
  builder: y =>
    y
      .positional('paths', {
        type: 'string',
        array: true,
        describe: 'Rule files, test files or folders (default: rules/)',
      })
      .option('format', { alias: 'f', choices: TEST_FORMATS, default: 'stylish', describe: 'Output format' })
      .option('filter', {
        type: 'string',
        requiresArg: true,
        describe: 'Run only the cases whose name contains this text',
      })
      .option('require-tests', {
        type: 'boolean',
        describe:
          'A rule without tests, or without a firing and a quiet case, is an error (rulectl.yaml: tests.required)',
      })
      .option('init', { type: 'string', requiresArg: true, describe: 'Write a test file for this rule from its query' })
      .option('schema-dir', { type: 'string', array: true, describe: 'More table/function schemas (as validate)' })
      .option('color', { type: 'boolean', describe: 'Colour the output (default: on a terminal, unless NO_COLOR)' })
      .example('$0 test', 'Run every test under rules/')
      .example('$0 test rules/identity --format junit > junit.xml', 'A JUnit report for CI')
      .example('$0 test --init rules/x.yaml', 'Scaffold rules/x.tests.yaml'),
  async run(args, io) {
    const config = await loadConfig(io.cwd);
    const schemaDirs = ((args['schema-dir'] as string[] | undefined) ?? []).map(d => path.resolve(io.cwd, d));
    if (typeof args.init === 'string') {
      const { initTests } = await import('../../testing/init.js');
      const written = initTests(path.resolve(io.cwd, args.init), io.cwd, schemaDirs);
      if ('error' in written) throw new UsageError(written.error);
      io.stdout(`wrote ${written.file}: ${written.summary}\n`);
      return ExitCode.Ok;
    }
    const paths = (args.paths as string[] | undefined)?.length ? (args.paths as string[]) : config.defaults.paths;
    const format = ((args.format as string | undefined) ?? 'stylish') as TestFormat;
    let out;
    try {
      out = await runSuite({
        paths,
        cwd: io.cwd,
        ...(typeof args.filter === 'string' ? { filter: args.filter } : {}),
        requireTests: (args['require-tests'] as boolean | undefined) ?? config.tests?.required ?? false,
        schemaDirs,
      });
    } catch (e) {
      if (e instanceof InputError) throw new UsageError(e.message);
      throw e;
    }
    const color = (args.color as boolean | undefined) ?? (Boolean(io.stdoutIsTTY) && !io.env.NO_COLOR);
    io.stdout(formatSuite(out, format, { cwd: io.cwd, version: toolVersion(), color }));
    if (out.badInput.length) return ExitCode.Usage;
    if (out.missing.length || out.results.some(r => !r.passed)) return ExitCode.Findings;
    if (typeof args.filter === 'string' && out.results.length === 0)
      throw new UsageError(`no case name contains ${JSON.stringify(args.filter)}`);
    return ExitCode.Ok;
  },
};
