// `validate --fix`: the findings that carry a fix (a check knows the one safe correction) applied to the rule file's
// text in place. Only the replaced scalars change, so comments, order, quoting and layout stay as written; the result
// is parsed back with `yaml`'s Document API and must hold the fixed values, or the file is left alone.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { loadRuleFiles, parseRuleText, reason, type RuleFile } from '../rules/load.js';
import { UsageError } from '../errors.js';
import { validateRules } from './validate.js';

export interface FileFix {
  /** Display path. */
  file: string;
  absPath: string;
  /** The text before and after (BOM-stripped, as the loader reads it). */
  before: string;
  after: string;
  /** The findings fixed, in the order of the passes that fixed them. */
  fixed: Diagnostic[];
}

/** Offset of a 1-based line and column in `text`. */
function offsetOf(file: RuleFile, line: number, column: number): number {
  return file.positions.lines.lineStart(line) + column - 1;
}

/**
 * The text with every non-overlapping fix applied (the first finding wins a contested range), or undefined when the
 * result does not read back as YAML holding the fixed values.
 */
export function applyFixes(
  file: RuleFile,
  diagnostics: readonly Diagnostic[],
): { text: string; fixed: Diagnostic[] } | undefined {
  const edits = diagnostics
    .filter((d): d is Diagnostic & { fix: string } => d.fix !== undefined)
    .map(d => ({ d, start: offsetOf(file, d.line, d.column), end: offsetOf(file, d.endLine, d.endColumn) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const chosen: typeof edits = [];
  for (const e of edits) {
    const last = chosen.at(-1);
    if (!last || e.start >= last.end) chosen.push(e);
  }
  if (!chosen.length) return undefined;
  let text = file.text;
  for (const { d, start, end } of [...chosen].reverse()) text = text.slice(0, start) + d.fix + text.slice(end);
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) return undefined;
  const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/, '$2');
  for (const { d, start, end } of chosen) {
    if (!d.path) return undefined;
    const value = unquote(d.fix);
    // A key fix (its range holds the key) renames the last path segment; a value fix replaces the value there.
    const renamed = unquote(file.text.slice(start, end)) === d.path.at(-1);
    const landed = renamed ? doc.hasIn([...d.path.slice(0, -1), value]) : doc.getIn(d.path) === value;
    if (!landed) return undefined;
  }
  return { text, fixed: chosen.map(c => c.d) };
}

export interface FixOptions {
  cwd: string;
  paths: string[];
  apiVersion?: string;
  /** Write the fixed files (atomically); false: only compute them (--fix-dry-run). */
  write: boolean;
}

/** Fixes are applied in passes: renaming `Severity` to `severity` exposes its value to severity-value. */
const MAX_PASSES = 3;

export async function fixFiles(o: FixOptions): Promise<FileFix[]> {
  const loaded = await loadRuleFiles(o.paths, o.cwd);
  const broken = new Set(loaded.diagnostics.map(d => d.file));
  const out: FileFix[] = [];
  for (const original of loaded.files) {
    // A file that does not parse is never touched.
    if (!original.data || broken.has(original.file)) continue;
    let file = original;
    const fixed: Diagnostic[] = [];
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const applied = applyFixes(file, validateRules([file], o.apiVersion ? { apiVersion: o.apiVersion } : {}));
      if (!applied) break;
      fixed.push(...applied.fixed);
      const next = parseRuleText(file.file, file.absPath, Buffer.from(applied.text, 'utf8'));
      if (!next.rule.data || next.diagnostics.length) break;
      file = next.rule;
    }
    if (file === original) continue;
    out.push({ file: file.file, absPath: file.absPath, before: original.text, after: file.text, fixed });
  }
  if (!o.write) return out;
  const written: FileFix[] = [];
  for (const f of out) {
    let onDisk: string;
    try {
      onDisk = await readFile(f.absPath, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${f.file}: ${reason(e)}`);
    }
    const bom = onDisk.startsWith('\ufeff') ? '\ufeff' : '';
    // Changed since it was read (an editor saving): leave it, the next run fixes it.
    if (onDisk !== bom + f.before) continue;
    try {
      await writeFileAtomic(f.absPath, bom + f.after);
    } catch (e) {
      throw new UsageError(`cannot write ${f.file}: ${reason(e)}`);
    }
    written.push(f);
  }
  return written;
}
