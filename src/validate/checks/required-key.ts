// Keys a rule cannot do without. Errors for what the API or rulectl needs; warnings for what only Microsoft's
// content CI demands (description, requiredDataConnectors on Scheduled rules), which a team's own repository may skip.
import type { Severity } from '../../diagnostics/diagnostic.js';
import { defineCheck } from '../check.js';

const ALWAYS = ['id', 'name', 'kind', 'severity', 'query'] as const;
const SCHEDULED = ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] as const;
const CONTENT_CI: readonly { key: string; scheduledOnly: boolean }[] = [
  { key: 'description', scheduledOnly: false },
  { key: 'requiredDataConnectors', scheduledOnly: true },
];

export const requiredKey = defineCheck({
  id: 'required-key',
  severity: 'error',
  summary: 'A rule needs id, name, kind, severity and query; a Scheduled rule also its frequency, period and trigger',
  run(ctx) {
    const missing = (key: string) => ctx.rule[key] === undefined;
    const report = (key: string, why: string, severity: Severity = 'error') =>
      ctx.report({ path: [], anchor: 'key', severity, message: `missing required key "${key}"${why}` });
    for (const key of ALWAYS) if (missing(key)) report(key, '');
    const scheduled = ctx.rule.kind === 'Scheduled';
    if (scheduled) for (const key of SCHEDULED) if (missing(key)) report(key, ' (Scheduled rules need it)');
    for (const { key, scheduledOnly } of CONTENT_CI) {
      if ((scheduled || !scheduledOnly) && missing(key))
        report(key, " (Microsoft's content CI requires it)", 'warning');
    }
  },
});
