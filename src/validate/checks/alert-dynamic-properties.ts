// alertDetailsOverride.alertDynamicProperties: each alertProperty an AlertProperty value, set once, from a column.
// Whether the api-version in use has the list (or `SubTechniques`) at all is the api-version check's finding.
import { ALERT_PROPERTIES } from '../../api/enums.js';
import { arrayOf, recordOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { closest } from '../suggest.js';
import { columnNameProblem } from './entity-column-name.js';

export const alertDynamicProperties = defineCheck({
  id: 'alert-dynamic-properties',
  severity: 'error',
  summary: 'alertDynamicProperties: alertProperty from the API enum, each at most once, value a column name',
  run({ rule, report }) {
    const items = arrayOf(recordOf(rule.alertDetailsOverride)?.alertDynamicProperties);
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const base = ['alertDetailsOverride', 'alertDynamicProperties', i];
      const { alertProperty, value } = recordOf(item) ?? {};
      if (typeof alertProperty === 'string') {
        if (!(ALERT_PROPERTIES as readonly string[]).includes(alertProperty)) {
          const suggestion = closest(alertProperty, ALERT_PROPERTIES);
          report({
            path: [...base, 'alertProperty'],
            message: `unknown alertProperty ${quote(alertProperty)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
            hint: `alert properties: ${ALERT_PROPERTIES.join(', ')}`,
          });
        } else if (seen.has(alertProperty)) {
          report({
            path: [...base, 'alertProperty'],
            message: `alertProperty ${alertProperty} is set twice`,
            hint: 'keep one',
          });
        }
        seen.add(alertProperty);
      }
      if (typeof value === 'string') {
        const problem = columnNameProblem(value);
        if (problem) report({ path: [...base, 'value'], message: `value ${quote(value)} ${problem}` });
      }
    });
  },
});
