// import as a library: ARM templates or API responses -> one readable rule file per alert rule, written atomically.
// Returns what happened to each rule; prints nothing.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readAlertRules } from '../arm/read.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { fromApiRule, inYamlOrder } from '../mapping/from-api.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { displayPath, InputError, loadRuleFiles, reason } from '../rules/load.js';
import { renderRuleYaml, ruleFileName } from './render-rule.js';

/** Portal exports of a whole workspace stay far below this; it only stops a wrong file from filling memory. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Lower-cased rule id -> the file under `dir` (any depth) that already holds it. */
async function idsIn(dir: string, cwd: string): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  if (!(await exists(dir))) return held;
  let files;
  try {
    ({ files } = await loadRuleFiles([dir], cwd));
  } catch (e) {
    // A folder without rule files yet holds no id; any other failure to read it is the user's to see.
    if (e instanceof InputError && e.message.startsWith('no rule files')) return held;
    throw e;
  }
  for (const f of files) if (typeof f.data?.id === 'string') held.set(f.data.id.toLowerCase(), f.absPath);
  return held;
}

/** Far deeper than any template or API response; the readers recurse, so much deeper would overflow the stack. */
const MAX_DEPTH = 100;

function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A file's content problem (exit 1, the run goes on), with the line:column suffix where one is known. */
class ContentError extends Error {
  constructor(
    message: string,
    readonly at = '',
  ) {
    super(message);
  }
}

/** JSON from Windows PowerShell 5 (`Out-File`, `>`) is UTF-16 with a BOM; anything else must be UTF-8. */
function decode(bytes: Uint8Array): string {
  const [b0, b1] = bytes;
  const encoding = b0 === 0xff && b1 === 0xfe ? 'utf-16le' : b0 === 0xfe && b1 === 0xff ? 'utf-16be' : 'utf-8';
  try {
    // fatal: a lenient decoder would silently put U+FFFD into the rule's text.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new ContentError('not UTF-8 (nor UTF-16 with a byte-order mark); save it as UTF-8');
  }
}

/** V8's message on one line (it quotes raw source), its `at position N` or end of input as line:column. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message.replace(/\s+/g, ' ');
    const at = / in JSON at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : message.startsWith('Unexpected end of JSON input') ? text.length : undefined;
    const where = offset === undefined ? undefined : new LineIndex(text).position(offset);
    throw new ContentError(
      `not valid JSON: ${at ? message.replace(at[0], '') : message}`,
      where ? `:${where.line}:${where.column}` : '',
    );
  }
}

async function readJson(file: string, shown: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    // A FIFO or device would block the read or never end.
    if (!info.isFile()) throw new InputError(`not a regular file: ${shown}`);
    if (info.size > MAX_INPUT_BYTES) throw new InputError(`${shown} is larger than 64 MiB`);
    bytes = await readFile(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(missing ? `no such file: ${shown}` : `cannot read ${shown}: ${reason(e)}`);
  }
  return parseJson(decode(bytes));
}

export interface ImportOptions {
  cwd: string;
  /** The JSON files to read, relative to cwd. */
  files: string[];
  /** Absolute folder for the rule files. */
  outDir: string;
  /** Overwrite existing rule files (a rule whose id is already under outDir replaces that file). */
  force: boolean;
}

/**
 * What happened, in order: a rule file written, a rule or file that failed (the run goes on), a rule of a kind rule
 * files cannot hold, or a note on what a written rule lost. Texts start with the file (and the rule's place in it).
 */
export type ImportEvent = { kind: 'wrote'; file: string } | { kind: 'failed' | 'skipped' | 'note'; text: string };

export interface ImportResult {
  events: ImportEvent[];
  written: number;
  skipped: number;
  failed: number;
}

/** Reads every file and writes its rules under outDir; unreadable paths (not content) throw InputError. */
export async function importDocuments(o: ImportOptions): Promise<ImportResult> {
  const { outDir, force } = o;
  // A second file with an id the folder already holds would be a duplicate-rule-id error at the next validate.
  const held = await idsIn(outDir, o.cwd);
  const claimed = new Set<string>();
  /** Lower-cased rule id -> the file it went to in this run. */
  const imported = new Map<string, string>();
  let failed = 0;
  const events: ImportEvent[] = [];
  const fail = (text: string) => {
    events.push({ kind: 'failed', text });
    failed++;
  };
  let written = 0;
  let skipped = 0;
  for (const input of o.files) {
    const abs = path.resolve(o.cwd, input);
    const shown = displayPath(abs, o.cwd);
    let doc: unknown;
    try {
      doc = await readJson(abs, shown);
    } catch (e) {
      if (!(e instanceof ContentError)) throw e;
      fail(`${shown}${e.at}: ${e.message}`);
      continue;
    }
    if (deeperThan(doc, MAX_DEPTH)) {
      fail(`${shown}: nested deeper than ${MAX_DEPTH} levels; not an ARM template or API response`);
      continue;
    }
    const found = readAlertRules(doc);
    if (!found.rules.length && !found.problems.length) {
      fail(`${shown}: no alert rules found`);
    }
    for (const p of found.problems) {
      fail(`${shown} ${p.where}: ${p.message}`);
    }
    for (const r of found.rules) {
      const label = `${shown} ${r.where}`;
      const result = fromApiRule(r);
      if (!result.rule) {
        events.push({ kind: 'skipped', text: `${label}: ${result.skipped ?? 'cannot be expressed'}` });
        skipped++;
        continue;
      }
      // The API does not know a rule's data connectors; an empty list keeps the file in the content-CI shape.
      const text = renderRuleYaml(inYamlOrder({ requiredDataConnectors: [], ...result.rule }));
      if (text === undefined) {
        fail(`${label}: cannot write this rule as YAML that reads back the same; please report it`);
        continue;
      }
      const id = result.rule.id.toLowerCase();
      const earlier = imported.get(id);
      if (earlier !== undefined) {
        fail(
          `${label}: rule ${result.rule.id} was already read in this run (for ${displayPath(earlier, o.cwd)}); skipped`,
        );
        continue;
      }
      const base = path.join(outDir, ruleFileName(result.rule.name, result.rule.id)).slice(0, -'.yaml'.length);
      let target = `${base}.yaml`;
      const holder = held.get(id);
      if (holder !== undefined && holder !== target) {
        if (!force) {
          fail(
            `${label}: rule ${result.rule.id} is already in ${displayPath(holder, o.cwd)}; use --force to overwrite that file`,
          );
          continue;
        }
        target = holder;
      }
      // Two rules with the same display name in one run: the later ones get their id in the file name.
      for (const suffix of [id.slice(0, 8), id]) if (claimed.has(target)) target = `${base}-${suffix}.yaml`;
      if (claimed.has(target)) {
        fail(`${label}: ${displayPath(target, o.cwd)} is already written by another rule of this run`);
        continue;
      }
      claimed.add(target);
      imported.set(id, target);
      if (!force && (await exists(target))) {
        fail(`${label}: ${displayPath(target, o.cwd)} exists; use --force to overwrite it`);
        continue;
      }
      for (const note of result.lost) events.push({ kind: 'note', text: `${label}: ${note}` });
      try {
        await writeFileAtomic(target, text);
      } catch (e) {
        throw new InputError(`cannot write ${displayPath(target, o.cwd)}: ${reason(e)}`);
      }
      events.push({ kind: 'wrote', file: target });
      written++;
    }
  }
  return { events, written, skipped, failed };
}
