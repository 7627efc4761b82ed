// `rulectl build-arm [paths..]`: validate, then write one ARM template per rule (or bundles); `--check` compares only.
import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { bundleTargets, mapRules, perRuleTargets, type TemplateFile } from '../../arm/build.js';
import { builtTemplateRules } from '../../arm/template.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { sortDiagnostics, summarize } from '../../diagnostics/order.js';
import { writeFileAtomicSync } from '../../fs/atomic-write.js';
import { GUID } from '../../mapping/to-api.js';
import { stylish } from '../../report/formatters/stylish.js';
import {
  displayPath,
  loadRuleFiles,
  samePaths,
  skippedLinks,
  skippedNote,
  type RuleFile,
  reason,
} from '../../rules/load.js';
import { BUILTIN_CHECKS } from '../../validate/builtin-checks.js';
import { CHECKS } from '../../validate/checks/index.js';
import { validateRules } from '../../validate/validate.js';
import { toolVersion } from '../../version.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';
import type { CliIo } from '../io.js';
import { apiVersionFromArgs } from '../api-version-option.js';
import { kqlOptionsFromArgs, withKqlOptions } from '../kql-options.js';

function readOrUndefined(file: string, shown: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${shown}: ${reason(e)}`);
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Where rules are when no path is given; templates without a rule are only looked for in a build of these. */
const DEFAULT_PATHS = ['rules'];

/** Template files in the output that no rule produces any more (deleted only with --prune-templates). */
async function orphans(targets: readonly TemplateFile[], files: readonly RuleFile[], outDir: string, bundle?: string) {
  const wanted = new Set(targets.map(t => t.path));
  if (bundle) {
    const stem = path.basename(bundle).replace(/\.json$/i, '');
    const part = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-\\d+)?\\.json$`, 'i');
    const dir = path.dirname(bundle);
    return (await listDir(dir)).map(n => path.join(dir, n)).filter(p => part.test(path.basename(p)) && !wanted.has(p));
  }
  // A rule that failed validation keeps its template: it still has a rule, just not a buildable one today.
  const ids = new Set(files.map(f => (typeof f.data?.id === 'string' ? f.data.id.toLowerCase() : '')));
  return (await listDir(outDir))
    .filter(n => n.endsWith('.json') && GUID.test(n.slice(0, -5)) && !ids.has(n.slice(0, -5).toLowerCase()))
    .map(n => path.join(outDir, n))
    .filter(p => !wanted.has(p));
}

function writeAll(files: readonly TemplateFile[], shown: (p: string) => string): void {
  for (const dir of new Set(files.map(f => path.dirname(f.path))))
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      // --out or --bundle names a file where a folder must be.
      throw new UsageError(`cannot create folder ${shown(dir)}: ${reason(e)}`);
    }
  for (const t of files) {
    try {
      writeFileAtomicSync(t.path, t.text, { createDir: false });
    } catch (e) {
      throw new UsageError(`cannot write ${shown(t.path)}: ${reason(e)}`);
    }
  }
}

/**
 * --prune-templates: deletes the orphans build-arm wrote (a per-rule file must hold just the rule its name says);
 * anything else is kept and named. Nothing is deleted while a rule file has no readable id: its template would
 * look ruleless.
 */
function pruneTemplates(orphaned: readonly string[], files: readonly RuleFile[], bundle: boolean, io: CliIo): number {
  const shown = (p: string) => displayPath(p, io.cwd);
  const unreadable = files.filter(f => typeof f.data?.id !== 'string');
  if (orphaned.length && unreadable.length) {
    for (const f of unreadable)
      io.stdout(`not pruning: ${f.file} has no readable id (its template cannot be told from an orphan)\n`);
    return 0;
  }
  let deleted = 0;
  for (const p of orphaned) {
    const names = builtTemplateRules(readOrUndefined(p, shown(p)) ?? '');
    const own = names && (bundle || names.join() === path.basename(p, '.json').toLowerCase());
    if (!own) {
      io.stdout(`kept: ${shown(p)} (not a template build-arm wrote; delete it by hand)\n`);
      continue;
    }
    try {
      unlinkSync(p);
    } catch (e) {
      throw new UsageError(`cannot delete ${shown(p)}: ${reason(e)}`);
    }
    io.stdout(`deleted: ${shown(p)}\n`);
    deleted++;
  }
  return deleted;
}

function report(io: CliIo, diagnostics: Diagnostic[], fileCount: number): void {
  if (!diagnostics.length) return;
  io.stdout(
    stylish(diagnostics, {
      cwd: io.cwd,
      color: Boolean(io.stdoutIsTTY) && !io.env.NO_COLOR,
      version: toolVersion(),
      summary: summarize(diagnostics, fileCount),
      checks: [...BUILTIN_CHECKS, ...CHECKS].map(c => ({ id: c.id, summary: c.summary, severity: c.severity })),
    }),
  );
}

export const buildArmCommand: Command = {
  command: 'build-arm [paths..]',
  describe: 'Build ARM templates from rule files (templates/<id>.json), deterministically',
  builder: y =>
    withKqlOptions(y)
      .positional('paths', { type: 'string', array: true, default: ['rules'], describe: 'Rule files or folders' })
      .option('out', {
        alias: 'o',
        type: 'string',
        default: 'templates',
        requiresArg: true,
        describe: 'Folder for <id>.json templates',
      })
      .option('bundle', {
        type: 'string',
        describe: 'Write one template holding every rule instead (split into FILE-1.json, … above 50 rules)',
      })
      .option('api-version', {
        type: 'string',
        requiresArg: true,
        describe: 'Pin the alertRules api-version for every rule',
      })
      .option('check', {
        type: 'boolean',
        default: false,
        describe: 'Write nothing; exit 1 if templates are not fresh',
      })
      .option('prune-templates', {
        type: 'boolean',
        default: false,
        describe: 'Delete the templates build-arm wrote whose rule is gone (needs every rule: no paths)',
      })
      .example('$0 build-arm', 'rules/ -> templates/<id>.json')
      .example('$0 build-arm --check', 'CI: fail when templates/ is missing, stale or has orphans')
      .example('$0 build-arm --prune-templates', 'Build, and delete the templates of rules that are gone')
      .example('$0 build-arm rules --bundle dist/sentinel.json', 'One importable template per 50 rules'),
  async run(args, io) {
    const paths = (args.paths as string[] | undefined) ?? DEFAULT_PATHS;
    const apiVersion = apiVersionFromArgs(args);
    const bundleArg = args.bundle as string | undefined;
    if (bundleArg === '') throw new UsageError('--bundle needs a file name');
    const outDir = path.resolve(io.cwd, (args.out as string | undefined) ?? 'templates');
    const bundle = bundleArg ? path.resolve(io.cwd, bundleArg) : undefined;
    const check = args.check === true;
    const prune = args['prune-templates'] === true;
    if (check && prune) throw new UsageError('--check writes nothing and --prune-templates deletes: give one of them');
    // Templates of rules outside the paths given would all look ruleless: only a build of every rule judges them.
    const partial = !samePaths(paths, DEFAULT_PATHS, io.cwd);
    if (prune && partial && !bundle)
      throw new UsageError('--prune-templates needs a build of every rule: give no paths (or rules)');

    const loaded = await loadRuleFiles(paths, io.cwd);
    io.stderr(skippedLinks(loaded));
    const note = skippedNote(loaded.skipped);
    if (note) io.stderr(`${note}\n`);
    const validation = [
      ...loaded.diagnostics,
      ...validateRules(loaded.files, { ...(apiVersion ? { apiVersion } : {}), kql: kqlOptionsFromArgs(args, io) }),
    ];
    const blocked = new Set(validation.filter(d => d.severity === 'error').map(d => d.file));
    const mapped = mapRules(loaded.files, blocked, apiVersion ? { apiVersion } : {});
    const errors = sortDiagnostics([...validation, ...mapped.diagnostics].filter(d => d.severity === 'error'));
    report(io, errors, loaded.files.length);

    const targets = bundle ? bundleTargets(mapped.built, bundle) : perRuleTargets(mapped.built, outDir);
    const extra = partial && !bundle ? [] : await orphans(targets, loaded.files, outDir, bundle);
    const shown = (p: string) => displayPath(p, io.cwd);
    let missing = 0;
    let stale = 0;
    // Only files that exist are read; a first build into an empty folder reads nothing.
    const present = new Set<string>();
    for (const dir of new Set(targets.map(t => path.dirname(t.path))))
      for (const name of await listDir(dir)) present.add(path.join(dir, name));
    const changed: TemplateFile[] = [];
    for (const t of targets) {
      const current = present.has(t.path) ? readOrUndefined(t.path, shown(t.path)) : undefined;
      if (current === t.text) continue;
      if (check)
        io.stdout(
          `${current === undefined ? 'missing' : 'stale'}: ${shown(t.path)} (from ${t.sources.join(', ') || 'no rules'})\n`,
        );
      if (current === undefined) missing++;
      else stale++;
      changed.push(t);
    }
    if (!check) writeAll(changed, shown);
    const deleted = prune ? pruneTemplates(extra, loaded.files, Boolean(bundle), io) : 0;
    if (!prune)
      for (const p of extra)
        io.stdout(
          check
            ? `no rule: ${shown(p)} (delete it or restore its rule; rulectl build-arm --prune-templates deletes it)\n`
            : `warning: no rule any more: ${shown(p)} (run with --prune-templates to delete it)\n`,
        );
    const skipped = new Set(errors.map(d => d.file)).size;
    if (check) {
      const problems = missing + stale + extra.length;
      io.stdout(
        problems
          ? `${problems} template(s) not fresh (${missing} missing, ${stale} stale, ${extra.length} without a rule); run rulectl build-arm${extra.length ? ' --prune-templates' : ''}\n`
          : `${targets.length} template(s) up to date${partial && !bundle ? ' (templates without a rule are only looked for when no path is given)' : ''}\n`,
      );
      return problems || skipped ? ExitCode.Findings : ExitCode.Ok;
    }
    io.stdout(
      `built ${mapped.built.length} rule(s) into ${targets.length} template(s): ${changed.length} written, ${targets.length - changed.length} unchanged` +
        (deleted ? `; ${deleted} deleted` : '') +
        (skipped ? `; ${skipped} file(s) not built because of errors` : '') +
        '\n',
    );
    return skipped ? ExitCode.Findings : ExitCode.Ok;
  },
};
