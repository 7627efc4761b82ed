// Rule ids must be unique across everything validated: the id is the resource name in the workspace.
import { defineCheck } from '../check.js';
import type { RuleFile } from '../../rules/load.js';

export const duplicateRuleId = defineCheck({
  id: 'duplicate-rule-id',
  severity: 'error',
  summary: 'Rule ids must be unique across all validated files (compared case-insensitively)',
  runAll(ctx) {
    const byId = new Map<string, RuleFile[]>();
    for (const { rule, file } of ctx.rules) {
      if (typeof rule.id !== 'string') continue;
      const key = rule.id.trim().toLowerCase();
      byId.set(key, [...(byId.get(key) ?? []), file]);
    }
    for (const files of byId.values()) {
      if (files.length < 2) continue;
      for (const file of files) {
        const others = files.filter(f => f !== file).map(f => f.file);
        ctx.report(file, {
          path: ['id'],
          message: `id is also used by ${others.join(', ')}`,
          hint: 'give each rule its own GUID; the id is the rule resource name in the workspace',
        });
      }
    }
  },
});
