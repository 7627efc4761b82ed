// eventGroupingSettings.aggregationKind: one alert per run (SingleAlert) or one per result row (AlertPerResult).
import { AGGREGATION_KINDS } from '../../api/enums.js';
import { recordOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { closest } from '../suggest.js';

export const eventGrouping = defineCheck({
  id: 'event-grouping',
  severity: 'error',
  summary: 'eventGroupingSettings.aggregationKind must be SingleAlert or AlertPerResult',
  run({ rule, report }) {
    const kind = recordOf(rule.eventGroupingSettings)?.aggregationKind;
    if (typeof kind !== 'string' || (AGGREGATION_KINDS as readonly string[]).includes(kind)) return;
    const suggestion = closest(kind, AGGREGATION_KINDS);
    report({
      path: ['eventGroupingSettings', 'aggregationKind'],
      message: `unknown aggregationKind ${quote(kind)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      hint: 'SingleAlert groups all results of a run into one alert; AlertPerResult raises one alert per row',
    });
  },
});
