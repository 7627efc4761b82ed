// entityMappings[].entityType must be one of the API's EntityMappingType values (exact spelling).
import { ENTITY_TYPES } from '../../api/enums.js';
import { isEntityType } from '../../api/entities.js';
import { arrayOf, recordOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { closest } from '../suggest.js';

// Microsoft's content CI knows this type, the alertRules API does not (docs/api-contract.md §2.5), so a rule using it fails on PUT.
const NOT_IN_API = new Set(['IoTDevice']);

export const entityType = defineCheck({
  id: 'entity-type',
  severity: 'error',
  summary: 'entityMappings[].entityType must be an entity type the alertRules API accepts, spelt exactly',
  run({ rule, report }) {
    arrayOf(rule.entityMappings).forEach((mapping, i) => {
      const value = recordOf(mapping)?.entityType;
      if (typeof value !== 'string' || isEntityType(value)) return;
      const path = ['entityMappings', i, 'entityType'];
      if (NOT_IN_API.has(value)) {
        report({
          path,
          message: `entity type ${quote(value)} is not accepted by the alertRules API`,
          hint: 'remove this mapping or map the column to a supported type such as Host',
        });
        return;
      }
      const suggestion = closest(value, ENTITY_TYPES);
      report({
        path,
        message: `unknown entity type ${quote(value)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        hint: `entity types are case-sensitive: ${ENTITY_TYPES.join(', ')}`,
      });
    });
  },
});
