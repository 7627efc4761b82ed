// Closed value sets of the alertRules API (docs/api-contract.md §2.5) and the YAML format's short forms.

export const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;

/** The longest query the service accepts, in UTF-16 units. */
export const MAX_QUERY_LENGTH = 10_000;

/** All AttackTactic values of the newest API versions; which versions know which is in versions.ts. */
export const TACTICS = [
  'Reconnaissance',
  'ResourceDevelopment',
  'InitialAccess',
  'Execution',
  'Persistence',
  'PrivilegeEscalation',
  'DefenseEvasion',
  'CredentialAccess',
  'Discovery',
  'LateralMovement',
  'Collection',
  'Exfiltration',
  'CommandAndControl',
  'Impact',
  'PreAttack',
  'ImpairProcessControl',
  'InhibitResponseFunction',
] as const;

/** The API's spelling of a tactic written in another case (`CommandandControl`); the API reads the enum case-insensitively. */
export function apiTactic(value: string): string | undefined {
  const lower = value.toLowerCase();
  return TACTICS.find(t => t.toLowerCase() === lower);
}

export const ENTITY_TYPES = [
  'Account',
  'Host',
  'IP',
  'Malware',
  'File',
  'Process',
  'CloudApplication',
  'DNS',
  'AzureResource',
  'FileHash',
  'RegistryKey',
  'RegistryValue',
  'SecurityGroup',
  'URL',
  'Mailbox',
  'MailCluster',
  'MailMessage',
  'SubmissionMail',
] as const;

/** YAML short form -> API value; the API's closed enum is the set of values. */
export const TRIGGER_OPERATORS: Readonly<Record<string, string>> = {
  gt: 'GreaterThan',
  lt: 'LessThan',
  eq: 'Equal',
  ne: 'NotEqual',
  GreaterThan: 'GreaterThan',
  LessThan: 'LessThan',
  Equal: 'Equal',
  NotEqual: 'NotEqual',
};

export const AGGREGATION_KINDS = ['SingleAlert', 'AlertPerResult'] as const;
export const MATCHING_METHODS = ['AllEntities', 'AnyAlert', 'Selected'] as const;
export const ALERT_DETAILS = ['DisplayName', 'Severity'] as const;

/** AlertProperty values for alertDynamicProperties; `SubTechniques` only on previews from 2023-12-01. */
export const ALERT_PROPERTIES = [
  'AlertLink',
  'ConfidenceLevel',
  'ConfidenceScore',
  'ExtendedLinks',
  'ProductName',
  'ProviderName',
  'ProductComponentName',
  'RemediationSteps',
  'Techniques',
  'SubTechniques',
] as const;

/** Rule kinds rulectl builds and deploys; the API has more (Fusion, …) that import reports and skips. */
export const RULE_KINDS = ['Scheduled', 'NRT'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
