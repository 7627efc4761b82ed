// severity must be one of the API's four values, spelt exactly.
import { SEVERITIES } from '../../api/enums.js';
import { describe, quote } from '../../diagnostics/quote.js';
import { defineCheck } from '../check.js';
import { didYouMean, fixOf } from '../suggest.js';

export const severityValue = defineCheck({
  id: 'severity-value',
  severity: 'error',
  summary: 'severity must be Informational, Low, Medium or High (exact spelling)',
  fixable: true,
  run(ctx) {
    const value: unknown = ctx.rule.severity;
    if (value === undefined || (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value))) return;
    ctx.report({
      path: ['severity'],
      message:
        typeof value === 'string'
          ? `severity ${quote(value)} is not one of ${SEVERITIES.join(', ')}${didYouMean(value, SEVERITIES)}`
          : `severity must be one of ${SEVERITIES.join(', ')}, not ${describe(value)}`,
      ...fixOf(value, SEVERITIES),
    });
  },
});
