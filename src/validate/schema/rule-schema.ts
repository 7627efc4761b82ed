// The analytic-rule JSON Schema as data: loaded once, lazily, and queried by JSON pointer (the schema stage
// asks which check owns an error; unknown-key asks which keys a closed mapping knows).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isRecord } from '../../rules/model.js';

/** Same relative location from src/validate/schema and dist/validate/schema. */
export const SCHEMA_URL = new URL('../../../schemas/analytic-rule.schema.json', import.meta.url);

/** The annotation naming the check that reports a schema node's errors better than the schema stage. */
export const CHECK_ANNOTATION = 'x-rulectl-check';

export type SchemaNode = Record<string, unknown>;

interface LoadedSchema {
  schema: SchemaNode;
  hash: string;
}

let loaded: LoadedSchema | undefined;

export function ruleSchema(): LoadedSchema {
  if (!loaded) {
    const text = readFileSync(SCHEMA_URL, 'utf8');
    loaded = { schema: JSON.parse(text) as SchemaNode, hash: createHash('sha256').update(text).digest('hex') };
  }
  return loaded;
}

/** The schema node at a JSON pointer such as `#/properties/kind` (ajv's schemaPath without its keyword). */
export function schemaNodeAt(pointer: string): SchemaNode | undefined {
  let node: unknown = ruleSchema().schema;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(seg)] : isRecord(node) ? node[seg] : undefined;
  }
  return isRecord(node) ? node : undefined;
}

/** Follows a `$ref` (local refs only, which is all this schema uses). */
export function deref(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  return typeof ref === 'string' ? { ...(schemaNodeAt(ref) ?? {}), ...node, $ref: undefined } : node;
}

/** The check that owns `keyword` errors at this node, if the schema delegates them. */
export function owningCheck(node: SchemaNode | undefined, keyword: string): string | undefined {
  const note = node?.[CHECK_ANNOTATION];
  if (typeof note === 'string') return note;
  if (isRecord(note) && typeof note[keyword] === 'string') return note[keyword];
  return undefined;
}
