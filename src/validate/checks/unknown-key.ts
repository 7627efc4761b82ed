// Keys that neither the API nor the rule format knows, wherever the format is closed (the schema says where:
// `additionalProperties: false` owned by this check). Usually a misspelling, so the closest known key is offered.
import { quote } from '../../diagnostics/quote.js';
import type { DocPath } from '../../diagnostics/diagnostic.js';
import { renameConflicts } from '../../mapping/to-api.js';
import { isRecord, own, type AnalyticRule } from '../../rules/model.js';
import { defineCheck, type Finding } from '../check.js';
import { displayPath } from '../schema/ajv-messages.js';
import { deref, owningCheck, ruleSchema, type SchemaNode } from '../schema/rule-schema.js';
import { didYouMean, editDistance } from '../suggest.js';

const ID = 'unknown-key';

/** What the walk needs from a schema node, computed once per node (the walk runs for every rule). */
interface Shape {
  properties: Record<string, SchemaNode>;
  items?: SchemaNode;
  closed: boolean;
  /** Another check owns case-only misspellings here (`datatypes` is a data-connectors error). */
  caseOwnedElsewhere: boolean;
}

const shapes = new WeakMap<SchemaNode, Shape>();

/** API property names whose rule-format spelling differs; writing the API name is a common slip. */
const FORMAT_NAME_OF: Readonly<Record<string, string | undefined>> = {
  displayName: 'name',
  templateVersion: 'version',
};

function shapeOf(node: SchemaNode): Shape {
  let shape = shapes.get(node);
  if (!shape) {
    const schema = deref(node);
    const caseOwner = owningCheck(schema, 'caseVariants');
    shape = {
      properties: (isRecord(schema.properties) ? schema.properties : {}) as Record<string, SchemaNode>,
      ...(isRecord(schema.items) ? { items: schema.items } : {}),
      closed: schema.additionalProperties === false && owningCheck(schema, 'additionalProperties') === ID,
      caseOwnedElsewhere: caseOwner !== undefined && caseOwner !== ID,
    };
    shapes.set(node, shape);
  }
  return shape;
}

/**
 * The known key this one misspells by its case or one character (`alertDisplaynameFormat`): what the author meant,
 * so the key is an error. Further-off keys may be deliberate pass-through and stay warnings.
 */
function nearMiss(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const distances = known.map(k => ({ k, d: editDistance(lower, k.toLowerCase()) })).filter(({ d }) => d <= 1);
  return distances.sort((a, b) => a.d - b.d)[0]?.k;
}

function walk(data: unknown, node: SchemaNode, path: DocPath, report: (f: Finding) => void): void {
  const shape = shapeOf(node);
  if (Array.isArray(data)) {
    const items = shape.items;
    if (items) data.forEach((item, i) => walk(item, items, [...path, i], report));
    return;
  }
  if (!isRecord(data)) return;
  for (const key of Object.keys(data)) {
    const child = own(shape.properties, key);
    if (child) {
      walk(data[key], child, [...path, key], report);
      continue;
    }
    if (!shape.closed) continue;
    const formatName = path.length ? undefined : own(FORMAT_NAME_OF, key);
    if (formatName !== undefined && data[formatName] !== undefined) {
      // Next to its rule-format spelling the key is never sent: equal, it is dropped; different, build-mapping errs.
      if (renameConflicts(data as AnalyticRule).some(f => f.path[0] === key)) continue;
      report({
        path: [key],
        anchor: 'key',
        message: `unknown key ${quote(key)}; the rule format calls it "${formatName}"`,
        hint: `it repeats "${formatName}" and is not sent; remove it`,
      });
      continue;
    }
    const known = Object.keys(shape.properties);
    if (shape.caseOwnedElsewhere && known.some(k => k !== key && k.toLowerCase() === key.toLowerCase())) continue;
    const meant = nearMiss(key, known);
    if (meant) {
      // Renaming onto a key the mapping already has would make a duplicate key: that one needs a person.
      const free = !Object.hasOwn(data, meant);
      report({
        path: [...path, key],
        anchor: 'key',
        severity: 'error',
        message: `unknown key ${quote(key)}${path.length ? ` in ${displayPath(path)}` : ''}; did you mean "${meant}"?`,
        hint: `rename it to "${meant}": rulectl does not read it as ${meant} (none of its checks apply) and sends it as written`,
        ...(free ? { fix: meant } : {}),
      });
      continue;
    }
    report({
      path: [...path, key],
      anchor: 'key',
      message: formatName
        ? `unknown key ${quote(key)}; the rule format calls it "${formatName}"`
        : `unknown key ${quote(key)}${path.length ? ` in ${displayPath(path)}` : ''}${didYouMean(key, known)}`,
      hint: formatName
        ? `rename it to "${formatName}"`
        : path.length
          ? undefined
          : 'the key is passed to the API as is; remove it unless you know the API accepts it',
    });
  }
}

export const unknownKey = defineCheck({
  id: ID,
  severity: 'warning',
  fixable: true,
  summary:
    'Keys that neither the API nor the rule format knows (usually a misspelling) are reported with the closest known key',
  run(ctx) {
    walk(ctx.rule, ruleSchema().schema, [], f => ctx.report(f));
  },
});
