// requiredDataConnectors items: `connectorId` and `dataTypes`, with a connector id Microsoft knows. Microsoft's CI
// binds keys case-insensitively (Newtonsoft), so `datatypes` (9 of its own rules) works there: a warning, since strict
// readers (YAML tooling, JSON Schema) see no dataTypes.
import { knownConnectorIds } from '../../api/connectors.js';
import { arrayOf, recordOf } from '../../rules/model.js';
import { defineCheck, type CheckContext } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { closest } from '../suggest.js';

const KEYS = ['connectorId', 'dataTypes'] as const;

// Repositories repeat the same few unknown ids in many rules: compare each with the known list once.
const suggestions = new Map<string, string | undefined>();
function suggestConnector(id: string): string | undefined {
  if (!suggestions.has(id)) suggestions.set(id, closest(id, knownConnectorIds()));
  return suggestions.get(id);
}

function checkItem(item: Record<string, unknown>, i: number, report: CheckContext['report']): void {
  const base = ['requiredDataConnectors', i];
  for (const key of Object.keys(item)) {
    const meant = KEYS.find(k => k !== key && k.toLowerCase() === key.toLowerCase());
    if (meant && !(meant in item)) {
      report({
        path: [...base, key],
        anchor: 'key',
        severity: 'warning',
        message: `"${key}" is read as "${meant}" only by case-insensitive readers such as Microsoft's content CI`,
        hint: `write "${meant}": strict readers (YAML tooling, JSON Schema) do not find "${key}"`,
      });
    }
  }
  const variant = Object.keys(item).some(k => k !== 'dataTypes' && k.toLowerCase() === 'datatypes');
  if (!('dataTypes' in item) && !variant) {
    report({
      path: base,
      message: 'this requiredDataConnectors item has no dataTypes',
      hint: 'list the tables the rule reads from this connector, e.g. dataTypes: [SecurityEvent]',
    });
  }
  // Under whichever spelling the CI would read it.
  const idKey = 'connectorId' in item ? 'connectorId' : Object.keys(item).find(k => k.toLowerCase() === 'connectorid');
  const id = idKey && item[idKey];
  if (idKey && typeof id === 'string' && !knownConnectorIds().has(id)) {
    const suggestion = suggestConnector(id);
    report({
      path: [...base, idKey],
      severity: 'warning',
      message: `connector id ${quote(id)} is not a known data connector${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      hint: 'use the id of the data connector that ingests these tables (Microsoft content CI rejects unknown ids)',
    });
  }
}

export const dataConnectors = defineCheck({
  id: 'data-connectors',
  severity: 'error',
  summary:
    'requiredDataConnectors items have connectorId and dataTypes (another case or an unknown connector id: warning)',
  run({ rule, report }) {
    arrayOf(rule.requiredDataConnectors).forEach((item, i) => {
      const record = recordOf(item);
      if (record) checkItem(record, i, report);
    });
  },
});
