// Queries that still project the pre-2020 `*CustomEntity` columns must map them in entityMappings: once a rule
// has any new-style mapping the service ignores the old columns (Microsoft CI `NewEntityMappings`, docs/api-contract.md §3).
import { quote } from '../../diagnostics/quote.js';
import { arrayOf, recordOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';

const LEGACY_COLUMN = /\b(?:Account|Host|IP|URL|Process|FileHash)CustomEntity\b/g;

const ENTITY_OF: Readonly<Record<string, string>> = {
  AccountCustomEntity: 'Account',
  HostCustomEntity: 'Host',
  IPCustomEntity: 'IP',
  URLCustomEntity: 'URL',
  ProcessCustomEntity: 'Process',
  FileHashCustomEntity: 'FileHash',
};

export const legacyCustomEntity = defineCheck({
  id: 'legacy-custom-entity',
  severity: 'error',
  summary: 'A *CustomEntity column in the query needs an entityMappings columnName equal to it',
  run({ rule, report }) {
    if (typeof rule.query !== 'string' || !rule.query.includes('CustomEntity')) return;
    const mapped = new Set<unknown>();
    for (const mapping of arrayOf(rule.entityMappings))
      for (const field of arrayOf(recordOf(mapping)?.fieldMappings)) mapped.add(recordOf(field)?.columnName);
    const missing = new Set([...rule.query.matchAll(LEGACY_COLUMN)].map(m => m[0]).filter(c => !mapped.has(c)));
    for (const column of missing) {
      report({
        path: ['query'],
        message: `An old mapping for entity ${quote(column)} does not have a matching new mapping entry`,
        hint: `add an entityMappings entry of type ${ENTITY_OF[column] ?? 'the matching entity'} with columnName: ${column}`,
      });
    }
  },
});
