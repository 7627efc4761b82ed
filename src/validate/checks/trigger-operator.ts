// triggerOperator must be one of the four comparisons, short (gt) or long (GreaterThan); near misses get a suggestion.
import { TRIGGER_OPERATORS } from '../../api/enums.js';
import { describe, quote } from '../../diagnostics/quote.js';
import { defineCheck } from '../check.js';
import { closest, fixOf } from '../suggest.js';

/** Operators people write that the API does not have; the closest honest rewrite is a different threshold. */
const NO_SUCH_OPERATOR = /^(ge|gte|le|lte|GreaterThanOrEqual|LessThanOrEqual|>=|<=)$/i;

export const triggerOperator = defineCheck({
  id: 'trigger-operator',
  severity: 'error',
  summary: 'triggerOperator must be gt, lt, eq, ne or GreaterThan, LessThan, Equal, NotEqual',
  fixable: true,
  run(ctx) {
    const value: unknown = ctx.rule.triggerOperator;
    if (value === undefined || ctx.rule.kind === 'NRT') return;
    if (typeof value === 'string' && Object.hasOwn(TRIGGER_OPERATORS, value)) return;
    const allowed = Object.keys(TRIGGER_OPERATORS).join(', ');
    if (typeof value === 'string' && NO_SUCH_OPERATOR.test(value.trim())) {
      ctx.report({
        path: ['triggerOperator'],
        message: `triggerOperator ${quote(value)} does not exist; the API has no greater- or less-or-equal comparison`,
        hint: `use gt with triggerThreshold one lower (or lt with it one higher)`,
      });
      return;
    }
    const near =
      typeof value === 'string'
        ? value === 'Equals'
          ? 'Equal'
          : closest(value, Object.keys(TRIGGER_OPERATORS))
        : undefined;
    ctx.report({
      path: ['triggerOperator'],
      message: `triggerOperator is ${describe(value)}; expected one of ${allowed}${near ? `; did you mean "${near}"?` : ''}`,
      ...fixOf(value, Object.keys(TRIGGER_OPERATORS)),
    });
  },
});
