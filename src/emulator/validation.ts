// Server-side validation of a PUT alertRules body for one api-version (docs/api-contract.md §2, §4.6): the service's
// 400 texts where they are known, the same `Invalid data model. [...]` wrapper where they are inferred.
import { SEVERITIES, TRIGGER_OPERATORS } from '../api/enums.js';
import { API_VERSIONS, type ApiVersionFacts } from '../api/versions.js';
import { badRequest } from './http.js';
import { Problems } from './problems.js';
import {
  checkBoolean,
  checkDuration,
  checkEnum,
  checkEnumList,
  checkRequired,
  checkString,
  checkStringList,
  isObject,
  type Json,
} from './value-checks.js';
import {
  checkAlertDetailsOverride,
  checkCustomDetails,
  checkEntityMappings,
  checkEventGrouping,
  checkIncidentConfiguration,
  checkSentinelEntitiesMappings,
  defaultIncidentConfiguration,
} from './validate-objects.js';

export interface AcceptedRule {
  kind: string;
  /** Properties as stored: durations canonical, defaults filled, unknown keys kept. */
  properties: Json;
}

/** Every property any version defines for Scheduled or NRT rules; keys outside it pass through untouched. */
const QUERY_RULE_PROPERTIES = new Set([...API_VERSIONS.values()].flatMap(f => [...f.scheduled, ...(f.nrt ?? [])]));
const NRT_ABSENT = ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'];
const OTHER_KIND_REQUIRED: Record<string, string[]> = {
  Fusion: ['alertRuleTemplateName', 'enabled'],
  MicrosoftSecurityIncidentCreation: ['displayName', 'enabled', 'productFilter'],
  MLBehaviorAnalytics: ['alertRuleTemplateName', 'enabled'],
  ThreatIntelligence: ['alertRuleTemplateName', 'enabled'],
};
const TEMPLATE_VERSION = /^(\d+\.)(\d+\.)(\d+)$/;
const TRIGGER_VALUES = [...new Set(Object.values(TRIGGER_OPERATORS))];
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

export function acceptRule(body: unknown, facts: ApiVersionFacts): AcceptedRule {
  if (!isObject(body)) throw badRequest('Invalid data model. [: An alert rule object is expected.]');
  const p = new Problems();
  const kind = body.kind;
  if (typeof kind !== 'string' || kind === '') {
    p.add('kind', 'The Kind field is required.');
    p.throwIfAny();
  }
  if (!facts.kinds.includes(kind as string)) {
    // Stable versions have no NRT kind (docs/api-contract.md §1.2); whether the RP answers 400 or accepts is open (§7.3) [INFERRED].
    p.add(
      'kind',
      `The alert rule kind '${String(kind)}' is not supported in api-version '${facts.version}'. Supported kinds are: ${facts.kinds.join(', ')}.`,
    );
    p.throwIfAny();
  }
  const props = body.properties;
  if (!isObject(props)) {
    p.add('properties', 'The Properties field is required.');
    p.throwIfAny();
  }
  const properties = { ...(props as Json) };
  delete properties.lastModifiedUtc; // read-only: the server sets it
  if (kind === 'Scheduled' || kind === 'NRT') checkQueryRule(p, properties, kind, facts);
  else checkRequired(p, properties, OTHER_KIND_REQUIRED[kind as string] ?? ['enabled'], 'properties.');
  p.throwIfAny();
  return { kind: kind as string, properties };
}

function checkQueryRule(p: Problems, props: Json, kind: 'Scheduled' | 'NRT', facts: ApiVersionFacts): void {
  const known = (kind === 'NRT' ? facts.nrt : facts.scheduled) ?? new Set<string>();
  // Properties another version defines but this one does not: rejected rather than silently dropped, so a
  // client that picked the wrong api-version learns it instead of losing the field [decision, see README].
  for (const key of Object.keys(props)) {
    if (known.has(key) || !QUERY_RULE_PROPERTIES.has(key) || props[key] === null) continue;
    const why =
      kind === 'NRT' && NRT_ABSENT.includes(key)
        ? "for alert rules of kind 'NRT'"
        : `in api-version '${facts.version}'`;
    p.add(`properties.${key}`, `The property '${key}' is not supported ${why}.`);
  }
  const required = ['displayName', 'enabled', 'severity', 'query', 'suppressionEnabled', 'suppressionDuration'];
  checkRequired(p, props, kind === 'Scheduled' ? [...required, ...NRT_ABSENT] : required, 'properties.');
  const m = (k: string) => `properties.${k}`;
  checkString(p, props, 'displayName', m('displayName'), 256);
  checkString(p, props, 'description', m('description'), 5000);
  checkString(p, props, 'alertRuleTemplateName', m('alertRuleTemplateName'));
  const templateVersion = checkString(p, props, 'templateVersion', m('templateVersion'), 20);
  // VAL's regex on the same field as its length limit; the text is .NET's RegularExpression default [INFERRED].
  if (templateVersion && !TEMPLATE_VERSION.test(templateVersion))
    p.add(
      m('templateVersion'),
      `The field TemplateVersion must match the regular expression '${TEMPLATE_VERSION.source}'.`,
    );
  checkBoolean(p, props, 'enabled', m('enabled'));
  checkBoolean(p, props, 'suppressionEnabled', m('suppressionEnabled'));
  checkEnum(p, props, 'severity', m('severity'), SEVERITIES);
  const query = checkString(p, props, 'query', m('query'), 10_000);
  // 1-10,000 chars (docs/api-contract.md §2.2); .NET's [Required] treats a blank string as missing.
  if (query?.trim() === '') p.add(m('query'), 'The Query field is required.');
  if (query !== undefined && /\b(search|union)\s+\*/i.test(query))
    p.add(m('query'), "The query must not contain 'search *' or 'union *'."); // DOC limit; wording [INFERRED]
  checkEnumList(p, props, 'tactics', m('tactics'), facts.tactics);
  // Two spellings were observed (docs/api-contract.md §2.2, #8960 in 2023 quotes the value); this is the newer one.
  checkStringList(p, props, 'techniques', m('techniques'), t => {
    if (!/^T\d{4}$/.test(t))
      p.addBare(`The technique '${t}' is invalid. The expected format is 'T####', where # represents a digit.`);
  });
  checkStringList(p, props, 'subTechniques', m('subTechniques'), t => {
    if (!/^T\d{4}\.\d{3}$/.test(t))
      p.addBare(`The sub-technique '${t}' is invalid. The expected format is 'T####.###', where # represents a digit.`); // [INFERRED]
  });
  if (templateVersion && !(typeof props.alertRuleTemplateName === 'string' && props.alertRuleTemplateName !== ''))
    p.add(
      '',
      "Invalid Properties for alert rule: 'templateVersion' can only be used if 'alertRuleTemplateName' is not empty.",
    );
  const suppression = checkDuration(p, props, 'suppressionDuration', m('suppressionDuration'), 5 * MINUTE, DAY); // TF/DOC range [INFERRED]
  if (kind === 'Scheduled') checkSchedule(p, props, suppression);
  checkIncidentConfiguration(p, props);
  checkEventGrouping(p, props);
  checkCustomDetails(p, props);
  checkEntityMappings(p, props);
  checkSentinelEntitiesMappings(p, props);
  checkAlertDetailsOverride(p, props, facts, kind);
  if (props.incidentConfiguration === undefined && known.has('incidentConfiguration'))
    props.incidentConfiguration = defaultIncidentConfiguration();
}

function checkSchedule(p: Problems, props: Json, suppression: number | undefined): void {
  const frequency = checkDuration(p, props, 'queryFrequency', 'properties.queryFrequency', 5 * MINUTE, 14 * DAY);
  const period = checkDuration(p, props, 'queryPeriod', 'properties.queryPeriod', 5 * MINUTE, 14 * DAY);
  checkEnum(p, props, 'triggerOperator', 'properties.triggerOperator', TRIGGER_VALUES);
  const t = props.triggerThreshold;
  if (t !== undefined && t !== null && (typeof t !== 'number' || !Number.isInteger(t)))
    p.add(
      'properties.triggerThreshold',
      `The value '${JSON.stringify(t)}' is not valid for TriggerThreshold; an integer is expected.`,
    );
  else if (typeof t === 'number' && (t < 0 || t > 10_000))
    p.add('properties.triggerThreshold', 'The field TriggerThreshold must be between 0 and 10000.');
  if (frequency !== undefined && period !== undefined) {
    if (period < frequency)
      p.add(
        '',
        "Invalid Properties for Scheduled alert rule: 'queryPeriod' should be greater than or equal to 'queryFrequency'",
      );
    if (period >= 2 * DAY && frequency < HOUR)
      p.add(
        '',
        "Invalid Properties for Scheduled alert rule: When 'queryPeriod' greater than or equal to 2 days, the 'queryFrequency' should be greater than or equal to 1 hour.",
      );
  }
  // Enforced by Terraform and quoted from AzSentinel; service enforcement likely but not captured (docs/api-contract.md §7.2) [INFERRED].
  if (
    props.suppressionEnabled === true &&
    suppression !== undefined &&
    frequency !== undefined &&
    suppression < frequency
  )
    p.add(
      '',
      "Invalid Properties for Scheduled alert rule: 'suppressionDuration' should be greater than or equal to 'queryFrequency'",
    );
}
