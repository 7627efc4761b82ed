// requiredDataConnectors items: `connectorId` and `dataTypes`, spelt exactly (Microsoft CI's reader ignores case, so
// `datatypes` slipped into 9 of its own rules; strict tools do not), with a connector id Microsoft knows.
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
        message: `"${key}" must be spelt "${meant}"`,
        hint: 'keys are case-sensitive; Microsoft CI reads them case-insensitively, other tools do not',
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
  const id = item.connectorId;
  if (typeof id === 'string' && !knownConnectorIds().has(id)) {
    const suggestion = suggestConnector(id);
    report({
      path: [...base, 'connectorId'],
      severity: 'warning',
      message: `connector id ${quote(id)} is not a known data connector${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      hint: 'use the id of the data connector that ingests these tables (Microsoft content CI rejects unknown ids)',
    });
  }
}

export const dataConnectors = defineCheck({
  id: 'data-connectors',
  severity: 'error',
  summary: 'requiredDataConnectors items have connectorId and dataTypes spelt exactly; unknown connector ids warn',
  run({ rule, report }) {
    arrayOf(rule.requiredDataConnectors).forEach((item, i) => {
      const record = recordOf(item);
      if (record) checkItem(record, i, report);
    });
  },
});
