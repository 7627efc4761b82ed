// `rulectl validate [paths..]`: load, check, report; exit 1 on errors or too many warnings.
import { loadRuleFiles, skippedLinks, skippedNote, templateNote } from '../../rules/load.js';
import { sortDiagnostics, summarize } from '../../diagnostics/order.js';
import { validateRules } from '../../validate/validate.js';
import { CHECKS } from '../../validate/checks/index.js';
import { BUILTIN_CHECKS } from '../../validate/builtin-checks.js';
import { FORMATTERS } from '../../report/formatters/index.js';
import { stylish } from '../../report/formatters/stylish.js';
import { toolVersion } from '../../version.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';
import { apiVersionFromArgs } from '../api-version-option.js';
import { fixFiles } from '../../validate/fix.js';
import { unifiedDiff } from '../../report/unified-diff.js';
import { kqlOptionsFromArgs, withKqlOptions } from '../kql-options.js';

export const validateCommand: Command = {
  command: 'validate [paths..]',
  describe: 'Check rule files against the schema, the service limits and Microsoft content CI',
  builder: y =>
    withKqlOptions(y)
      .positional('paths', { type: 'string', array: true, default: ['rules'], describe: 'Rule files or folders' })
      .option('format', {
        alias: 'f',
        choices: Object.keys(FORMATTERS),
        default: 'stylish',
        describe: 'Output format',
      })
      // requiresArg: a bare flag (an unset variable in CI) would otherwise mean no limit or no pin, silently.
      .option('max-warnings', {
        type: 'number',
        requiresArg: true,
        describe: 'Exit 1 when there are more warnings than this',
      })
      .option('api-version', {
        type: 'string',
        requiresArg: true,
        describe: 'Check against this alertRules api-version',
      })
      .option('color', {
        type: 'boolean',
        describe: 'Colour the stylish output (default: on a terminal, unless NO_COLOR)',
      })
      .option('code-frame', { type: 'boolean', default: false, describe: 'Stylish: show each source line with ^~~~' })
      .option('fix', {
        type: 'boolean',
        default: false,
        describe: 'Apply the safe fixes in place, then report the rest',
      })
      .option('fix-dry-run', {
        type: 'boolean',
        default: false,
        describe: 'Print the fixes --fix would make as a unified diff; write nothing',
      })
      .example('$0 validate --fix', 'Correct casing, duration spellings and misspelt keys, keeping comments')
      .example('$0 validate', 'Validate rules/')
      .example('$0 validate rules/identity --format github', 'Annotations for a GitHub Actions job')
      .example('$0 validate --format sarif > rulectl.sarif', 'A SARIF report for code scanning'),
  async run(args, io) {
    const maxWarnings = args['max-warnings'] as number | undefined;
    // yargs turns `--max-warnings abc` into NaN, which would silently allow any number of warnings.
    if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0))
      throw new UsageError('--max-warnings needs a whole number, 0 or more');
    const apiVersion = apiVersionFromArgs(args);
    const paths = (args.paths as string[] | undefined) ?? ['rules'];
    if (args.fix === true || args['fix-dry-run'] === true) {
      if (args.fix === true && args['fix-dry-run'] === true)
        throw new UsageError('give --fix or --fix-dry-run, not both');
      const dryRun = args['fix-dry-run'] === true;
      const fixes = await fixFiles({ cwd: io.cwd, paths, ...(apiVersion ? { apiVersion } : {}), write: !dryRun });
      const count = fixes.reduce((n, f) => n + f.fixed.length, 0);
      if (dryRun) {
        for (const f of fixes) io.stdout(unifiedDiff(f.file, f.before, f.after));
        io.stderr(`rulectl: ${count} fix(es) in ${fixes.length} file(s) would be applied (nothing written)\n`);
        return fixes.length ? ExitCode.Findings : ExitCode.Ok;
      }
      io.stderr(`rulectl: applied ${count} fix(es) in ${fixes.length} file(s)\n`);
    }
    const loaded = await loadRuleFiles(paths, io.cwd);
    io.stderr(skippedLinks(loaded));
    for (const note of [skippedNote(loaded.skipped), ...loaded.files.map(templateNote)])
      if (note) io.stderr(`${note}\n`);
    const diagnostics = sortDiagnostics([
      ...loaded.diagnostics,
      ...validateRules(loaded.files, { ...(apiVersion ? { apiVersion } : {}), kql: kqlOptionsFromArgs(args, io) }),
    ]);
    const summary = summarize(diagnostics, loaded.files.length);
    const format = (args.format as string | undefined) ?? 'stylish';
    const formatter = FORMATTERS[format] ?? stylish;
    const color = (args.color as boolean | undefined) ?? (Boolean(io.stdoutIsTTY) && !io.env.NO_COLOR);
    io.stdout(
      formatter(diagnostics, {
        cwd: io.cwd,
        color,
        version: toolVersion(),
        summary,
        checks: [...BUILTIN_CHECKS, ...CHECKS].map(c => ({ id: c.id, summary: c.summary, severity: c.severity })),
        ...(args['code-frame'] ? { source: (file: string) => loaded.files.find(f => f.file === file)?.text } : {}),
      }),
    );
    if (summary.errors > 0) return ExitCode.Findings;
    if (maxWarnings !== undefined && summary.warnings > maxWarnings) return ExitCode.Findings;
    return ExitCode.Ok;
  },
};
