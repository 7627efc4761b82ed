// The one error the engine throws: what went wrong, and where in the query (filled in by the node being evaluated).

export type ExecErrorKind =
  /** Something Kusto runs that this engine does not: named, never answered differently. */
  | 'unsupported'
  /** The query fails in Kusto too (a bad argument at run time, a type the data does not have). */
  | 'runtime'
  /** A bound on rows, memory or time was reached. */
  | 'limit';

export class ExecError extends Error {
  /** Query offset (0-based, UTF-16) and length of the construct at fault, once known. */
  start?: number;
  length?: number;

  constructor(
    message: string,
    readonly kind: ExecErrorKind,
    at?: { TextStart: number; Width: number },
  ) {
    super(message);
    this.name = 'ExecError';
    if (at) this.at(at);
  }

  /** An error raised inside a function's body, reported at the call (the body's positions are its own). */
  relocate(call: { TextStart: number; Width: number }, name: string): this {
    if (!this.message.includes(` (in ${name}())`)) this.message = `${this.message} (in ${name}())`;
    this.start = call.TextStart;
    this.length = call.Width;
    return this;
  }

  /** Sets the position unless an inner node already did (the innermost construct is the most precise). */
  at(node: { TextStart: number; Width: number }): this {
    if (this.start === undefined) {
      this.start = node.TextStart;
      this.length = node.Width;
    }
    return this;
  }
}

export function unsupported(what: string, node?: { TextStart: number; Width: number }): ExecError {
  return new ExecError(`${what} is not supported by rulectl's KQL engine`, 'unsupported', node);
}
