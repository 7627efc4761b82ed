// Writes new values into an existing rule file's text, top-level key by top-level key: the text of every key that
// did not change stays byte for byte (comments, blank lines, quoting, trailing spaces), and a changed key keeps its
// place and, where the value allows, its scalar style. `yaml`'s Document API finds each key's text and renders
// the new value; js-yaml (the loader's parser) must read the result back as the intended data, else no text.
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, load } from 'js-yaml';
import { Document, isMap, isScalar, parseDocument, Scalar, type Node, type Pair } from 'yaml';
import { YAML_KEY_ORDER } from '../mapping/fields.js';

/** Keys whose multi-line strings are written as `|` blocks when the file has no style for them yet. */
const BLOCK_KEYS = new Set(['query', 'description']);

type Range = [number, number];

interface KeySpan {
  key: string;
  /** From the key's first character to the end of its value (a block scalar's final line break included). */
  span: Range;
  value: Node | null;
}

function topLevelKeys(text: string): KeySpan[] | undefined {
  const doc = parseDocument(text, { version: '1.2', keepSourceTokens: false });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const spans: KeySpan[] = [];
  for (const pair of doc.contents.items as Pair<Node, Node | null>[]) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) return undefined;
    const end = pair.value?.range?.[1] ?? pair.key.range[1];
    spans.push({ key: pair.key.value, span: [pair.key.range[0], end], value: pair.value });
  }
  return spans;
}

/** `key: value` as YAML at the top level, in the style of the node it replaces when there is one. */
function renderPair(key: string, value: unknown, old: Node | null | undefined, indentSeq: boolean): string {
  const doc = new Document({ [key]: value }, { version: '1.2' });
  const node = doc.get(key, true);
  if (isScalar(node) && typeof node.value === 'string') {
    const oldType = isScalar(old) ? old.type : undefined;
    const multiLine = node.value.includes('\n');
    if (oldType && (multiLine ? oldType.startsWith('BLOCK') : true)) node.type = oldType;
    else if (multiLine && BLOCK_KEYS.has(key)) node.type = Scalar.BLOCK_LITERAL;
  }
  return doc.toString({ lineWidth: 0, indentSeq });
}

/** Sequences under a key written `- x` at the key's own indentation, as many Azure-Sentinel files do. */
function seqIndented(text: string): boolean {
  return !/^[A-Za-z]\w*:[ \t]*\r?\n- /m.test(text);
}

const readsAs = (text: string, data: unknown): boolean => {
  try {
    return isDeepStrictEqual(load(text, { schema: CORE_SCHEMA }), data);
  } catch {
    return false;
  }
};

/**
 * The file's text with `changes` applied (a value of undefined removes the key), or undefined when its text cannot
 * be edited in place (not one mapping of plain keys) or the edit would not read back as `expected`.
 */
export function editRuleText(
  text: string,
  changes: ReadonlyMap<string, unknown>,
  expected: Record<string, unknown>,
): string | undefined {
  const spans = topLevelKeys(text);
  if (!spans) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indentSeq = seqIndented(text);
  const render = (key: string, value: unknown, old?: Node | null) =>
    renderPair(key, value, old, indentSeq).replace(/\n/g, eol);
  const edits: { at: Range; insert: string }[] = [];
  for (const [key, value] of changes) {
    const found = spans.find(s => s.key === key);
    if (found) {
      const [start, end] = found.span;
      if (value === undefined) {
        // The key's line(s) and the line break after them.
        const after = text.startsWith(eol, end) ? end + eol.length : end;
        edits.push({ at: [start, after], insert: '' });
      } else {
        const oldText = text.slice(start, end);
        let rendered = render(key, value, found.value);
        if (!oldText.endsWith('\n')) rendered = rendered.replace(/\r?\n$/, '');
        edits.push({ at: [start, end], insert: rendered });
      }
      continue;
    }
    if (value === undefined) continue;
    // A new key goes before the first key that follows it in the usual order, else at the end.
    const rank = YAML_KEY_ORDER.indexOf(key);
    const next = spans.find(s => {
      const r = YAML_KEY_ORDER.indexOf(s.key);
      return rank >= 0 && r > rank;
    });
    if (next) edits.push({ at: [next.span[0], next.span[0]], insert: render(key, value) });
    else {
      const tail = text.length === 0 || text.endsWith('\n') ? '' : eol;
      edits.push({ at: [text.length, text.length], insert: tail + render(key, value) });
    }
  }
  // Right to left, so earlier offsets stay valid; insertions at one offset keep their order.
  let out = text;
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.at[0] - a.at[0] || b.i - a.i);
  for (const e of ordered) out = out.slice(0, e.at[0]) + e.insert + out.slice(e.at[1]);
  return readsAs(out, expected) ? out : undefined;
}
