// Finds the alert rules in a JSON document: ARM templates (classic nested or extension-resource form, nested
// deployments and content templates too), or API responses (one rule, or a list's `value`).
import { isRecord } from '../rules/model.js';
import type { ApiRuleInput } from '../mapping/from-api.js';
import { unescapeArmStrings } from './escape.js';
import { CLASSIC_RULE_TYPE, EXTENSION_RULE_TYPE } from './template.js';

export interface FoundRule extends ApiRuleInput {
  /** Where in the document, e.g. `resources[2]`, for messages. */
  where: string;
}

export interface ReadResult {
  rules: FoundRule[];
  /** Alert-rule resources that cannot be read, each with the reason. */
  problems: { where: string; message: string }[];
}

const RULE_TYPES = new Set([CLASSIC_RULE_TYPE.toLowerCase(), EXTENSION_RULE_TYPE.toLowerCase()]);
const GUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The rule's name: the last segment of a literal name, or the last GUID inside a name expression. */
function ruleName(name: unknown, properties: Record<string, unknown>): string | undefined {
  if (typeof name === 'string' && name) {
    if (!name.startsWith('[')) return name.split('/').pop() || undefined;
    if (name.startsWith('[[')) return name.slice(1).split('/').pop() || undefined;
    const guids = name.match(GUIDS);
    if (guids?.length) return guids[guids.length - 1];
  }
  const template = properties.alertRuleTemplateName;
  return typeof template === 'string' && template ? template : undefined;
}

function readResource(resource: Record<string, unknown>, where: string, template: boolean, out: ReadResult): void {
  if (!isRecord(resource.properties)) {
    out.problems.push({ where, message: 'the alert rule has no properties object' });
    return;
  }
  if (typeof resource.kind !== 'string') {
    out.problems.push({ where, message: 'the alert rule has no kind' });
    return;
  }
  let properties = resource.properties;
  if (template) {
    const { value, expressions } = unescapeArmStrings(properties, '/properties');
    if (expressions.length) {
      out.problems.push({
        where,
        message: `ARM expressions at ${expressions.join(', ')} only ARM can evaluate; replace them with literal values first`,
      });
      return;
    }
    properties = value as Record<string, unknown>;
  }
  const name = ruleName(resource.name, properties);
  if (!name) {
    out.problems.push({ where, message: `cannot tell the rule id from the name ${JSON.stringify(resource.name)}` });
    return;
  }
  out.rules.push({ name, kind: resource.kind, properties, where });
}

function walkTemplate(t: Record<string, unknown>, prefix: string, out: ReadResult): void {
  const resources = Array.isArray(t.resources) ? (t.resources as unknown[]) : [];
  resources.forEach((r, i) => {
    if (!isRecord(r)) return;
    const where = `${prefix}resources[${i}]`;
    const type = typeof r.type === 'string' ? r.type.toLowerCase() : '';
    if (RULE_TYPES.has(type)) return readResource(r, where, true, out);
    // Nested deployments and Sentinel content templates carry their own template.
    const props = isRecord(r.properties) ? r.properties : {};
    for (const key of ['template', 'mainTemplate'])
      if (isRecord(props[key])) walkTemplate(props[key], `${where}.properties.${key}.`, out);
  });
}

/** Every alert rule in `doc`; anything that is not an alert rule is ignored. */
export function readAlertRules(doc: unknown): ReadResult {
  const out: ReadResult = { rules: [], problems: [] };
  if (Array.isArray(doc)) {
    doc.forEach((item, i) => {
      const one = readAlertRules(item);
      out.rules.push(...one.rules.map(r => ({ ...r, where: `[${i}].${r.where}` })));
      out.problems.push(...one.problems.map(p => ({ ...p, where: `[${i}].${p.where}` })));
    });
    return out;
  }
  if (!isRecord(doc)) return out;
  if (Array.isArray(doc.resources)) walkTemplate(doc, '', out);
  else if (Array.isArray(doc.value))
    doc.value.forEach((r: unknown, i) => {
      if (isRecord(r)) readResource(r, `value[${i}]`, false, out);
    });
  else if (typeof doc.kind === 'string' && isRecord(doc.properties)) readResource(doc, 'rule', false, out);
  return out;
}
