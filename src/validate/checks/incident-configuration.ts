// Incident grouping semantics the schema cannot state (docs/api-contract.md §2.3): `Selected` needs a group-by; entities are
// grouped only by types this rule maps, custom details only by keys it defines, alert details by DisplayName|Severity.
import { ALERT_DETAILS, ENTITY_TYPES, MATCHING_METHODS } from '../../api/enums.js';
import { arrayOf, isRecord, recordOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { closest } from '../suggest.js';
import { DAY, LOOKBACK, MINUTE, secondsOf } from '../duration-fields.js';
import { formatSeconds } from '../../rules/durations.js';

const GROUPING = ['incidentConfiguration', 'groupingConfiguration'] as const;
const REQUIRED = ['enabled', 'reopenClosedIncident', 'lookbackDuration', 'matchingMethod'] as const;
const GROUP_BY = ['groupByEntities', 'groupByAlertDetails', 'groupByCustomDetails'] as const;

const mean = (value: string, candidates: Iterable<string>): string => {
  const c = closest(value, candidates);
  return c ? `; did you mean "${c}"?` : '';
};

export const incidentConfiguration = defineCheck({
  id: 'incident-configuration',
  severity: 'error',
  summary:
    'Incident grouping: lookback 5m-7d, a valid matchingMethod, Selected needs a group-by, group only by what the rule defines',
  run({ rule, report }) {
    const grouping = recordOf(recordOf(rule.incidentConfiguration)?.groupingConfiguration);
    if (!grouping) return;
    // Required by the API (docs/api-contract.md §2.3); the schema delegates this to the check so that it is said once.
    const absent = REQUIRED.filter(key => grouping[key] === undefined);
    if (absent.length)
      report({
        path: [...GROUPING],
        anchor: 'key',
        message: `groupingConfiguration is missing ${absent.map(k => `"${k}"`).join(', ')}`,
        hint: 'the API requires enabled, reopenClosedIncident, lookbackDuration and matchingMethod',
      });
    // The syntax of lookbackDuration is duration-format's finding; its range (docs/api-contract.md §2.3) is this check's.
    const lookback = secondsOf(rule, LOOKBACK);
    if (lookback !== undefined && (lookback < 5 * MINUTE || lookback > 7 * DAY)) {
      report({
        path: LOOKBACK.path,
        message: `lookbackDuration is ${formatSeconds(lookback)}; it must be between 5m and 7d`,
      });
    }
    const method = grouping.matchingMethod;
    if (typeof method === 'string' && !(MATCHING_METHODS as readonly string[]).includes(method)) {
      report({
        path: [...GROUPING, 'matchingMethod'],
        message: `unknown matchingMethod ${quote(method)}${mean(method, MATCHING_METHODS)}`,
        hint: `matching methods: ${MATCHING_METHODS.join(', ')}`,
      });
    }
    const used = GROUP_BY.filter(key => arrayOf(grouping[key]).length > 0);
    if (method === 'Selected' && used.length === 0) {
      report({
        path: [...GROUPING, 'matchingMethod'],
        message:
          'matchingMethod Selected needs at least one of groupByEntities, groupByAlertDetails, groupByCustomDetails',
        hint: 'list what alerts must share to be grouped, or use AllEntities or AnyAlert',
      });
    }
    // Only for a real other method: a misspelt `selected` already has its finding.
    if (
      typeof method === 'string' &&
      method !== 'Selected' &&
      (MATCHING_METHODS as readonly string[]).includes(method)
    ) {
      for (const key of used)
        report({
          path: [...GROUPING, key],
          severity: 'warning',
          message: `${key} is ignored unless matchingMethod is Selected (it is ${method})`,
        });
    }

    // A list that names what the rule lacks groups nothing; while grouping is off it does nothing at all yet.
    const off = grouping.enabled === false;
    const dormant = off ? { severity: 'warning' as const } : {};
    const offNote = off ? ' (grouping is disabled, so this has no effect until it is enabled)' : '';
    const mapped = new Set(arrayOf(rule.entityMappings).map(m => recordOf(m)?.entityType));
    arrayOf(grouping.groupByEntities).forEach((type, i) => {
      if (typeof type !== 'string') return;
      const path = [...GROUPING, 'groupByEntities', i];
      if (!(ENTITY_TYPES as readonly string[]).includes(type)) {
        report({ path, message: `unknown entity type ${quote(type)}${mean(type, ENTITY_TYPES)}` });
      } else if (!mapped.has(type)) {
        report({
          path,
          ...dormant,
          message: `groupByEntities lists ${type}, which entityMappings does not map${offNote}`,
          hint: `add an entity mapping of type ${type} to entityMappings, or remove ${type} from groupByEntities`,
        });
      }
    });
    arrayOf(grouping.groupByAlertDetails).forEach((detail, i) => {
      if (typeof detail === 'string' && !(ALERT_DETAILS as readonly string[]).includes(detail))
        report({
          path: [...GROUPING, 'groupByAlertDetails', i],
          message: `unknown alert detail ${quote(detail)}${mean(detail, ALERT_DETAILS)}`,
          hint: `alert details: ${ALERT_DETAILS.join(', ')}`,
        });
    });
    const details = isRecord(rule.customDetails) ? rule.customDetails : {};
    arrayOf(grouping.groupByCustomDetails).forEach((key, i) => {
      if (typeof key !== 'string' || Object.hasOwn(details, key)) return;
      // Grouping by the column instead of the key is the likely slip.
      const byColumn = Object.keys(details).find(k => details[k] === key);
      const meant = byColumn
        ? `; did you mean "${byColumn}" (the key that maps this column)?`
        : mean(key, Object.keys(details));
      report({
        path: [...GROUPING, 'groupByCustomDetails', i],
        ...dormant,
        message: `groupByCustomDetails lists ${quote(key)}, which customDetails does not define${meant}${offNote}`,
        hint: 'group by a key of customDetails, not by the column it maps',
      });
    });
  },
});
