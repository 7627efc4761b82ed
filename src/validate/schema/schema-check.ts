// JSON Schema stage: ajv over the rule data; each error becomes a Finding with a path and one readable sentence.
// Errors at schema nodes annotated `x-rulectl-check` are left to that check, so one mistake gets one diagnostic.
import type { Finding } from '../check.js';
import { collapseCombinators, errorToFinding, parentNode } from './ajv-messages.js';
import { owningCheck } from './rule-schema.js';
import { schemaValidator } from './schema-validator.js';

export function schemaFindings(data: Record<string, unknown>): Finding[] {
  const validate = schemaValidator();
  if (validate(data)) return [];
  const errors = collapseCombinators(validate.errors ?? []).filter(e => {
    // `if` only says that a `then` failed; the `then` errors themselves are reported.
    if (e.keyword === 'if') return false;
    return owningCheck(parentNode(e), e.keyword) === undefined;
  });
  return errors.map(e => errorToFinding(e, data));
}
