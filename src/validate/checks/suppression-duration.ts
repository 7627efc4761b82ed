// suppressionDuration is 5m-24h and, when suppression is on, at least queryFrequency (else alerts are never suppressed).
import { formatSeconds } from '../../rules/durations.js';
import { defineCheck } from '../check.js';
import { FREQUENCY, HOUR, MINUTE, SUPPRESSION, secondsOf } from '../duration-fields.js';

/** What the mapping sends when the rule has no suppressionDuration (PT1H). */
const DEFAULT_SUPPRESSION = HOUR;

export const suppressionDuration = defineCheck({
  id: 'suppression-duration',
  severity: 'error',
  summary: 'suppressionDuration must be between 5m and 24h and, with suppressionEnabled, at least queryFrequency',
  run(ctx) {
    const given = secondsOf(ctx.rule, SUPPRESSION);
    if (given !== undefined && given > 0 && (given < 5 * MINUTE || given > 24 * HOUR)) {
      ctx.report({
        path: SUPPRESSION.path,
        message: `suppressionDuration is ${formatSeconds(given)}; it must be between 5m and 24h`,
      });
      return;
    }
    if (ctx.rule.suppressionEnabled !== true || ctx.rule.kind === 'NRT') return;
    const frequency = secondsOf(ctx.rule, FREQUENCY);
    const suppression = ctx.rule.suppressionDuration === undefined ? DEFAULT_SUPPRESSION : given;
    if (frequency === undefined || suppression === undefined || suppression >= frequency) return;
    ctx.report(
      ctx.rule.suppressionDuration === undefined
        ? {
            path: ['suppressionEnabled'],
            message: `suppression is enabled with the default suppressionDuration of 1h, shorter than queryFrequency (${formatSeconds(frequency)})`,
            hint: `set suppressionDuration to at least ${formatSeconds(frequency)}`,
          }
        : {
            path: SUPPRESSION.path,
            message: `suppressionDuration (${formatSeconds(suppression)}) is shorter than queryFrequency (${formatSeconds(frequency)}); the service rejects this when suppression is enabled`,
          },
    );
  },
});
