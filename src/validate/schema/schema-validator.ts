// The compiled schema validator. `npm run build` writes ajv standalone code next to this module (see
// scripts/build-schema-validator.mjs) so the CLI does not pay for loading and compiling ajv at startup;
// without it (tests run from src) or when the schema changed since, the schema is compiled here, once.
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject } from 'ajv';
import { CHECK_ANNOTATION, ruleSchema } from './rule-schema.js';

export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const require = createRequire(import.meta.url);

export const STANDALONE_FILE = './analytic-rule-validator.cjs';

/** The one ajv configuration; the build script uses it too, so both paths validate identically. */
export function createAjv(options: { source?: boolean } = {}): Ajv {
  // Required lazily: when the standalone code exists, ajv's compiler is never loaded.
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const ajv = new AjvClass({
    allErrors: true,
    strict: true,
    // Nullable lists (`tactics: null` is common in real repositories) are written as ["array", "null"].
    allowUnionTypes: true,
    // Errors carry their schema object: the x-rulectl-check annotation and descriptions are read from it.
    verbose: true,
    // Lengths in UTF-16 units, as the service counts them (.NET strings) and much faster than code points.
    unicode: false,
    // ajv 8 marks `unicode` deprecated and would print that on every run; strict mode throws for every
    // real schema problem, so the logger has nothing else to say.
    logger: false,
    ...(options.source ? { code: { source: true } } : {}),
  });
  ajv.addKeyword(CHECK_ANNOTATION);
  return ajv;
}

let validator: SchemaValidator | undefined;

function standalone(): SchemaValidator | undefined {
  try {
    const mod = require(STANDALONE_FILE) as SchemaValidator & { schemaHash?: string };
    return mod.schemaHash === ruleSchema().hash ? mod : undefined;
  } catch {
    return undefined;
  }
}

export function schemaValidator(): SchemaValidator {
  return (validator ??= standalone() ?? createAjv().compile(ruleSchema().schema));
}
