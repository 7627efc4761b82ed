// alertDetailsOverride formats: non-empty, at most 256 (name) or 5000 (description) characters, at most three
// well-formed `{{column}}` placeholders; the tactics/severity overrides name a column (docs/api-contract.md §2.4).
import { recordOf } from '../../rules/model.js';
import { defineCheck, type CheckContext } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { columnNameProblem } from './entity-column-name.js';

const FORMATS = [
  { key: 'alertDisplayNameFormat', max: 256 },
  { key: 'alertDescriptionFormat', max: 5000 },
] as const;
const MAX_PLACEHOLDERS = 3;
const PLACEHOLDER = /{{([^{}]*)}}/g;

function checkFormat(key: string, max: number, text: string, report: CheckContext['report']): void {
  const path = ['alertDetailsOverride', key];
  if (text.trim() === '') {
    report({ path, message: `${key} is empty`, hint: 'write a format or remove the key' });
    return;
  }
  if (text.length > max)
    report({ path, message: `${key} is ${text.length} characters long; at most ${max} are allowed` });
  const placeholders = [...text.matchAll(PLACEHOLDER)].map(m => m[1] ?? '');
  if (placeholders.length > MAX_PLACEHOLDERS) {
    report({
      path,
      message: `${key} has ${placeholders.length} {{column}} placeholders; at most ${MAX_PLACEHOLDERS} are allowed`,
      hint: 'combine values into one column in the query (strcat) and use that column',
    });
  }
  for (const name of placeholders) {
    if (name.trim() === '')
      report({ path, message: `${key} has an empty placeholder {{${name}}}`, hint: 'write {{ColumnName}}' });
    else if (columnNameProblem(name))
      report({ path, message: `${key} placeholder {{${name}}} does not name a column` });
  }
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    report({
      path,
      message: `${key} has an unbalanced placeholder: every {{ needs a matching }}`,
      hint: 'write placeholders as {{ColumnName}}',
    });
  }
}

export const alertDetailsOverride = defineCheck({
  id: 'alert-details-override',
  severity: 'error',
  summary: 'alertDetailsOverride formats: 1-256 / 1-5000 characters, at most 3 well-formed {{column}} placeholders',
  run({ rule, report }) {
    const override = recordOf(rule.alertDetailsOverride);
    if (!override) return;
    for (const { key, max } of FORMATS) {
      const text = override[key];
      if (typeof text === 'string') checkFormat(key, max, text, report);
    }
    for (const key of ['alertTacticsColumnName', 'alertSeverityColumnName']) {
      const column = override[key];
      if (typeof column !== 'string') continue;
      const problem = columnNameProblem(column);
      if (problem) report({ path: ['alertDetailsOverride', key], message: `${key} ${quote(column)} ${problem}` });
    }
  },
});
