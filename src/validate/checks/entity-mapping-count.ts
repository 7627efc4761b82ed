// A rule maps 1-10 entities, each with 1-3 field mappings (service limits, docs/api-contract.md §2.2 and §2.4).
import { MAX_ENTITY_MAPPINGS, MAX_FIELD_MAPPINGS } from '../../api/entities.js';
import { recordOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';

export const entityMappingCount = defineCheck({
  id: 'entity-mapping-count',
  severity: 'error',
  summary: `entityMappings holds 1-${MAX_ENTITY_MAPPINGS} mappings, each with 1-${MAX_FIELD_MAPPINGS} fieldMappings`,
  run({ rule, report }) {
    const mappings = rule.entityMappings;
    if (!Array.isArray(mappings)) return;
    if (mappings.length === 0) {
      report({
        path: ['entityMappings'],
        message: 'entityMappings is an empty list',
        hint: 'map at least one entity, or remove the key (or write null) for a rule without entities',
      });
    } else if (mappings.length > MAX_ENTITY_MAPPINGS) {
      report({
        path: ['entityMappings', MAX_ENTITY_MAPPINGS],
        message: `entityMappings has ${mappings.length} mappings; at most ${MAX_ENTITY_MAPPINGS} are allowed`,
        hint: 'put several identifiers of one entity into one mapping, or drop the least useful mappings',
      });
    }
    mappings.forEach((mapping, i) => {
      const fields = recordOf(mapping)?.fieldMappings;
      if (!Array.isArray(fields)) return;
      if (fields.length === 0) {
        report({
          path: ['entityMappings', i, 'fieldMappings'],
          message: 'fieldMappings is an empty list; a mapping needs 1 to 3 field mappings',
        });
      } else if (fields.length > MAX_FIELD_MAPPINGS) {
        report({
          path: ['entityMappings', i, 'fieldMappings', MAX_FIELD_MAPPINGS],
          message: `a mapping has ${fields.length} field mappings; at most ${MAX_FIELD_MAPPINGS} are allowed`,
          hint: 'split the identifiers over two mappings of the same entity type',
        });
      }
    });
  },
});
