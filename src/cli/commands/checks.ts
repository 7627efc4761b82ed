// `rulectl checks`: the catalog of every diagnostic id validate can report (docs/checks.md is its Markdown form).
import { CATALOG_FORMATS, checkCatalog, renderCatalog, type CatalogFormat } from '../../report/check-catalog.js';
import type { Command } from '../command.js';
import { ExitCode } from '../../errors.js';

export const checksCommand: Command = {
  command: 'checks',
  describe: 'List every check validate runs, with its default severity and summary',
  builder: y =>
    y
      .option('format', {
        alias: 'f',
        choices: CATALOG_FORMATS,
        default: 'text',
        describe: 'Output format',
      })
      .example('$0 checks', 'One line per check')
      .example('$0 checks --format markdown > docs/checks.md', 'Regenerate the checks index')
      .example('$0 checks --format json', 'Machine-readable catalog'),
  run(args, io) {
    const format = (args.format as CatalogFormat | undefined) ?? 'text';
    io.stdout(renderCatalog(checkCatalog(), format));
    return Promise.resolve(ExitCode.Ok);
  },
};
