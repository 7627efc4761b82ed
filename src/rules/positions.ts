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
   * The range of the value (or key) at `path`. A path that does not exist resolves to the key of its
   * closest existing ancestor; an empty document resolves to 1:1.
   */
  rangeOf(path: DocPath, anchor: Anchor = 'value'): Range {
    const found = this.locate(path);
    const exact = found.depth === path.length;
    const node = exact && anchor === 'value' && found.node ? found.node : (found.keyNode ?? found.node);
    const range = node?.range;
    if (!range) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    return { start: this.lines.position(range[0]), end: this.lines.position(range[1]) };
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
