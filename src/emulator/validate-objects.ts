// Service-side checks of a query rule's nested objects (docs/api-contract.md §2.3-2.4), with the defaults the RP fills in.
import { AGGREGATION_KINDS, ALERT_DETAILS, ENTITY_TYPES, MATCHING_METHODS } from '../api/enums.js';
import {
  ENTITY_IDENTIFIERS,
  isEntityType,
  MAX_COLUMN_NAME_LENGTH,
  MAX_ENTITY_MAPPINGS,
  MAX_FIELD_MAPPINGS,
  type EntityType,
} from '../api/entities.js';
import type { ApiVersionFacts } from '../api/versions.js';
import type { Problems } from './problems.js';
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

const P = 'properties.';
const MINUTE = 60;
const DAY = 86_400;

/** The grouping the RP returns for a rule that sent none [INFERRED default values, docs/api-contract.md §2.3]. */
export function defaultIncidentConfiguration(): Json {
  return {
    createIncident: true,
    groupingConfiguration: {
      enabled: false,
      reopenClosedIncident: false,
      lookbackDuration: 'PT5H',
      matchingMethod: 'AllEntities',
      groupByEntities: [],
      groupByAlertDetails: null,
      groupByCustomDetails: null,
    },
  };
}

function notObject(p: Problems, member: string, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (isObject(value)) return false;
  p.add(member, 'An object is expected.');
  return true;
}

export function checkIncidentConfiguration(p: Problems, props: Json): void {
  const ic = props.incidentConfiguration;
  const m = `${P}incidentConfiguration`;
  if (notObject(p, m, ic) || !isObject(ic)) return;
  checkRequired(p, ic, ['createIncident'], `${m}.`);
  checkBoolean(p, ic, 'createIncident', `${m}.createIncident`);
  const g = ic.groupingConfiguration;
  const gm = `${m}.groupingConfiguration`;
  if (g === undefined || g === null) {
    ic.groupingConfiguration = defaultIncidentConfiguration().groupingConfiguration;
    return;
  }
  if (notObject(p, gm, g) || !isObject(g)) return;
  checkRequired(p, g, ['enabled', 'reopenClosedIncident', 'lookbackDuration', 'matchingMethod'], `${gm}.`);
  checkBoolean(p, g, 'enabled', `${gm}.enabled`);
  checkBoolean(p, g, 'reopenClosedIncident', `${gm}.reopenClosedIncident`);
  checkDuration(p, g, 'lookbackDuration', `${gm}.lookbackDuration`, 5 * MINUTE, 7 * DAY);
  checkEnum(p, g, 'matchingMethod', `${gm}.matchingMethod`, MATCHING_METHODS);
  checkEnumList(p, g, 'groupByEntities', `${gm}.groupByEntities`, ENTITY_TYPES);
  checkEnumList(p, g, 'groupByAlertDetails', `${gm}.groupByAlertDetails`, ALERT_DETAILS);
  checkStringList(p, g, 'groupByCustomDetails', `${gm}.groupByCustomDetails`);
  const lists = ['groupByEntities', 'groupByAlertDetails', 'groupByCustomDetails'];
  if (g.matchingMethod === 'Selected' && !lists.some(k => Array.isArray(g[k]) && (g[k] as unknown[]).length > 0))
    p.add(
      gm,
      "When 'matchingMethod' is 'Selected', at least one of groupByEntities, groupByAlertDetails or groupByCustomDetails must be set.",
    );
  for (const k of lists) if (!(k in g)) g[k] = null;
}

export function checkEventGrouping(p: Problems, props: Json): void {
  const e = props.eventGroupingSettings;
  const m = `${P}eventGroupingSettings`;
  if (notObject(p, m, e) || !isObject(e)) return;
  checkEnum(p, e, 'aggregationKind', `${m}.aggregationKind`, AGGREGATION_KINDS);
}

export function checkCustomDetails(p: Problems, props: Json): void {
  const c = props.customDetails;
  const m = `${P}customDetails`;
  if (notObject(p, m, c) || !isObject(c)) return;
  const keys = Object.keys(c);
  if (keys.length > 20) p.add(m, `Invalid length of '${keys.length}' for 'CustomDetails'. The maximum allowed is 20.`);
  for (const k of keys) checkString(p, c, k, `${m}.${k}`, MAX_COLUMN_NAME_LENGTH);
}

export function checkEntityMappings(p: Problems, props: Json): void {
  const list = props.entityMappings;
  const m = `${P}entityMappings`;
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) return p.add(m, 'A list is expected.');
  if (list.length < 1 || list.length > MAX_ENTITY_MAPPINGS)
    p.add(
      m,
      `Invalid length of '${list.length}' for 'EntityMappings'. 'EntityMappings' length should be between '1' and '${MAX_ENTITY_MAPPINGS}'`,
    );
  list.forEach((em: unknown, i) => {
    const im = `${m}[${i}]`;
    if (!isObject(em)) return p.add(im, 'An object is expected.');
    checkRequired(p, em, ['entityType', 'fieldMappings'], `${im}.`);
    checkEnum(p, em, 'entityType', `${im}.entityType`, ENTITY_TYPES);
    const fms = em.fieldMappings;
    if (fms === undefined || fms === null) return;
    if (!Array.isArray(fms)) return p.add(`${im}.fieldMappings`, 'A list is expected.');
    if (fms.length < 1 || fms.length > MAX_FIELD_MAPPINGS)
      p.add(
        `${im}.fieldMappings`,
        `Invalid length of '${fms.length}' for 'FieldMappings'. 'FieldMappings' length should be between '1' and '${MAX_FIELD_MAPPINGS}'`,
      );
    const ids: string[] = [];
    fms.forEach((fm: unknown, j) => {
      const fmm = `${im}.fieldMappings[${j}]`;
      if (!isObject(fm)) return p.add(fmm, 'An object is expected.');
      checkRequired(p, fm, ['identifier', 'columnName'], `${fmm}.`);
      const id = checkString(p, fm, 'identifier', `${fmm}.identifier`);
      if (id !== undefined) ids.push(id);
      checkString(p, fm, 'columnName', `${fmm}.columnName`, MAX_COLUMN_NAME_LENGTH);
    });
    if (isEntityType(em.entityType)) checkIdentifiers(p, `${im}.fieldMappings`, em.entityType, ids);
  });
}

/** The identifier rules of VAL EntityMappingIdentifiers (docs/api-contract.md §3), with its message texts. */
function checkIdentifiers(p: Problems, member: string, type: EntityType, ids: string[]): void {
  const { identifiers, required } = ENTITY_IDENTIFIERS[type];
  for (const id of ids)
    if (!identifiers.includes(id))
      p.add(
        member,
        `Invalid identifier '${id}' for entity type '${type}' encountered. Valid identifiers are: [${identifiers.join(', ')}]`,
      );
  for (const id of new Set(ids.filter((x, i) => ids.indexOf(x) !== i)))
    p.add(member, `Identifier '${id}' is defined multiple times. Identifiers used in 'FieldMappings' must be unique.`);
  if (!required.some(combination => combination.every(id => ids.includes(id))))
    p.add(
      member,
      `Missing required identifiers in 'FieldMappings' for type '${type}'. Required identifiers are one of the following combinations: ${required.map(c => `[${c.join(', ')}]`).join(', ')}`,
    );
}

export function checkSentinelEntitiesMappings(p: Problems, props: Json): void {
  const list = props.sentinelEntitiesMappings;
  const m = `${P}sentinelEntitiesMappings`;
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) return p.add(m, 'A list is expected.');
  list.forEach((x: unknown, i) => {
    if (!isObject(x)) return p.add(`${m}[${i}]`, 'An object is expected.');
    checkRequired(p, x, ['columnName'], `${m}[${i}].`);
    checkString(p, x, 'columnName', `${m}[${i}].columnName`, MAX_COLUMN_NAME_LENGTH);
  });
}

export function checkAlertDetailsOverride(
  p: Problems,
  props: Json,
  facts: ApiVersionFacts,
  kind: 'Scheduled' | 'NRT',
): void {
  const o = props.alertDetailsOverride;
  const m = `${P}alertDetailsOverride`;
  if (notObject(p, m, o) || !isObject(o)) return;
  for (const k of ['alertDisplayNameFormat', 'alertDescriptionFormat']) {
    const v = checkString(p, o, k, `${m}.${k}`, k === 'alertDisplayNameFormat' ? 256 : 5000);
    if (v === '') p.add(`${m}.${k}`, `The ${k} field must not be empty.`);
  }
  checkString(p, o, 'alertTacticsColumnName', `${m}.alertTacticsColumnName`);
  checkString(p, o, 'alertSeverityColumnName', `${m}.alertSeverityColumnName`);
  const dyn = o.alertDynamicProperties;
  if (dyn === undefined || dyn === null) return;
  if (!facts.features[kind].has('alertDetailsOverride.alertDynamicProperties'))
    return p.add(
      `${m}.alertDynamicProperties`,
      `The property 'alertDynamicProperties' is not supported in api-version '${facts.version}'.`,
    );
  if (!Array.isArray(dyn)) return p.add(`${m}.alertDynamicProperties`, 'A list is expected.');
  dyn.forEach((d: unknown, i) => {
    const dm = `${m}.alertDynamicProperties[${i}]`;
    if (!isObject(d)) return p.add(dm, 'An object is expected.');
    checkRequired(p, d, ['alertProperty', 'value'], `${dm}.`);
    checkEnum(p, d, 'alertProperty', `${dm}.alertProperty`, facts.alertProperties);
  });
}
