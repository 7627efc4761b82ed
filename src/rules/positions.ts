// Source positions for paths in a YAML document, computed lazily: only files that have a finding pay for it.
// Ranges come from js-yaml's event stream (range-tree.ts), so no second parser is involved.
import type { DocPath } from '../diagnostics/diagnostic.js';
import { LineIndex, type Position } from '../diagnostics/line-index.js';
import { buildRangeTree, type RangeNode } from './range-tree.js';

export interface Range {
  start: Position;
  end: Position;
}

export type Anchor = 'key' | 'value';

interface Located {
  node: RangeNode | undefined;
  keyNode: RangeNode | undefined;
  /** How much of the requested path exists. */
  depth: number;
}

export class DocumentPositions {
  private index: LineIndex | undefined;
  private tree: RangeNode | undefined | null = null;

  constructor(readonly text: string) {}

  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  /**
   * The range of the value (or key) at `path`, ending at its last character. A path that does not exist,
   * or a value written as nothing, resolves to the key of its closest existing ancestor; an empty document to 1:1.
   */
  rangeOf(path: DocPath, anchor: Anchor = 'value'): Range {
    const found = this.locate(path);
    const exact = found.depth === path.length;
    const value = exact && anchor === 'value' && found.node && !found.node.empty ? found.node : undefined;
    const node = value ?? found.keyNode ?? found.node;
    if (!node) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    // Nothing of the path exists, not even a top-level key: point at the document's first line, not all of it.
    const end = found.keyNode ? this.trimEnd(node.start, node.end) : this.lineEnd(node.start);
    return { start: this.lines.position(node.start), end: this.lines.position(end) };
  }

  /** The source text of the value at `path` as written (quotes included), or undefined when it does not exist. */
  sourceOf(path: DocPath): string | undefined {
    const found = this.locate(path);
    if (found.depth !== path.length || !found.node || found.node.empty) return undefined;
    return this.text.slice(found.node.start, this.trimEnd(found.node.start, found.node.end));
  }

  /** Block values end after their line break(s); a range should end at the last character that belongs to it. */
  private trimEnd(start: number, end: number): number {
    let e = end;
    while (e > start && /\s/.test(this.text[e - 1] ?? '')) e--;
    return e;
  }

  private lineEnd(start: number): number {
    return this.trimEnd(start, this.lines.lineEnd(this.lines.position(start).line));
  }

  private locate(path: DocPath): Located {
    if (this.tree === null) this.tree = buildRangeTree(this.text);
    let node = this.tree;
    let keyNode: RangeNode | undefined;
    let depth = 0;
    for (const segment of path) {
      if (!node) break;
      let next: RangeNode | undefined;
      let key: RangeNode | undefined;
      if (node.kind === 'mapping') {
        const k = node.children.findIndex((c, i) => i % 2 === 0 && c.text !== undefined && c.text === String(segment));
        if (k >= 0) [key, next] = [node.children[k], node.children[k + 1]];
      } else if (node.kind === 'sequence' && typeof segment === 'number') {
        next = key = node.children[segment];
      }
      if (!next || !key) break;
      keyNode = key;
      node = next;
      depth++;
    }
    return { node, keyNode, depth };
  }
}
