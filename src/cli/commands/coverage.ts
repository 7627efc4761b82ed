// `rulectl coverage [paths..]`: the ATT&CK Enterprise coverage of the rules (html, navigator, markdown, json), and
// with --base/--base-ref the change against another tree or git ref.
import path from 'node:path';
import { loadConfig } from '../../config/config.js';
import type { Overrides } from '../../config/config.js';
import { diffCoverage, type CoverageDiff } from '../../coverage/diff.js';
import { coverageHtml, fileHref } from '../../coverage/html.js';
import { loadCoverageRules, loadCoverageRulesAtRef, type LoadedRules } from '../../coverage/load.js';
import { buildCoverage } from '../../coverage/model.js';
import { coverageJson, coverageMarkdown, navigatorLayer } from '../../coverage/render.js';
import { resolveWorkspace } from '../../deploy/target.js';
import { writeFileAtomicSync } from '../../fs/atomic-write.js';
import { reason } from '../../rules/load.js';
import { printable } from '../../report/terminal-text.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { str } from '../workspace-options.js';

const FORMATS = ['html', 'navigator', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

function note(io: CliIo, loaded: LoadedRules, what: string): void {
  if (!loaded.unreadable.length) return;
  const shown = loaded.unreadable.slice(0, 5).map(printable).join(', ');
  io.stderr(
    `note: left out ${loaded.unreadable.length} ${what}file(s) that do not parse as a rule (rulectl validate says why): ${shown}` +
      `${loaded.unreadable.length > 5 ? ', …' : ''}\n`,
  );
}

export const coverageCommand: Command = {
  command: 'coverage [paths..]',
  describe: 'ATT&CK coverage of the rules: an HTML matrix, a Navigator layer, markdown or JSON',
  builder: y =>
    y
      .positional('paths', { type: 'string', array: true, describe: 'Rule files or folders (default: rules/)' })
      .option('format', { alias: 'f', choices: FORMATS, default: 'html', describe: 'Output format' })
      .option('out', { alias: 'o', type: 'string', describe: 'Write to this file instead of stdout' })
      .option('base', { type: 'string', describe: "The base's rule files or folder: report the change against it" })
      .option('base-ref', { type: 'string', describe: 'A git ref: report the change against the same paths there' })
      .option('workspace', { alias: 'w', type: 'string', describe: "Apply this rulectl.yaml workspace's overrides" })
      .option('config', { type: 'string', describe: 'Configuration file (default rulectl.yaml)' })
      .conflicts('base', 'base-ref')
      .example('$0 coverage -o coverage.html', 'The matrix as one HTML page')
      .example('$0 coverage -f navigator -o layer.json', 'A layer to open in the ATT&CK Navigator')
      .example('$0 coverage -f markdown --base-ref origin/main', 'What a pull request changes, for a job summary'),
  async run(args, io) {
    const format = (args.format as Format | undefined) ?? 'html';
    const given = ((args.paths as string[] | undefined) ?? []).filter(p => p !== '');
    const workspaceName = str(args.workspace);
    const config = await loadConfig(io.cwd, str(args.config), given[0]);
    const paths = given.length ? given : config.defaults.paths;
    let overrides: Overrides = {};
    if (workspaceName !== undefined) overrides = resolveWorkspace(config, { workspace: workspaceName }).overrides;

    const head = await loadCoverageRules(paths, io.cwd, overrides);
    note(io, head, '');
    const coverage = buildCoverage(head.rules);

    let diff: CoverageDiff | undefined;
    const base = str(args.base);
    const baseRef = str(args['base-ref']);
    if (base !== undefined || baseRef !== undefined) {
      const loaded =
        baseRef !== undefined
          ? await loadCoverageRulesAtRef(baseRef, paths, io.cwd, overrides)
          : await loadCoverageRules([base as string], io.cwd, overrides);
      note(io, loaded, 'base ');
      diff = diffCoverage(buildCoverage(loaded.rules), coverage);
    }

    const out = str(args.out);
    const outAbs = out !== undefined ? path.resolve(io.cwd, out) : undefined;
    // Links go from the page to each rule file, so they work wherever the page and the rules are opened together.
    const pageDir = outAbs ? path.dirname(outAbs) : io.cwd;
    const href = (file: string) =>
      fileHref(path.relative(pageDir, path.resolve(io.cwd, file)).split(path.sep).join('/'));
    const text =
      format === 'html'
        ? coverageHtml(coverage, { href: r => href(r.file), ...(diff ? { diff } : {}) })
        : format === 'navigator'
          ? JSON.stringify(navigatorLayer(coverage), null, 2) + '\n'
          : format === 'json'
            ? JSON.stringify(coverageJson(coverage, diff), null, 2) + '\n'
            : coverageMarkdown(coverage, diff) + '\n';
    if (outAbs === undefined) io.stdout(text);
    else
      try {
        writeFileAtomicSync(outAbs, text);
      } catch (e) {
        throw new UsageError(`cannot write ${out}: ${reason(e)}`);
      }
    return ExitCode.Ok;
  },
};
