// kind must be Scheduled or NRT, spelt exactly; rulectl builds no other kind.
import { RULE_KINDS } from '../../api/enums.js';
import { describe, quote } from '../../diagnostics/quote.js';
import { defineCheck } from '../check.js';
import { didYouMean, fixOf } from '../suggest.js';

export const kindValue = defineCheck({
  id: 'kind-value',
  severity: 'error',
  summary: 'kind must be Scheduled or NRT (exact spelling)',
  fixable: true,
  run(ctx) {
    const value: unknown = ctx.rule.kind;
    if (value === undefined || (typeof value === 'string' && (RULE_KINDS as readonly string[]).includes(value))) return;
    ctx.report({
      path: ['kind'],
      message:
        typeof value === 'string'
          ? `kind ${quote(value)} is not Scheduled or NRT${didYouMean(value, RULE_KINDS)}`
          : `kind must be Scheduled or NRT, not ${describe(value)}`,
      ...fixOf(value, RULE_KINDS),
    });
  },
});
