// `rulectl templates -w NAME`: the workspace's Content Hub alert rule templates against the repository's rules;
// `rulectl templates adopt ID...`: new rule files from templates, through the one mapping.
import path from 'node:path';
import { templateLink } from '../../mapping/to-api.js';
import { planPull, repositoryFiles, writePull } from '../../pull/pull.js';
import { printable } from '../../report/terminal-text.js';
import { displayPath, type RuleFile } from '../../rules/load.js';
import { templatesMarkdown, templatesText } from '../../templates/render.js';
import { asRuleResource, compareTemplates } from '../../templates/templates.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { readWorkspace, str, withWorkspaceOptions, workspaceFromArgs } from '../workspace-options.js';

export const templatesCommand: Command = {
  command: 'templates [action] [ids..]',
  describe: 'Compare the workspace’s Content Hub rule templates with the repository’s rules; adopt templates',
  builder: y =>
    withWorkspaceOptions(y, 'Read templates from')
      .positional('action', { choices: ['adopt'], describe: 'adopt: write rule files from the templates named' })
      .positional('ids', { type: 'string', array: true, describe: 'Template ids (with adopt)' })
      .option('format', {
        alias: 'f',
        choices: ['text', 'json', 'markdown'],
        default: 'text',
        describe: 'Output format',
      })
      .option('out', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        describe: 'adopt: folder for the new rule files (default: the first of defaults.paths)',
      })
      .example('$0 templates -w prod', 'Rules behind their template, and templates with no rule')
      .example('$0 templates adopt 0b9ae89d-8cad-461c-808f-0494f70ad5c4 -w prod', 'A new rule file from a template'),
  async run(args, io) {
    const { config, workspace } = await workspaceFromArgs(args, io.cwd);
    const adopt = args.action === 'adopt';
    const ids = ((args.ids as unknown[] | undefined) ?? []).map(String).filter(Boolean);
    if (adopt && !ids.length) throw new UsageError('templates adopt needs at least one template id');
    if (!adopt && ids.length) throw new UsageError('template ids are for `templates adopt ID...`');
    const outDir = path.resolve(io.cwd, str(args.out) ?? config.defaults.paths[0] ?? 'rules');
    const files = await repositoryFiles(
      [...new Set([...config.defaults.paths.map(p => path.resolve(io.cwd, p)), ...(adopt ? [outDir] : [])])],
      io.cwd,
    );
    return readWorkspace(args, io, config, workspace, async connection => {
      const templates = await connection.client.listTemplates();
      if (adopt) return await adoptTemplates(io, templates, files, ids, outDir);
      const report = compareTemplates(templates, files);
      const label = `${workspace.name} (${workspace.workspace})`;
      const format = str(args.format) ?? 'text';
      if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else if (format === 'markdown') io.stdout(templatesMarkdown(report, label));
      else io.stdout(templatesText(report, label));
      return ExitCode.Ok;
    });
  },
};

async function adoptTemplates(
  io: CliIo,
  templates: readonly { name: string; kind: string; properties: Record<string, unknown> }[],
  files: readonly RuleFile[],
  ids: readonly string[],
  outDir: string,
): Promise<ExitCode> {
  // A template is held by the file whose id it is, or whose rule was made from it (a pulled portal rule's link):
  // adopting it again would deploy a second rule from the same template.
  const held = new Map<string, { file: string; why: string }>();
  for (const f of files) {
    if (typeof f.data?.id !== 'string') continue;
    const link = templateLink(f.data);
    if (link) held.set(link.toLowerCase(), { file: f.file, why: `rule ${f.data.id}, made from template ${link}` });
    held.set(f.data.id.toLowerCase(), { file: f.file, why: `rule ${f.data.id}` });
  }
  let failed = 0;
  const chosen = [];
  for (const id of new Set(ids.map(i => i.toLowerCase()))) {
    const template = templates.find(t => t.name.toLowerCase() === id);
    const file = held.get(id);
    if (!template) io.stderr(`rulectl: no template ${printable(id)} in the workspace\n`);
    else if (file)
      io.stderr(`${file.file}: already holds ${printable(file.why)}; \`rulectl templates\` shows how it differs\n`);
    else {
      chosen.push(asRuleResource(template));
      continue;
    }
    failed++;
  }
  const actions = planPull(chosen, [], files, { repository: '', outDir, overrides: {}, mapping: {} });
  const writeErrors = await writePull(actions);
  for (const e of writeErrors) io.stderr(`cannot write ${displayPath(e.file, io.cwd)}: ${e.error}\n`);
  const bad = new Set(writeErrors.map(e => e.file));
  failed += writeErrors.length;
  let written = 0;
  for (const a of actions) {
    if (a.kind === 'skipped' || a.kind === 'failed') {
      io.stderr(`${printable(a.displayName)} (${a.name}): ${printable(a.reason)}\n`);
      failed++;
    } else if (a.kind === 'create' && !bad.has(a.file)) {
      io.stdout(`wrote ${displayPath(a.file, io.cwd)}\n`);
      for (const note of a.notes) io.stderr(`note: ${displayPath(a.file, io.cwd)}: ${printable(note)}\n`);
      written++;
    }
  }
  io.stdout(`adopted ${written} template(s)${failed ? `, ${failed} failed` : ''}\n`);
  return failed ? ExitCode.Findings : ExitCode.Ok;
}
