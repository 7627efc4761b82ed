// The service's two cross-field rules: queryPeriod >= queryFrequency, and frequency >= 1h once period >= 2d.
import { formatSeconds } from '../../rules/durations.js';
import { defineCheck } from '../check.js';
import { DAY, FREQUENCY, HOUR, PERIOD, secondsOf } from '../duration-fields.js';

export const queryPeriodVsFrequency = defineCheck({
  id: 'query-period-vs-frequency',
  severity: 'error',
  summary: 'queryPeriod must be at least queryFrequency, and queryFrequency at least 1h when queryPeriod is 2d or more',
  run(ctx) {
    if (ctx.rule.kind === 'NRT') return;
    const frequency = secondsOf(ctx.rule, FREQUENCY);
    const period = secondsOf(ctx.rule, PERIOD);
    if (frequency === undefined || period === undefined) return;
    if (period < frequency) {
      ctx.report({
        path: PERIOD.path,
        message: `queryPeriod (${formatSeconds(period)}) is shorter than queryFrequency (${formatSeconds(frequency)}); runs would leave gaps`,
        hint: `make queryPeriod at least ${formatSeconds(frequency)}`,
      });
    } else if (period >= 2 * DAY && frequency < HOUR) {
      ctx.report({
        path: FREQUENCY.path,
        message: `queryFrequency is ${formatSeconds(frequency)} but queryPeriod is ${formatSeconds(period)}; with a period of 2d or more the frequency must be at least 1h`,
      });
    }
  },
});
