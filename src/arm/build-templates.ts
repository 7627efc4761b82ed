// build-arm as a library: validate the rule files, map them, compare the templates with what is on disk, write the
// changed ones (unless checking) and delete orphans (with prune). Returns what happened; prints nothing.
import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/order.js';
import { UsageError } from '../errors.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import type { KqlOptions } from '../kql/analyze-queries.js';
import { GUID } from '../mapping/to-api.js';
import { displayPath, loadRuleFiles, samePaths, skippedNote, type RuleFile, reason } from '../rules/load.js';
import { printable } from '../report/terminal-text.js';
import { validateRules } from '../validate/validate.js';
import { bundleTargets, mapRules, perRuleTargets, type TemplateFile } from './build.js';
import { builtTemplateRules } from './template.js';

/** Where rules are when no path is given; templates without a rule are only looked for in a build of these. */
export const DEFAULT_RULE_PATHS = ['rules'];

export interface BuildTemplatesOptions {
  cwd: string;
  paths: string[];
  /** Absolute folder for <id>.json templates. */
  outDir: string;
  /** Absolute file for one template holding every rule (split above 50 rules), instead of one per rule. */
  bundle?: string;
  apiVersion?: string;
  kql?: KqlOptions;
  /** Write nothing, only compare. */
  check: boolean;
  /** Delete the templates build-arm wrote whose rule is gone. */
  prune: boolean;
}

export interface BuildTemplatesResult {
  /** Loader notes (skipped links and non-rule YAML), one line each. */
  notices: string[];
  /** Errors that kept a rule file from being built, sorted. */
  errors: Diagnostic[];
  /** Rule files read. */
  files: number;
  /** Rules mapped into templates. */
  built: number;
  targets: TemplateFile[];
  /** Templates that were (or, with check, would be) written, in target order: absent or different on disk. */
  changed: { template: TemplateFile; missing: boolean }[];
  /** Template files in the output that no rule produces any more. */
  orphans: string[];
  /** With prune: what was deleted, what was kept (not written by build-arm), and the rule files that stopped it. */
  deleted: string[];
  kept: string[];
  unreadable: string[];
  /** Only some rule paths were built: orphans are not looked for (unless bundling). */
  partial: boolean;
}

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
 * Deletes the orphans build-arm wrote (a per-rule file must hold just the rule its name says); anything else is
 * kept. Nothing is deleted while a rule file has no readable id: its template would look ruleless.
 */
function pruneTemplates(
  orphaned: readonly string[],
  files: readonly RuleFile[],
  bundle: boolean,
  shown: (p: string) => string,
): Pick<BuildTemplatesResult, 'deleted' | 'kept' | 'unreadable'> {
  const unreadable = files.filter(f => typeof f.data?.id !== 'string').map(f => f.file);
  if (orphaned.length && unreadable.length) return { deleted: [], kept: [], unreadable };
  const deleted: string[] = [];
  const kept: string[] = [];
  for (const p of orphaned) {
    const names = builtTemplateRules(readOrUndefined(p, shown(p)) ?? '');
    const own = names && (bundle || names.join() === path.basename(p, '.json').toLowerCase());
    if (!own) {
      kept.push(p);
      continue;
    }
    try {
      unlinkSync(p);
    } catch (e) {
      throw new UsageError(`cannot delete ${shown(p)}: ${reason(e)}`);
    }
    deleted.push(p);
  }
  return { deleted, kept, unreadable: [] };
}

export async function buildTemplates(o: BuildTemplatesOptions): Promise<BuildTemplatesResult> {
  const { cwd, outDir, bundle, apiVersion } = o;
  if (o.check && o.prune)
    throw new UsageError('--check writes nothing and --prune-templates deletes: give one of them');
  // Templates of rules outside the paths given would all look ruleless: only a build of every rule judges them.
  const partial = !samePaths(o.paths, DEFAULT_RULE_PATHS, cwd);
  if (o.prune && partial && !bundle)
    throw new UsageError('--prune-templates needs a build of every rule: give no paths (or rules)');

  const loaded = await loadRuleFiles(o.paths, cwd);
  const notices = loaded.dangling.map(
    f => `rulectl: warning: skipped ${printable(f)}: a symbolic link to something that does not exist`,
  );
  const note = skippedNote(loaded.skipped);
  if (note) notices.push(note);
  const validation = [
    ...loaded.diagnostics,
    ...validateRules(loaded.files, { ...(apiVersion ? { apiVersion } : {}), ...(o.kql ? { kql: o.kql } : {}) }),
  ];
  const blocked = new Set(validation.filter(d => d.severity === 'error').map(d => d.file));
  const mapped = mapRules(loaded.files, blocked, apiVersion ? { apiVersion } : {});
  const errors = sortDiagnostics([...validation, ...mapped.diagnostics].filter(d => d.severity === 'error'));

  const targets = bundle ? bundleTargets(mapped.built, bundle) : perRuleTargets(mapped.built, outDir);
  const extra = partial && !bundle ? [] : await orphans(targets, loaded.files, outDir, bundle);
  const shown = (p: string) => displayPath(p, cwd);
  const changed: BuildTemplatesResult['changed'] = [];
  // Only files that exist are read; a first build into an empty folder reads nothing.
  const present = new Set<string>();
  for (const dir of new Set(targets.map(t => path.dirname(t.path))))
    for (const name of await listDir(dir)) present.add(path.join(dir, name));
  for (const t of targets) {
    const current = present.has(t.path) ? readOrUndefined(t.path, shown(t.path)) : undefined;
    if (current === t.text) continue;
    changed.push({ template: t, missing: current === undefined });
  }
  if (!o.check)
    writeAll(
      changed.map(c => c.template),
      shown,
    );
  const pruned = o.prune
    ? pruneTemplates(extra, loaded.files, Boolean(bundle), shown)
    : { deleted: [], kept: [], unreadable: [] };
  return {
    notices,
    errors,
    files: loaded.files.length,
    built: mapped.built.length,
    targets,
    changed,
    orphans: extra,
    ...pruned,
    partial,
  };
}
