// The ARM template that build-arm writes: the seed's shape (one `workspace` parameter, the classic nested
// alertRules resource), strings escaped for ARM, rendered deterministically (2-space JSON, final newline).
import type { ApiRule } from '../mapping/to-api.js';
import { isRecord } from '../rules/model.js';
import { escapeArmStrings } from './escape.js';

export const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const CLASSIC_RULE_TYPE = 'Microsoft.OperationalInsights/workspaces/providers/alertRules';
export const EXTENSION_RULE_TYPE = 'Microsoft.SecurityInsights/alertRules';

export interface ArmResource {
  id: string;
  name: string;
  type: string;
  kind: string;
  apiVersion: string;
  properties: unknown;
}

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: { workspace: { type: 'String' } };
  resources: ArmResource[];
}

export function armResource(rule: ApiRule): ArmResource {
  // The resource name is a lower-case GUID (checked by the mapping), so it is safe inside these expressions.
  return {
    id: `[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/${rule.name}')]`,
    name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/${rule.name}')]`,
    type: CLASSIC_RULE_TYPE,
    kind: rule.kind,
    apiVersion: rule.apiVersion,
    properties: escapeArmStrings(rule.properties),
  };
}

export function armTemplate(rules: readonly ApiRule[]): ArmTemplate {
  return {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { workspace: { type: 'String' } },
    resources: rules.map(armResource),
  };
}

/** The bytes of a template file: the same input always gives the same text. */
export function renderTemplate(template: ArmTemplate): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

const BUILT_NAME = /^\[concat\(parameters\('workspace'\),'\/Microsoft\.SecurityInsights\/([0-9a-f-]{36})'\)\]$/;

/**
 * The rule names a template holds when build-arm wrote it (its shape and bytes exactly), else undefined: such a
 * file can be deleted without losing anything a rule file could not rebuild. A foreign template is never one.
 */
export function builtTemplateRules(text: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const template = parsed as ArmTemplate;
  const empty = armTemplate([]);
  if (!isRecord(parsed) || Object.keys(parsed).join() !== Object.keys(empty).join()) return undefined;
  if (template.$schema !== empty.$schema || JSON.stringify(template.parameters) !== JSON.stringify(empty.parameters))
    return undefined;
  if (!Array.isArray(template.resources) || renderTemplate(template) !== text) return undefined;
  const names: string[] = [];
  for (const r of template.resources as unknown[]) {
    const name = isRecord(r) && typeof r.name === 'string' ? BUILT_NAME.exec(r.name)?.[1] : undefined;
    if (!name || !isRecord(r) || r.type !== CLASSIC_RULE_TYPE) return undefined;
    names.push(name);
  }
  return names;
}
