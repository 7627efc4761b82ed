// JSON Schema stage: ajv over the rule data; each error becomes a Finding with a path and one readable sentence.
import type { Finding } from '../check.js';

/** Placeholder until the schema lands: no findings. */
export function schemaFindings(_data: Record<string, unknown>): Finding[] {
  return [];
}
