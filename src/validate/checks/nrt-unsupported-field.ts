// NRT rules run every minute and have no frequency, period or trigger: such keys are dropped, not sent.
import { defineCheck } from '../check.js';

const NOT_IN_NRT = ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] as const;

export const nrtUnsupportedField = defineCheck({
  id: 'nrt-unsupported-field',
  severity: 'warning',
  summary: 'NRT rules have no queryFrequency, queryPeriod, triggerOperator or triggerThreshold; they are not sent',
  run(ctx) {
    if (ctx.rule.kind !== 'NRT') return;
    for (const key of NOT_IN_NRT) {
      if (!(key in ctx.rule)) continue;
      ctx.report({
        path: [key],
        anchor: 'key',
        message: `${key} has no effect on an NRT rule (it runs every minute and alerts on any result); remove it`,
      });
    }
  },
});
