// Turns one file's bytes into a rule's plain data (js-yaml, fast), or into the diagnostic that says why not.
import { isUtf8 } from 'node:buffer';
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RuleFile } from './load.js';
import { DocumentPositions } from './positions.js';

/** Larger than any real rule (the biggest query allowed is 10,000 characters) by two orders of magnitude. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Nodes a document may expand to once aliases are followed; real rules have a few hundred. */
export const MAX_EXPANDED_NODES = 20_000;
/** js-yaml refuses deeper literal nesting itself; aliases can only nest deeper by reference. */
export const MAX_DEPTH = 100;

export function fileDiagnostic(file: string, check: string, message: string, at?: { line: number; column: number }, hint?: string): Diagnostic {
  const line = at?.line ?? 1;
  const column = at?.column ?? 1;
  return { check, severity: 'error', message, file, line, column, endLine: line, endColumn: column, ...(hint ? { hint } : {}) };
}

export function tooLarge(file: string, size: number): Diagnostic {
  return fileDiagnostic(file, 'yaml-too-large', `file is ${size} bytes; the limit is ${MAX_FILE_BYTES}`, undefined, 'split the file; one rule per file');
}

function decode(file: string, bytes: Uint8Array): string | Diagnostic {
  const [b0, b1] = bytes;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))
    return fileDiagnostic(file, 'yaml-encoding', 'file is UTF-16; rule files must be UTF-8', undefined, 'save the file as UTF-8');
  if (!isUtf8(bytes))
    return fileDiagnostic(file, 'yaml-encoding', 'file is not valid UTF-8', undefined, 'save the file as UTF-8');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The key text at a duplicate-key error's position, so the message can quote it. */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const key = (/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\r\n]*)/.exec(rest)?.[1] ?? '').trim();
  return key.replace(/^["']|["']$/g, '');
}

function parseError(file: string, text: string, e: unknown): Diagnostic {
  if (!(e instanceof YAMLException)) {
    // js-yaml guards depth itself; anything else it throws is still the file's problem, not a crash.
    return fileDiagnostic(file, 'yaml-syntax', `the YAML parser gave up: ${e instanceof Error ? e.message : String(e)}`);
  }
  const reason = e.reason || e.message;
  if (/input is empty/.test(reason)) {
    const what = text.includes('#') ? 'has only comments' : 'is empty';
    return fileDiagnostic(file, 'yaml-empty', `file ${what}; a rule file holds one YAML mapping`);
  }
  const at = { line: (e.mark?.line ?? 0) + 1, column: (e.mark?.column ?? 0) + 1 };
  if (/duplicat/i.test(reason)) {
    let offset = e.mark?.position ?? 0;
    // For a quoted key js-yaml marks the first character inside the quotes; the key starts at the quote.
    if (at.column > 1 && /["']/.test(text[offset - 1] ?? '')) {
      offset--;
      at.column--;
    }
    const key = keyAt(text, offset);
    return fileDiagnostic(file, 'yaml-duplicate-key', `duplicate key "${key}" in the same mapping`, at, 'remove or rename one of the two keys');
  }
  if (/\btab/i.test(reason))
    return fileDiagnostic(file, 'yaml-tab', reason, at, 'indent with spaces; YAML does not allow tabs for indentation');
  return fileDiagnostic(file, 'yaml-syntax', reason, at);
}

/**
 * Characters of text (keys and strings) a document may expand to. Decoding YAML never makes text longer than its
 * UTF-8 source, so only aliases can go past the file limit; build-arm and deploy copy and serialise what they expand.
 */
export const MAX_EXPANDED_CHARS = MAX_FILE_BYTES;

export interface DocumentProblem {
  check: 'yaml-alias-limit' | 'yaml-too-large';
  message: string;
  hint: string;
}

const REPEAT_ANCHORS = 'write the values out instead of repeating anchors';

/**
 * Walks the data as aliases expand it, without recursion and without copying (js-yaml shares an aliased value),
 * stopping at the first bound exceeded: nodes, depth, and characters of text.
 */
export function expansionProblem(data: unknown): DocumentProblem | undefined {
  let nodes = MAX_EXPANDED_NODES;
  let chars = MAX_EXPANDED_CHARS;
  // A collection met twice is an alias of it; a repeated scalar cannot be told apart, nor does it add nodes.
  const seen = new WeakSet<object>();
  let aliased = false;
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop() as [unknown, number]; // the loop runs only while the stack is non-empty
    if (--nodes < 0)
      return aliased
        ? { check: 'yaml-alias-limit', message: `document expands to more than ${MAX_EXPANDED_NODES} nodes through aliases`, hint: REPEAT_ANCHORS }
        : {
            check: 'yaml-too-large',
            message: `document has more than ${MAX_EXPANDED_NODES} nodes (keys, values and list items); a rule has a few hundred`,
            hint: 'split the file; one rule per file',
          };
    if (depth > MAX_DEPTH)
      return { check: 'yaml-alias-limit', message: `aliases nest the document deeper than ${MAX_DEPTH} levels`, hint: REPEAT_ANCHORS };
    if (typeof value === 'string') chars -= value.length;
    else if (value !== null && typeof value === 'object') {
      if (seen.has(value)) aliased = true;
      else seen.add(value);
      const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
      if (!Array.isArray(value)) for (const key of Object.keys(value)) chars -= key.length;
      for (const child of children) stack.push([child, depth + 1]);
    }
    if (chars < 0)
      return {
        check: 'yaml-alias-limit',
        message: `document expands to more than ${MAX_EXPANDED_CHARS} characters of text through aliases`,
        hint: REPEAT_ANCHORS,
      };
  }
  return undefined;
}

/** Loads one file's bytes into data, or explains why it cannot. Never throws for bad content. */
export function parseRuleText(file: string, absPath: string, bytes: Uint8Array): { rule: RuleFile; diagnostics: Diagnostic[] } {
  const rule: RuleFile = { file, absPath, text: '', positions: new DocumentPositions('') };
  if (bytes.length > MAX_FILE_BYTES) return { rule, diagnostics: [tooLarge(file, bytes.length)] };
  const text = decode(file, bytes);
  if (typeof text !== 'string') return { rule, diagnostics: [text] };
  rule.text = text;
  rule.positions = new DocumentPositions(text);
  let data: unknown;
  try {
    data = loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    return { rule, diagnostics: [parseError(file, text, e)] };
  }
  if (data === undefined || data === null)
    return { rule, diagnostics: [fileDiagnostic(file, 'yaml-empty', 'file holds no value; a rule file holds one YAML mapping')] };
  if (typeof data !== 'object' || Array.isArray(data)) {
    const kind = Array.isArray(data) ? 'sequence' : 'scalar';
    return { rule, diagnostics: [fileDiagnostic(file, 'yaml-not-mapping', `the top level is a ${kind}; a rule file holds one YAML mapping`)] };
  }
  const problem = expansionProblem(data);
  if (problem) return { rule, diagnostics: [fileDiagnostic(file, problem.check, problem.message, undefined, problem.hint)] };
  rule.data = data as Record<string, unknown>;
  return { rule, diagnostics: [] };
}
