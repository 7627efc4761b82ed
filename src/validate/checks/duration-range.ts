// queryFrequency and queryPeriod must lie between 5 minutes and 14 days (the service's limits).
import { formatSeconds } from '../../rules/durations.js';
import { defineCheck } from '../check.js';
import { DAY, FREQUENCY, MINUTE, PERIOD, secondsOf } from '../duration-fields.js';

const MIN = 5 * MINUTE;
const MAX = 14 * DAY;

export const durationRange = defineCheck({
  id: 'duration-range',
  severity: 'error',
  summary: 'queryFrequency and queryPeriod must be between 5m and 14d',
  run(ctx) {
    if (ctx.rule.kind === 'NRT') return;
    for (const field of [FREQUENCY, PERIOD]) {
      const seconds = secondsOf(ctx.rule, field);
      if (seconds === undefined || seconds === 0 || (seconds >= MIN && seconds <= MAX)) continue;
      ctx.report({
        path: field.path,
        message: `${field.name} is ${formatSeconds(seconds)}; it must be between 5m and 14d`,
      });
    }
  },
});
