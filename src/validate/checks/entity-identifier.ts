// Each field mapping's identifier must be valid for its entity type (case-sensitive), appear once per mapping,
// and every mapping must contain one of its type's required identifier combinations (docs/api-contract.md §3).
import { DOCUMENTED_ONLY, ENTITY_IDENTIFIERS, isEntityType } from '../../api/entities.js';
import { arrayOf, recordOf } from '../../rules/model.js';
import { defineCheck, type CheckContext } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { closest } from '../suggest.js';

const orList = (items: readonly string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;

function checkMapping(mapping: unknown, i: number, report: CheckContext['report']): void {
  const record = recordOf(mapping);
  const type = record?.entityType;
  if (!isEntityType(type) || !Array.isArray(record?.fieldMappings)) return;
  const { identifiers, required } = ENTITY_IDENTIFIERS[type];
  const seen = new Set<string>();
  let allValid = true;
  arrayOf(record.fieldMappings).forEach((field, j) => {
    const id = recordOf(field)?.identifier;
    if (typeof id !== 'string') return;
    const path = ['entityMappings', i, 'fieldMappings', j, 'identifier'];
    if (DOCUMENTED_ONLY[type]?.includes(id)) {
      report({
        path,
        severity: 'warning',
        message: `${quote(id)} is documented for ${type} but not in the service's list of ${type} identifiers`,
        hint: 'the service may refuse this mapping; keep a required identifier beside it',
      });
    } else if (!identifiers.includes(id)) {
      allValid = false;
      const suggestion = closest(id, identifiers);
      report({
        path,
        message: `${quote(id)} is not an identifier of entity type ${type}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        hint: `identifiers of ${type} (case-sensitive): ${identifiers.join(', ')}`,
      });
    } else if (seen.has(id)) {
      report({
        path,
        message: `identifier ${quote(id)} is mapped twice in this ${type} mapping`,
        hint: 'keep one of them',
      });
    }
    seen.add(id);
  });
  // With a misspelt identifier the required combination is usually the one meant: report the spelling only.
  if (!allValid || seen.size === 0) return;
  if (required.some(combo => combo.every(id => seen.has(id)))) return;
  const needs =
    required.length === 1 && (required[0]?.length ?? 0) > 1
      ? (required[0] ?? []).join(' and ')
      : orList(required.map(c => c.join('+')));
  report({
    path: ['entityMappings', i, 'fieldMappings'],
    message: `this ${type} mapping lacks a required identifier: map ${needs}`,
    hint: `the service rejects a ${type} mapping without one of its required identifiers`,
  });
}

export const entityIdentifier = defineCheck({
  id: 'entity-identifier',
  severity: 'error',
  summary: 'Field-mapping identifiers must be valid for the entity type, unique, and include a required one',
  run({ rule, report }) {
    arrayOf(rule.entityMappings).forEach((mapping, i) => checkMapping(mapping, i, report));
  },
});
