// Offset <-> 1-based line/column for one text, built once per file when a position is needed.

export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // LF, CRLF and a lone CR each end a line, as for YAML (js-yaml's error marks count them so) and editors.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  /** 1-based line and column (UTF-16 units) of a 0-based offset; offsets past the end clamp to it. */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.starts[lo] ?? 0) + 1 };
  }

  /** 0-based offset of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
  }

  /** 0-based offset just past the last character of a 1-based line, before its line break. */
  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.lineStart(line + 1) : this.text.length + 1;
    return next - 1 - (this.text[next - 2] === '\r' && this.text[next - 1] === '\n' ? 1 : 0);
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
