// Durations must be `<n>m|h|d` or ISO-8601; a near miss (`PT1D`, `1h10m`, `1H`) gets the spelling to write instead.
import { isDurationError, parseDuration, unambiguousDuration } from '../../rules/durations.js';
import { describe, quote } from '../../diagnostics/quote.js';
import { defineCheck } from '../check.js';
import { durationFieldsOf, rawValue } from '../duration-fields.js';

const FORMS = 'write 5m, 1h, 14d or an ISO-8601 duration such as PT1H, P1D, PT1H30M';

export const durationFormat = defineCheck({
  id: 'duration-format',
  severity: 'error',
  summary: 'Durations must be written as 5m, 1h, 14d or as an ISO-8601 duration such as PT1H, P1D, PT1H30M',
  fixable: true,
  run(ctx) {
    for (const field of durationFieldsOf(ctx.rule)) {
      const value = rawValue(ctx.rule, field.path);
      if (value === undefined) continue;
      if (typeof value !== 'string') {
        ctx.report({
          path: field.path,
          message: `${field.name} must be a duration such as "1h", not ${describe(value)}`,
        });
        continue;
      }
      const parsed = parseDuration(value);
      if (!isDurationError(parsed)) {
        if (parsed.seconds === 0) ctx.report({ path: field.path, message: `${field.name} is zero; ${FORMS}` });
        continue;
      }
      // Upper-case short forms (`1H`) and written-out units mean the short form, not an ISO spelling.
      const fix = unambiguousDuration(value);
      const suggestion = fix ?? parsed.suggestion;
      ctx.report({
        path: field.path,
        message: `${field.name} ${quote(value)} is not a valid duration${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        hint: FORMS,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
