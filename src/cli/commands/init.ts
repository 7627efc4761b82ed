// `rulectl init [--force]`: start a rules repository here (rulectl.yaml, an example rule and its tests, workflows,
// .gitignore, editor settings). Exit 1, writing nothing, when any of those files exists and --force is not given.
import { initRepository } from '../../init/init.js';
import { reason } from '../../rules/load.js';
import { printable } from '../../report/terminal-text.js';
import type { Command } from '../command.js';
import { ExitCode, UsageError } from '../../errors.js';

export const initCommand: Command = {
  command: 'init',
  describe: 'Start a rules repository in the current folder: rulectl.yaml, an example rule and test, workflows',
  builder: y =>
    y
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite the files that exist' })
      .example('$0 init', 'Write the starter files; refuses when one exists')
      .example('$0 init --force', 'Write them over the existing ones'),
  run(args, io) {
    let result;
    try {
      result = initRepository(io.cwd, { force: args.force === true });
    } catch (e) {
      throw new UsageError(`cannot write the starter files: ${reason(e)}`);
    }
    if ('existing' in result) {
      const list = result.existing.map(f => `  ${printable(f)}\n`).join('');
      io.stderr(`rulectl: init writes nothing: these files exist (--force overwrites them):\n${list}`);
      return Promise.resolve(ExitCode.Findings);
    }
    io.stdout(
      `${result.written.map(f => `wrote ${f}\n`).join('')}` +
        'next: rulectl validate, rulectl test; add a workspace to rulectl.yaml, then rulectl deploy\n',
    );
    return Promise.resolve(ExitCode.Ok);
  },
};
