// fieldMappings[].columnName names a query result column: a KQL identifier of at most 500 characters.
import { COLUMN_NAME, MAX_COLUMN_NAME_LENGTH } from '../../api/entities.js';
import { arrayOf, recordOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';

/** Why `value` is not a usable column name, or undefined when it is one. */
export function columnNameProblem(value: string): string | undefined {
  if (value.length > MAX_COLUMN_NAME_LENGTH)
    return `is ${value.length} characters long (at most ${MAX_COLUMN_NAME_LENGTH})`;
  if (!COLUMN_NAME.test(value)) {
    return value.trim() !== value && COLUMN_NAME.test(value.trim())
      ? 'has leading or trailing spaces'
      : 'is not a column name (letters, digits and _, not starting with a digit)';
  }
  return undefined;
}

export const entityColumnName = defineCheck({
  id: 'entity-column-name',
  severity: 'error',
  summary: 'fieldMappings[].columnName must be a query column name (^[a-zA-Z_]\\w*$, at most 500 characters)',
  run({ rule, report }) {
    arrayOf(rule.entityMappings).forEach((mapping, i) => {
      arrayOf(recordOf(mapping)?.fieldMappings).forEach((field, j) => {
        const column = recordOf(field)?.columnName;
        if (typeof column !== 'string') return;
        const problem = columnNameProblem(column);
        if (problem)
          report({
            path: ['entityMappings', i, 'fieldMappings', j, 'columnName'],
            message: `columnName ${quote(column)} ${problem}`,
            hint: 'project or extend the value into a plain column in the query and map that column',
          });
      });
    });
  },
});
