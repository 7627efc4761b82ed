// triggerThreshold must be an integer from 0 to 10000 (the service's range), written as a YAML number.
import { describe, quote } from '../../diagnostics/quote.js';
import { defineCheck } from '../check.js';

const MAX = 10000;

export const triggerThreshold = defineCheck({
  id: 'trigger-threshold',
  severity: 'error',
  summary: 'triggerThreshold must be an integer from 0 to 10000',
  run(ctx) {
    const value: unknown = ctx.rule.triggerThreshold;
    if (value === undefined || ctx.rule.kind === 'NRT') return;
    if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
      ctx.report({
        path: ['triggerThreshold'],
        message: `triggerThreshold is the string ${quote(value)}; write it as a number without quotes`,
      });
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      ctx.report({
        path: ['triggerThreshold'],
        message: `triggerThreshold must be an integer from 0 to ${MAX}, not ${describe(value)}`,
      });
      return;
    }
    if (value < 0 || value > MAX) {
      ctx.report({
        path: ['triggerThreshold'],
        message: `triggerThreshold is ${value}; it must be between 0 and ${MAX}`,
      });
    }
  },
});
