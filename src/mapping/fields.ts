// The field facts of the one mapping, shared by both directions (to-api.ts, from-api.ts) so they cannot drift.

/** YAML key -> API property. */
export const RENAMES: Readonly<Record<string, string>> = {
  name: 'displayName',
  id: 'alertRuleTemplateName',
  version: 'templateVersion',
  relevantTechniques: 'techniques',
};

/**
 * The API spelling a rule file may keep for the template a rule was made from when that is not its id: the portal
 * names a rule made from a Content Hub template with a new GUID, and the link is what tells which template it is.
 */
export const TEMPLATE_LINK = 'alertRuleTemplateName';

/** YAML keys that never reach the API (`kind` is the resource kind, the rest is content-CI metadata). */
export const NOT_SENT: ReadonlySet<string> = new Set(['metadata', 'kind', 'requiredDataConnectors']);

/** Properties an NRT rule does not have: it runs every minute with an implicit "more than 0 results". */
export const NRT_ABSENT: ReadonlySet<string> = new Set([
  'queryFrequency',
  'queryPeriod',
  'triggerOperator',
  'triggerThreshold',
]);

/** The only places where `5m/1h/1d` become ISO-8601 (and back): never free text, tags or customDetails. */
export const DURATION_PATHS: readonly (readonly string[])[] = [
  ['queryFrequency'],
  ['queryPeriod'],
  ['suppressionDuration'],
  ['incidentConfiguration', 'groupingConfiguration', 'lookbackDuration'],
];

export const SUB_TECHNIQUE = /^(T\d{4})\.\d{3}$/;

/** The API's own properties in the order of the seed's template (and of portal exports). */
export const API_PROPERTY_ORDER: readonly string[] = [
  'displayName',
  'description',
  'severity',
  'enabled',
  'query',
  'queryFrequency',
  'queryPeriod',
  'triggerOperator',
  'triggerThreshold',
  'suppressionDuration',
  'suppressionEnabled',
  'tactics',
  'techniques',
  'subTechniques',
  'alertRuleTemplateName',
  'incidentConfiguration',
  'eventGroupingSettings',
  'alertDetailsOverride',
  'customDetails',
  'entityMappings',
  'sentinelEntitiesMappings',
  'templateVersion',
];

/** The Azure-Sentinel repository's key order for rule files, which import writes; other keys follow, sorted. */
export const YAML_KEY_ORDER: readonly string[] = [
  'id',
  // Not in Azure-Sentinel's files (their id is the template's); next to the id it qualifies in a pulled portal rule.
  'alertRuleTemplateName',
  'name',
  'description',
  'severity',
  'status',
  'requiredDataConnectors',
  'queryFrequency',
  'queryPeriod',
  'triggerOperator',
  'triggerThreshold',
  'tactics',
  'relevantTechniques',
  'tags',
  'query',
  'entityMappings',
  'sentinelEntitiesMappings',
  'customDetails',
  'alertDetailsOverride',
  'eventGroupingSettings',
  'incidentConfiguration',
  'suppressionDuration',
  'suppressionEnabled',
  'enabled',
  'version',
  'kind',
];
