// `rulectl workspaces`: the workspaces of rulectl.yaml as text, JSON, or a GitHub Actions matrix.
import { DEFAULT_REPOSITORY, loadConfig } from '../../config/config.js';
import { shownUrl } from '../../deploy/target.js';
import type { Command } from '../command.js';
import { ExitCode } from '../../errors.js';

export const workspacesCommand: Command = {
  command: 'workspaces',
  describe: 'List the workspaces of rulectl.yaml (github-matrix: one deploy job per workspace)',
  builder: y =>
    y
      .option('format', {
        alias: 'f',
        choices: ['text', 'json', 'github-matrix'],
        default: 'text',
        describe: 'Output format',
      })
      .option('config', { type: 'string', describe: 'Configuration file (default rulectl.yaml)' })
      .example('$0 workspaces --format github-matrix', '{"include":[{"workspace":"prod","environment":"prod"}]}'),
  async run(args, io) {
    const config = await loadConfig(io.cwd, typeof args.config === 'string' ? args.config : undefined);
    const format = args.format as string;
    if (format === 'github-matrix') {
      const include = config.workspaces.map(w => ({ workspace: w.name, environment: w.environment }));
      io.stdout(`${JSON.stringify({ include })}\n`);
    } else if (format === 'json') {
      io.stdout(
        `${JSON.stringify({ repository: config.repository ?? DEFAULT_REPOSITORY, default: config.defaultWorkspace ?? null, workspaces: config.workspaces }, null, 2)}\n`,
      );
    } else {
      for (const w of config.workspaces) {
        const where = w.emulator
          ? `emulator ${shownUrl(w.emulator)}`
          : `${w.subscription}/${w.resourceGroup}/${w.workspace}`;
        const mark = w.name === config.defaultWorkspace ? ' (default)' : '';
        io.stdout(`${w.name}${mark}  ${where}  prune: ${w.prune}  environment: ${w.environment}\n`);
      }
      if (!config.workspaces.length) io.stdout('no workspaces (add them to rulectl.yaml)\n');
    }
    return ExitCode.Ok;
  },
};
