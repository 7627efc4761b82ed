// Reads rule files once: bytes -> checked UTF-8 text -> plain data (js-yaml, fast) plus lazy positions.
// Every way a file can be unusable becomes a diagnostic here, never an exception.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DocumentPositions } from './positions.js';

/** Larger than any real rule (the biggest query allowed is 10,000 characters) by two orders of magnitude. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Nodes a document may expand to once aliases are followed; real rules have a few hundred. */
export const MAX_EXPANDED_NODES = 20_000;

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
}

export class InputError extends Error {}

export function displayPath(absPath: string, cwd: string): string {
  const rel = path.relative(cwd, absPath);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absPath;
  return shown.split(path.sep).join('/');
}

const RULE_FILE = /\.ya?ml$/i;

/** Expands files and folders (recursively, `*.yaml|*.yml`) into a sorted list; a missing path is an InputError. */
export async function findRuleFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const out = new Set<string>();
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && RULE_FILE.test(e.name)) out.add(p);
    }
  }
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch {
      throw new InputError(`no such file or directory: ${p}`);
    }
    try {
      if (info.isDirectory()) await walk(abs);
      else out.add(abs);
    } catch (e) {
      throw new InputError(`cannot read ${p}: ${(e as Error).message}`);
    }
  }
  return [...out].sort();
}

function fileDiagnostic(file: string, check: string, message: string, line = 1, column = 1, hint?: string): Diagnostic {
  return { check, severity: 'error', message, file, line, column, endLine: line, endColumn: column, ...(hint ? { hint } : {}) };
}

function emptyRuleFile(file: string, absPath: string): RuleFile {
  return { file, absPath, text: '', positions: new DocumentPositions('') };
}

function tooLarge(file: string, size: number): Diagnostic {
  return fileDiagnostic(file, 'yaml-too-large', `file is ${size} bytes; the limit is ${MAX_FILE_BYTES}`);
}

function countNodes(value: unknown, budget: { left: number }): void {
  if (--budget.left < 0) return;
  if (Array.isArray(value)) for (const v of value) countNodes(v, budget);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) countNodes(v, budget);
}

/** Loads one file's text into data, or explains why it cannot. */
export function parseRuleText(file: string, absPath: string, bytes: Uint8Array): { rule: RuleFile; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const rule = emptyRuleFile(file, absPath);
  if (bytes.length > MAX_FILE_BYTES) return { rule, diagnostics: [tooLarge(file, bytes.length)] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    diagnostics.push(fileDiagnostic(file, 'yaml-encoding', 'file is not valid UTF-8', 1, 1, 'save the file as UTF-8'));
    return { rule, diagnostics };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  rule.text = text;
  rule.positions = new DocumentPositions(text);
  let data: unknown;
  try {
    data = loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const reason = e.reason || e.message;
    const check = /duplicat/i.test(reason) ? 'yaml-duplicate-key' : /\btab/i.test(reason) ? 'yaml-tab' : 'yaml-syntax';
    const hint =
      check === 'yaml-tab'
        ? 'indent with spaces; YAML does not allow tabs for indentation'
        : check === 'yaml-duplicate-key'
          ? 'remove or rename one of the two keys'
          : undefined;
    diagnostics.push(fileDiagnostic(file, check, reason, (e.mark?.line ?? 0) + 1, (e.mark?.column ?? 0) + 1, hint));
    return { rule, diagnostics };
  }
  if (data === undefined || data === null) {
    diagnostics.push(fileDiagnostic(file, 'yaml-empty', 'file is empty; a rule file holds one YAML mapping'));
    return { rule, diagnostics };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(
      fileDiagnostic(file, 'yaml-not-mapping', `the top level is a ${Array.isArray(data) ? 'sequence' : 'scalar'}; a rule file holds one YAML mapping`),
    );
    return { rule, diagnostics };
  }
  const budget = { left: MAX_EXPANDED_NODES };
  countNodes(data, budget);
  if (budget.left < 0) {
    diagnostics.push(
      fileDiagnostic(
        file,
        'yaml-alias-limit',
        `document expands to more than ${MAX_EXPANDED_NODES} nodes through aliases`,
        1,
        1,
        'write the values out instead of repeating anchors',
      ),
    );
    return { rule, diagnostics };
  }
  rule.data = data as Record<string, unknown>;
  return { rule, diagnostics };
}

/** Loads every rule file under `paths`. Unreadable inputs throw InputError (exit 2); bad content is a diagnostic. */
export async function loadRuleFiles(paths: readonly string[], cwd: string): Promise<LoadResult> {
  const absPaths = await findRuleFiles(paths, cwd);
  const files: RuleFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const absPath of absPaths) {
    const file = displayPath(absPath, cwd);
    let bytes: Uint8Array;
    try {
      // Never read a huge file into memory just to refuse it.
      const { size } = await stat(absPath);
      if (size > MAX_FILE_BYTES) {
        files.push(emptyRuleFile(file, absPath));
        diagnostics.push(tooLarge(file, size));
        continue;
      }
      bytes = await readFile(absPath);
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const result = parseRuleText(file, absPath, bytes);
    files.push(result.rule);
    diagnostics.push(...result.diagnostics);
  }
  return { files, diagnostics };
}
