// Reads rule files once: bytes -> checked UTF-8 text -> plain data (js-yaml, fast) plus lazy positions.
// Unusable content becomes a diagnostic (see parse-rule.ts); only paths that cannot be read are errors.
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { printable } from '../report/terminal-text.js';
import { MAX_FILE_BYTES, parseRuleText, tooLarge } from './parse-rule.js';
import { DocumentPositions } from './positions.js';

export { MAX_EXPANDED_NODES, MAX_FILE_BYTES, parseRuleText } from './parse-rule.js';

export interface RuleFile {
  /** Display path: relative to cwd when inside it, `/` separators. */
  file: string;
  absPath: string;
  /** Text with any BOM removed; CRLF kept. */
  text: string;
  /** The parsed mapping, present only when the file loaded cleanly. */
  data?: Record<string, unknown>;
  positions: DocumentPositions;
}

export interface LoadResult {
  files: RuleFile[];
  diagnostics: Diagnostic[];
  /** Symbolic links met in folders that point at nothing (display paths): skipped, see skippedLinks(). */
  dangling: string[];
  /** YAML files found in a folder that are not rules (no `id`, no `query`), by display path: not loaded. */
  skipped: string[];
}

/** The note for files `loadRuleFiles` skipped (stderr), or undefined when there are none. */
export function skippedNote(skipped: readonly string[]): string | undefined {
  if (!skipped.length) return undefined;
  const shown = skipped.slice(0, 5).map(printable).join(', ') + (skipped.length > 5 ? `, and ${skipped.length - 5} more` : '');
  return `note: skipped ${skipped.length} YAML file(s) that are not rules (no id, no query): ${shown}; name a file to check it anyway`;
}

/** The note for a named file that is an ARM template (a `resources` list, no rule keys), or undefined. */
export function templateNote(file: RuleFile): string | undefined {
  const data = file.data;
  if (!data || ruleLike(data) || !Array.isArray(data.resources)) return undefined;
  const shown = printable(file.file);
  return `note: ${shown} is an ARM template, not a rule file; "rulectl import ${shown}" turns its rules into rule files`;
}

/** A path that does not exist or cannot be read: exit 2, the message names it. */
export class InputError extends Error {}

export function displayPath(absPath: string, cwd: string): string {
  // The common case, a file under cwd, without path.relative's normalising (measurable over a thousand files).
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  if (absPath.startsWith(prefix) && !absPath.includes(`${path.sep}..`)) return absPath.slice(prefix.length).split(path.sep).join('/');
  const rel = path.relative(cwd, absPath);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absPath;
  return shown.split(path.sep).join('/');
}

/** Whether two lists of paths name the same files and folders (`./rules/` is `rules`). */
export function samePaths(a: readonly string[], b: readonly string[], cwd: string): boolean {
  const set = (paths: readonly string[]) => [...new Set(paths.map(p => path.resolve(cwd, p)))].sort().join('\n');
  return set(a) === set(b);
}

const RULE_FILE = /\.ya?ml$/i;
/** rulectl's own configuration, at the top of a repository that `validate .` walks: never a rule. */
const CONFIG_FILE = /^rulectl\.ya?ml$/i;
/** A rule's tests (`rulectl test`), beside it: `x.tests.yaml` tests `x.yaml`; not a rule, so folders skip it. */
export const TEST_FILE = /\.tests\.ya?ml$/i;

/**
 * Whether a YAML file found in a folder is meant as a rule: every analytic rule has an `id` or a `query` (a rule
 * missing one of them is reported as such); other YAML in the folder (a tool's settings) has neither.
 */
function ruleLike(data: Record<string, unknown> | undefined): boolean {
  return data === undefined || Object.hasOwn(data, 'id') || Object.hasOwn(data, 'query');
}

/** Why a file operation failed, in words (`no such file or directory`), never a bare code such as `ENOENT`. */
export function reason(e: unknown): string {
  const { code, message } = e as NodeJS.ErrnoException;
  // Node's message is `CODE: description, syscall 'path'`: the description, without the path the caller names.
  const words = code && message?.startsWith(`${code}: `) ? message.slice(code.length + 2).split(', ')[0] : undefined;
  return words || message || String(e);
}

// Synchronous on purpose: for a thousand small local files it is several times faster than awaiting each one.
// Symbolic links are followed (a repository may link shared rules in); `seen` holds the real path of every folder
// walked, so a link back up the tree is not walked twice. A link to nothing (a README.md left behind, a submodule
// not checked out) is collected in `dangling` rather than ending the walk.
function walk(dir: string, out: Set<string>, seen: Set<string>, dangling: string[]): void {
  const real = realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    const kind = e.isSymbolicLink() ? linkTarget(p, dangling) : e;
    if (!kind) continue;
    if (kind.isDirectory()) walk(p, out, seen, dangling);
    else if (kind.isFile() && RULE_FILE.test(e.name) && !CONFIG_FILE.test(e.name) && !TEST_FILE.test(e.name)) out.add(p);
  }
}

/** What a link points at, or undefined (and the link noted) when that does not exist. */
function linkTarget(link: string, dangling: string[]): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(link);
  } catch (e) {
    // Only a missing target is skipped; a loop (ELOOP) or a refusal (EACCES) still stops the run.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    dangling.push(link);
    return undefined;
  }
}

/** One stderr warning per dangling link: the run goes on without it. */
export function skippedLinks(result: LoadResult): string {
  return result.dangling
    .map(f => `rulectl: warning: skipped ${printable(f)}: a symbolic link to something that does not exist\n`)
    .join('');
}

/**
 * Expands files and folders (recursively, `*.yaml|*.yml`, skipping dot-folders and node_modules) into a
 * sorted list. A path that does not exist, cannot be read, or is a folder without rule files is an InputError.
 */
export function findRuleFiles(paths: readonly string[], cwd: string, dangling: string[] = []): Promise<string[]> {
  const out = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let info;
    try {
      info = statSync(abs);
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      return Promise.reject(new InputError(missing ? `no such file or directory: ${p}` : `cannot read ${p}: ${reason(e)}`));
    }
    if (info.isFile()) {
      out.add(abs);
      continue;
    }
    // A FIFO or device would block the read or never end.
    if (!info.isDirectory()) return Promise.reject(new InputError(`not a regular file or folder: ${p}`));
    const found = new Set<string>();
    try {
      walk(abs, found, new Set(), dangling);
    } catch (e) {
      // Name the subfolder that failed, not the folder given.
      const where = (e as NodeJS.ErrnoException).path;
      return Promise.reject(new InputError(`cannot read ${where ? displayPath(where, cwd) : p}: ${reason(e)}`));
    }
    if (found.size === 0) return Promise.reject(new InputError(`no rule files (*.yaml, *.yml) in ${p}`));
    for (const f of found) out.add(f);
  }
  return Promise.resolve([...out].sort());
}

/** One buffer for every read: a file's bytes are only decoded, never kept. One byte more than the limit. */
let scratch: Buffer | undefined;

/** The file's bytes (valid until the next call), or its size when it is over the limit (never read in full). */
function readBounded(absPath: string): Uint8Array | number {
  scratch ??= Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
  const fd = openSync(absPath, 'r');
  try {
    let read = 0;
    for (let n = 1; n > 0 && read < scratch.length; read += n) n = readSync(fd, scratch, read, scratch.length - read, null);
    return read > MAX_FILE_BYTES ? fstatSync(fd).size : scratch.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads every rule file under `paths`. Unreadable inputs throw InputError (exit 2); bad content is a diagnostic.
 * A YAML file found in a folder that parses but is not rule-like is skipped (listed in `skipped`); a file named
 * on its own is always loaded.
 */
export async function loadRuleFiles(paths: readonly string[], cwd: string): Promise<LoadResult> {
  const links: string[] = [];
  const absPaths = await findRuleFiles(paths, cwd, links);
  const dangling = links.map(l => displayPath(l, cwd));
  const named = new Set(paths.map(p => path.resolve(cwd, p)));
  const files: RuleFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const skipped: string[] = [];
  for (const absPath of absPaths) {
    const file = displayPath(absPath, cwd);
    let bytes: Uint8Array | number;
    try {
      bytes = readBounded(absPath);
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${reason(e)}`);
    }
    if (typeof bytes === 'number') {
      files.push({ file, absPath, text: '', positions: new DocumentPositions('') });
      diagnostics.push(tooLarge(file, bytes));
      continue;
    }
    const result = parseRuleText(file, absPath, bytes);
    if (!named.has(absPath) && !result.diagnostics.length && !ruleLike(result.rule.data)) {
      skipped.push(file);
      continue;
    }
    files.push(result.rule);
    diagnostics.push(...result.diagnostics);
  }
  return { files, diagnostics, dangling, skipped };
}
