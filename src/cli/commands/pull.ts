// `rulectl pull -w NAME`: the workspace's rules into rule files (new files, or the repository's own files edited
// in place), so portal edits and rules made outside rulectl come under review.
import path from 'node:path';
import { DEFAULT_REPOSITORY } from '../../config/config.js';
import { planPull, repositoryFiles, writePull } from '../../pull/pull.js';
import { printable } from '../../report/terminal-text.js';
import { displayPath } from '../../rules/load.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { Command } from '../command.js';
import { readWorkspace, str, withWorkspaceOptions, workspaceFromArgs } from '../workspace-options.js';

export const pullCommand: Command = {
  command: 'pull',
  describe: "Write a workspace's alert rules into rule files (new rules, and portal edits of the repository's own)",
  builder: y =>
    withWorkspaceOptions(y, 'Pull from')
      .option('out', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        describe: 'Folder for rules the repository has no file for (default: the first of defaults.paths)',
      })
      .option('only', {
        type: 'string',
        array: true,
        describe: 'Pull only the rule with this id (repeatable)',
      })
      .option('drifted', {
        type: 'boolean',
        default: false,
        describe: 'Only rules this repository deployed that were changed in the workspace since',
      })
      .example('$0 pull -w prod --out rules/imported', 'Every rule of prod into rule files')
      .example('$0 pull -w prod --drifted', 'Portal edits of deployed rules back into their files'),
  async run(args, io) {
    const { config, workspace } = await workspaceFromArgs(args, io.cwd);
    const only = ((args.only as unknown[] | undefined) ?? []).map(String);
    if (only.some(id => !id)) throw new UsageError('--only needs a rule id');
    const outDir = path.resolve(io.cwd, str(args.out) ?? config.defaults.paths[0] ?? 'rules');
    const paths = [...config.defaults.paths.map(p => path.resolve(io.cwd, p)), outDir];
    const files = await repositoryFiles([...new Set(paths)], io.cwd);
    return readWorkspace(args, io, config, workspace, async connection => {
      const [actual, ownership] = await Promise.all([connection.client.listRules(), connection.client.listOwnership()]);
      const actions = planPull(actual, ownership, files, {
        repository: config.repository ?? DEFAULT_REPOSITORY,
        outDir,
        ...(only.length ? { only: new Set(only.map(id => id.toLowerCase())) } : {}),
        drifted: args.drifted === true,
        overrides: workspace.overrides,
        mapping: {
          ...(config.defaults.apiVersion ? { apiVersion: config.defaults.apiVersion } : {}),
          ...(config.defaults.defaultStable ? { defaultStable: config.defaults.defaultStable } : {}),
          ...(config.defaults.defaultPreview ? { defaultPreview: config.defaults.defaultPreview } : {}),
        },
      });
      if (only.length) {
        const seen = new Set(actual.map(r => r.name.toLowerCase()));
        const missing = only.filter(id => !seen.has(id.toLowerCase()));
        if (missing.length)
          io.stderr(`rulectl: warning: no rule in the workspace has id ${printable(missing.join(', '))}\n`);
      }
      const writeErrors = await writePull(actions);
      const failedFiles = new Set(writeErrors.map(e => e.file));
      for (const e of writeErrors) io.stderr(`cannot write ${displayPath(e.file, io.cwd)}: ${e.error}\n`);
      const counts = { create: 0, update: 0, unchanged: 0, skipped: 0, failed: writeErrors.length };
      for (const a of actions) {
        const label = printable(a.displayName);
        if (a.kind === 'skipped') io.stdout(`skipped ${label} (${a.name}): ${a.reason}\n`);
        else if (a.kind === 'failed') io.stderr(`${label} (${a.name}): ${printable(a.reason)}\n`);
        else if (a.kind !== 'unchanged' && !failedFiles.has(a.file)) {
          io.stdout(`${a.kind === 'create' ? 'wrote' : 'updated'} ${displayPath(a.file, io.cwd)}\n`);
          for (const note of a.notes) io.stderr(`note: ${displayPath(a.file, io.cwd)}: ${printable(note)}\n`);
        }
        if (a.kind !== 'create' && a.kind !== 'update') counts[a.kind]++;
        else if (!failedFiles.has(a.file)) counts[a.kind]++;
      }
      io.stdout(
        `pulled ${workspace.name}: ${counts.create} new file(s), ${counts.update} updated, ${counts.unchanged} unchanged` +
          `${counts.skipped ? `, ${counts.skipped} skipped (kinds rule files cannot hold)` : ''}` +
          `${counts.failed ? `, ${counts.failed} failed` : ''}\n`,
      );
      return counts.failed ? ExitCode.Findings : ExitCode.Ok;
    });
  },
};
