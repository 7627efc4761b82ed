// The rule's references to the query's output columns: entity mappings, custom details, alert details overrides.
import type { DocPath } from '../diagnostics/diagnostic.js';
import { arrayOf, recordOf, stringOf } from '../rules/model.js';
import { closest } from '../validate/suggest.js';

export interface ColumnReference {
  path: DocPath;
  column: string;
  /** What refers to the column, for the message. */
  what: string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every place in the rule that names an output column, with the YAML path of the referencing value. */
export function columnReferences(rule: Record<string, unknown>): ColumnReference[] {
  const out: ColumnReference[] = [];
  const add = (path: DocPath, value: unknown, what: string) => {
    const column = stringOf(value)?.trim();
    if (column) out.push({ path, column, what });
  };
  arrayOf(rule.entityMappings).forEach((m, i) => {
    const entityType = stringOf(recordOf(m)?.entityType) ?? 'entity';
    arrayOf(recordOf(m)?.fieldMappings).forEach((f, j) => {
      const identifier = stringOf(recordOf(f)?.identifier) ?? 'field';
      add(
        ['entityMappings', i, 'fieldMappings', j, 'columnName'],
        recordOf(f)?.columnName,
        `${entityType}.${identifier}`,
      );
    });
  });
  for (const [key, value] of Object.entries(recordOf(rule.customDetails) ?? {}))
    add(['customDetails', key], value, `custom detail ${key}`);
  const ado = recordOf(rule.alertDetailsOverride) ?? {};
  for (const key of ['alertDisplayNameFormat', 'alertDescriptionFormat']) {
    const text = stringOf(ado[key]) ?? '';
    for (const m of text.matchAll(PLACEHOLDER)) add(['alertDetailsOverride', key], m[1], `${key} placeholder`);
  }
  for (const key of ['alertTacticsColumnName', 'alertSeverityColumnName'])
    add(['alertDetailsOverride', key], ado[key], key);
  arrayOf(ado.alertDynamicProperties).forEach((p, i) => {
    const prop = stringOf(recordOf(p)?.alertProperty) ?? 'property';
    add(['alertDetailsOverride', 'alertDynamicProperties', i, 'value'], recordOf(p)?.value, `dynamic property ${prop}`);
  });
  arrayOf(rule.sentinelEntitiesMappings).forEach((m, i) =>
    add(['sentinelEntitiesMappings', i, 'columnName'], recordOf(m)?.columnName, 'sentinelEntitiesMappings'),
  );
  return out;
}

export interface ReferenceProblem {
  ref: ColumnReference;
  message: string;
  hint?: string;
}

/** References to columns the output does not have (a case-only difference counts: KQL names are case-sensitive). */
export function missingColumns(refs: readonly ColumnReference[], columns: readonly string[]): ReferenceProblem[] {
  const have = new Set(columns);
  const out: ReferenceProblem[] = [];
  for (const ref of refs) {
    if (have.has(ref.column)) continue;
    const near = closest(ref.column, columns);
    out.push({
      ref,
      message: `${ref.what} refers to column "${ref.column}", which the query does not output${near ? `; did you mean "${near}"?` : ''}`,
      hint: near
        ? `column names are case-sensitive; use "${near}"`
        : 'add the column to the query result (extend/project) or map an existing column',
    });
  }
  return out;
}
