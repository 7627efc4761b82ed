// What the one mapping refuses, found before build-arm or deploy: an API spelling next to its YAML spelling that
// says something else. build-arm and deploy report every other mapping refusal under this id too.
import { renameConflicts } from '../../mapping/to-api.js';
import { defineCheck } from '../check.js';

export const buildMapping = defineCheck({
  id: 'build-mapping',
  severity: 'error',
  summary: 'The rule must map to the alertRules API: an API spelling next to its YAML spelling must agree with it',
  run({ rule, report }) {
    for (const finding of renameConflicts(rule)) report(finding);
  },
});
