// Source positions for paths in a YAML document, computed lazily with the `yaml` package's CST:
// only files that have a finding pay for a second, position-keeping parse.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { DocPath } from '../diagnostics/diagnostic.js';
import { LineIndex, type Position } from '../diagnostics/line-index.js';

export interface Range {
  start: Position;
  end: Position;
}

export type Anchor = 'key' | 'value';

interface Located {
  node: Node | null;
  keyNode: Node | null;
  /** How much of the requested path exists. */
  depth: number;
}

export class DocumentPositions {
  private doc: Document.Parsed | undefined;
  private index: LineIndex | undefined;

  constructor(readonly text: string) {}

  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  get document(): Document.Parsed {
    // Only node ranges are read; aliases are never resolved here, so hostile anchors cost nothing.
    return (this.doc ??= parseDocument(this.text, { uniqueKeys: false, keepSourceTokens: true }));
  }

  /** The YAML node at `path`, or undefined when the path does not exist. */
  nodeAt(path: DocPath): Node | undefined {
    const found = this.locate(path);
    return found.depth === path.length ? (found.node ?? undefined) : undefined;
  }

  /**
   * The range of the value (or key) at `path`, ending at its last character. A path that does not exist,
   * or a value written as nothing, resolves to the key of its closest existing ancestor; an empty document to 1:1.
   */
  rangeOf(path: DocPath, anchor: Anchor = 'value'): Range {
    const found = this.locate(path);
    const exact = found.depth === path.length;
    const value = exact && anchor === 'value' && found.node && !isEmpty(found.node) ? found.node : undefined;
    const node = value ?? found.keyNode ?? found.node;
    const range = node?.range;
    if (!range) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    const start = range[0];
    // Nothing of the path exists, not even a top-level key: point at the document's first line, not all of it.
    const end = found.keyNode ? this.trimEnd(start, range[1]) : this.lineEnd(start);
    return { start: this.lines.position(start), end: this.lines.position(end) };
  }

  /** Block values end after their line break(s); a range should end at the last character that belongs to it. */
  private trimEnd(start: number, end: number): number {
    let e = end;
    while (e > start && /\s/.test(this.text[e - 1] ?? '')) e--;
    return e;
  }

  private lineEnd(start: number): number {
    const nl = this.text.indexOf('\n', start);
    return this.trimEnd(start, nl < 0 ? this.text.length : nl);
  }

  private locate(path: DocPath): Located {
    let node: Node | null = this.document.contents;
    let keyNode: Node | null = null;
    let depth = 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(p => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        keyNode = pair.key as Node;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        const item = node.items[segment] as Node | null;
        keyNode = item;
        node = item;
      } else break;
      depth++;
      if (node === null) break;
    }
    return { node, keyNode, depth };
  }
}

/** A null value written as nothing (`key:`) has no text of its own; its key is the place to point. */
function isEmpty(node: Node): boolean {
  return isScalar(node) && node.value === null && node.range != null && node.range[0] === node.range[1];
}
