// The ARM template that build-arm writes: the seed's shape (one `workspace` parameter, the classic nested
// alertRules resource), strings escaped for ARM, rendered deterministically (2-space JSON, final newline).
import type { ApiRule } from '../mapping/to-api.js';
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
