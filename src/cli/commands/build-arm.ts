// `rulectl build-arm [paths..]`: validate, then write one ARM template per rule (or bundles); `--check` compares only.
import path from 'node:path';
import { buildTemplates, DEFAULT_RULE_PATHS, type BuildTemplatesResult } from '../../arm/build-templates.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { summarize } from '../../diagnostics/order.js';
import { stylish } from '../../report/formatters/stylish.js';
import { displayPath } from '../../rules/load.js';
import { BUILTIN_CHECKS } from '../../validate/builtin-checks.js';
import { CHECKS } from '../../validate/checks/index.js';
import { toolVersion } from '../../version.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';
import type { CliIo } from '../io.js';
import { apiVersionFromArgs } from '../api-version-option.js';
import { kqlOptionsFromArgs, withKqlOptions } from '../kql-options.js';

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

/** Prints what buildTemplates did, as build-arm (and start's build step) report it, and picks the exit code. */
export function printBuild(
  io: CliIo,
  r: BuildTemplatesResult,
  o: { check: boolean; bundle: boolean; prune: boolean },
): ExitCode {
  for (const n of r.notices) io.stderr(`${n}\n`);
  report(io, r.errors, r.files);
  const shown = (p: string) => displayPath(p, io.cwd);
  if (o.check)
    for (const { template: t, missing } of r.changed)
      io.stdout(`${missing ? 'missing' : 'stale'}: ${shown(t.path)} (from ${t.sources.join(', ') || 'no rules'})\n`);
  for (const f of r.unreadable)
    io.stdout(`not pruning: ${f} has no readable id (its template cannot be told from an orphan)\n`);
  for (const p of r.kept) io.stdout(`kept: ${shown(p)} (not a template build-arm wrote; delete it by hand)\n`);
  for (const p of r.deleted) io.stdout(`deleted: ${shown(p)}\n`);
  if (!o.prune)
    for (const p of r.orphans)
      io.stdout(
        o.check
          ? `no rule: ${shown(p)} (delete it or restore its rule; rulectl build-arm --prune-templates deletes it)\n`
          : `warning: no rule any more: ${shown(p)} (run with --prune-templates to delete it)\n`,
      );
  const skipped = new Set(r.errors.map(d => d.file)).size;
  const missing = r.changed.filter(c => c.missing).length;
  const stale = r.changed.length - missing;
  const extra = r.orphans.length;
  if (o.check) {
    const problems = missing + stale + extra;
    io.stdout(
      problems
        ? `${problems} template(s) not fresh (${missing} missing, ${stale} stale, ${extra} without a rule); run rulectl build-arm${extra ? ' --prune-templates' : ''}\n`
        : `${r.targets.length} template(s) up to date${r.partial && !o.bundle ? ' (templates without a rule are only looked for when no path is given)' : ''}\n`,
    );
    return problems || skipped ? ExitCode.Findings : ExitCode.Ok;
  }
  io.stdout(
    `built ${r.built} rule(s) into ${r.targets.length} template(s): ${r.changed.length} written, ${r.targets.length - r.changed.length} unchanged` +
      (r.deleted.length ? `; ${r.deleted.length} deleted` : '') +
      (skipped ? `; ${skipped} file(s) not built because of errors` : '') +
      '\n',
  );
  return skipped ? ExitCode.Findings : ExitCode.Ok;
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
    const paths = (args.paths as string[] | undefined) ?? DEFAULT_RULE_PATHS;
    const apiVersion = apiVersionFromArgs(args);
    const bundleArg = args.bundle as string | undefined;
    if (bundleArg === '') throw new UsageError('--bundle needs a file name');
    const bundle = bundleArg ? path.resolve(io.cwd, bundleArg) : undefined;
    const check = args.check === true;
    const r = await buildTemplates({
      cwd: io.cwd,
      paths,
      outDir: path.resolve(io.cwd, (args.out as string | undefined) ?? 'templates'),
      ...(bundle ? { bundle } : {}),
      ...(apiVersion ? { apiVersion } : {}),
      kql: kqlOptionsFromArgs(args, io),
      check,
      prune: args['prune-templates'] === true,
    });
    return printBuild(io, r, { check, bundle: Boolean(bundle), prune: args['prune-templates'] === true });
  },
};
