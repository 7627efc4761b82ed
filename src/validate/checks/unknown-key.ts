// Keys that neither the API nor the rule format knows, wherever the format is closed (the schema says where:
// `additionalProperties: false` owned by this check). Usually a misspelling, so the closest known key is offered.
import type { DocPath } from '../../diagnostics/diagnostic.js';
import { isRecord } from '../../rules/model.js';
import { defineCheck, type Finding } from '../check.js';
import { displayPath } from '../schema/ajv-messages.js';
import { deref, owningCheck, ruleSchema, type SchemaNode } from '../schema/rule-schema.js';
import { didYouMean } from '../suggest.js';

const ID = 'unknown-key';

function walk(data: unknown, node: SchemaNode, path: DocPath, report: (f: Finding) => void): void {
  const schema = deref(node);
  if (Array.isArray(data)) {
    if (isRecord(schema.items)) data.forEach((item, i) => walk(item, schema.items as SchemaNode, [...path, i], report));
    return;
  }
  if (!isRecord(data)) return;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const closed = schema.additionalProperties === false && owningCheck(schema, 'additionalProperties') === ID;
  // Where another check owns key spelling (`datatypes` in requiredDataConnectors is an error there), defer to it.
  const caseOwner = owningCheck(schema, 'caseVariants');
  const known = Object.keys(properties);
  const isCaseVariant = (key: string) => known.some(k => k !== key && k.toLowerCase() === key.toLowerCase());
  for (const [key, value] of Object.entries(data)) {
    const child = properties[key];
    if (isRecord(child)) walk(value, child, [...path, key], report);
    else if (closed && !(caseOwner && caseOwner !== ID && isCaseVariant(key))) {
      const where = path.length ? ` in ${displayPath(path)}` : '';
      report({
        path: [...path, key],
        anchor: 'key',
        message: `unknown key "${key}"${where}${didYouMean(key, known)}`,
        hint: path.length
          ? undefined
          : 'the key is passed to the API as is; remove it unless you know the API accepts it',
      });
    }
  }
}

export const unknownKey = defineCheck({
  id: ID,
  severity: 'warning',
  summary:
    'Keys that neither the API nor the rule format knows (usually a misspelling) are reported with the closest known key',
  run(ctx) {
    walk(ctx.rule, ruleSchema().schema, [], f => ctx.report(f));
  },
});
