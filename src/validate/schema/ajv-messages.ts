// ajv errors as findings: a document path (instancePath plus the missing or extra key) and one readable
// sentence per keyword; anyOf/oneOf noise collapses to the errors of the branch that got furthest.
import type { ErrorObject } from 'ajv';
import type { DocPath } from '../../diagnostics/diagnostic.js';
import { describe } from '../../diagnostics/quote.js';
import { isRecord } from '../../rules/model.js';
import type { Finding } from '../check.js';
import { didYouMean } from '../suggest.js';
import type { SchemaNode } from './rule-schema.js';

/** The data path of an error: pointer segments, with sequence indexes as numbers (keys stay strings). */
export function errorPath(error: ErrorObject, data: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let node = data;
  for (const raw of error.instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(node) ? Number(seg) : seg;
    path.push(key);
    node = Array.isArray(node) ? node[key as number] : isRecord(node) ? node[seg] : undefined;
  }
  return path;
}

/** `entityMappings[0].entityType`, or `the rule` for the top level. */
export function displayPath(path: DocPath): string {
  if (!path.length) return 'the rule';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

function valueAt(data: unknown, path: DocPath): unknown {
  let node = data;
  for (const seg of path)
    node = Array.isArray(node) || isRecord(node) ? (node as Record<string, unknown>)[seg] : undefined;
  return node;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

function typeList(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map(t => TYPE_NAMES[String(t)] ?? String(t));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'something else');
}

/**
 * The schema object holding the failing keyword. ajv's schemaPath restarts at every `$ref` target, so it cannot be
 * resolved from the root; with `verbose` (see schema-validator.ts) the error carries the object itself.
 */
export function parentNode(error: ErrorObject): SchemaNode | undefined {
  return isRecord(error.parentSchema) ? error.parentSchema : undefined;
}

/** One finding for one (non-combinator) ajv error. */
export function errorToFinding(error: ErrorObject, data: unknown): Finding {
  const path = errorPath(error, data);
  const where = displayPath(path);
  const value = valueAt(data, path);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      // YAML 1.1 read yes/no/on/off as booleans; YAML 1.2 (and rulectl) reads them as strings.
      const yaml11 = p.type === 'boolean' && typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value);
      return {
        path,
        message: `${where} must be ${typeList(p.type)}, not ${describe(value)}`,
        ...(yaml11 ? { hint: `write ${/^(yes|on|y)$/i.test(String(value)) ? 'true' : 'false'}` } : {}),
      };
    }
    case 'required': {
      const key = String(p.missingProperty);
      return { path, anchor: 'key', message: `${where} is missing the required key "${key}"` };
    }
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((parentNode(error)?.properties as object | undefined) ?? {});
      return {
        path: [...path, key],
        anchor: 'key',
        message: `unknown key "${key}" in ${where}${didYouMean(key, known)}`,
      };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
      return { path, message: `${where} is ${describe(value)}; expected one of ${allowed.join(', ')}${hint}` };
    }
    case 'const':
      return { path, message: `${where} must be ${JSON.stringify(p.allowedValue)}, not ${describe(value)}` };
    case 'pattern': {
      const node = parentNode(error);
      // The first sentence of the schema's own description says what the value should look like.
      const described = typeof node?.description === 'string' ? node.description.split(/\.(?:\s|$)/)[0] : undefined;
      const what = described?.replace(/^(A|An|The) /, w => w.toLowerCase()) ?? `text matching ${String(p.pattern)}`;
      return { path, message: `${where} is ${describe(value)}; expected ${what}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `${where} is ${describe(value)}; it must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'minLength':
    case 'maxLength': {
      const n = typeof value === 'string' ? value.length : 0;
      const bound = error.keyword === 'minLength' ? 'at least' : 'at most';
      return { path, message: `${where} is ${n} characters long; it must be ${bound} ${String(p.limit)}` };
    }
    case 'minItems':
    case 'maxItems': {
      const n = Array.isArray(value) ? value.length : 0;
      const bound = error.keyword === 'minItems' ? 'at least' : 'at most';
      return { path, message: `${where} has ${n} items; it must have ${bound} ${String(p.limit)}` };
    }
    default:
      return { path, message: `${where} ${error.message ?? 'is not valid'}` };
  }
}

/** Drops anyOf/oneOf summary errors, keeping only the branch whose errors reach deepest into the data. */
export function collapseCombinators(errors: readonly ErrorObject[]): ErrorObject[] {
  let out = [...errors];
  const combinators = out.filter(e => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  for (const combo of combinators) {
    const prefix = `${combo.schemaPath}/`;
    const inside = out.filter(e => e.schemaPath.startsWith(prefix));
    if (!inside.length) continue;
    const branchOf = (e: ErrorObject) => e.schemaPath.slice(prefix.length).split('/')[0];
    const depth = (e: ErrorObject) => e.instancePath.split('/').length;
    const best = inside.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    const keep = branchOf(best);
    out = out.filter(e => e !== combo && (!e.schemaPath.startsWith(prefix) || branchOf(e) === keep));
  }
  return out;
}
