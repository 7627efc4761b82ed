// sentinelEntitiesMappings (preview API versions) lists columns holding Sentinel entities; together with
// entityMappings a rule has at most 10 mappings (the limit Terraform enforces, docs/api-contract.md §2.4).
import { MAX_ENTITY_MAPPINGS } from '../../api/entities.js';
import { arrayOf, recordOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { columnNameProblem } from './entity-column-name.js';

export const sentinelEntitiesMappings = defineCheck({
  id: 'sentinel-entities-mappings',
  severity: 'error',
  summary: 'sentinelEntitiesMappings items name a column; with entityMappings at most 10 mappings in all',
  run({ rule, report }) {
    const items = rule.sentinelEntitiesMappings;
    if (!Array.isArray(items)) return;
    if (items.length === 0) {
      report({
        path: ['sentinelEntitiesMappings'],
        message: 'sentinelEntitiesMappings is an empty list',
        hint: 'remove the key',
      });
    }
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const column = recordOf(item)?.columnName;
      if (typeof column !== 'string') return;
      const path = ['sentinelEntitiesMappings', i, 'columnName'];
      const problem = columnNameProblem(column);
      if (problem) report({ path, message: `columnName ${quote(column)} ${problem}` });
      else if (seen.has(column)) report({ path, message: `column ${quote(column)} is listed twice` });
      seen.add(column);
    });
    const total = items.length + arrayOf(rule.entityMappings).length;
    if (total > MAX_ENTITY_MAPPINGS && arrayOf(rule.entityMappings).length <= MAX_ENTITY_MAPPINGS) {
      report({
        path: ['sentinelEntitiesMappings'],
        anchor: 'key',
        message: `entityMappings and sentinelEntitiesMappings hold ${total} mappings together; at most ${MAX_ENTITY_MAPPINGS} are allowed`,
      });
    }
  },
});
