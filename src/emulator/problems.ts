// Collects model-validation failures and turns them into the service's 400 `Invalid data model. [...]` error.
import { ApiError } from './http.js';

export class Problems {
  private readonly items: string[] = [];

  /** A member-level failure, written `<member>: <message>` as the service does (member '' for cross-field rules). */
  add(member: string, message: string): void {
    this.items.push(`${member}: ${message}`);
  }

  /** A failure the service writes without a member (the technique format error). */
  addBare(message: string): void {
    this.items.push(` ${message}`);
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** Throws the 400 when anything was found; several failures share one message, comma-separated [INFERRED]. */
  throwIfAny(): void {
    if (this.items.length) throw new ApiError(400, 'BadRequest', `Invalid data model. [${this.items.join(', ')}]`);
  }
}

/** `query` -> `Query`: .NET attribute messages name the C# property. */
export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
