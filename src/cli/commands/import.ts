// `rulectl import <files..> --out rules/`: ARM templates or API responses -> one readable rule file per alert rule.
import path from 'node:path';
import { importDocuments } from '../../import/import-documents.js';
import { displayPath } from '../../rules/load.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';

export const importCommand: Command = {
  command: 'import <files..>',
  describe: 'Turn ARM templates (portal exports, SentinelARConverter, build-arm) into rule YAML files',
  builder: y =>
    y
      // No default: yargs would show `[default: []]` next to `[required]`.
      .positional('files', {
        type: 'string',
        array: true,
        default: undefined,
        describe: 'ARM template or API response JSON files',
      })
      .option('out', {
        alias: 'o',
        type: 'string',
        default: 'rules',
        requiresArg: true,
        describe: 'Folder for the rule files',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'Overwrite existing rule files (a rule whose id is already under --out replaces that file)',
      })
      .example('$0 import Azure_Sentinel_analytic_rules.json', 'A portal export -> rules/*.yaml'),
  async run(args, io) {
    const files = (args.files as string[] | undefined) ?? [];
    if (!files.length) throw new UsageError('name at least one JSON file to import');
    const outDir = path.resolve(io.cwd, (args.out as string | undefined) ?? 'rules');
    const force = args.force === true;
    const { events, written, skipped, failed } = await importDocuments({ cwd: io.cwd, files, outDir, force });
    for (const e of events)
      if (e.kind === 'wrote') io.stdout(`wrote ${displayPath(e.file, io.cwd)}\n`);
      else io.stderr(`${e.kind === 'skipped' ? 'skipped ' : e.kind === 'note' ? 'note: ' : ''}${e.text}\n`);
    io.stdout(
      `imported ${written} rule(s)${skipped ? `, skipped ${skipped} of kinds rule files cannot hold` : ''}${failed ? `, ${failed} failed` : ''}\n`,
    );
    return failed ? ExitCode.Findings : ExitCode.Ok;
  },
};
