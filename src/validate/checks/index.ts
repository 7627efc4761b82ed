// The registry: every check, alphabetical by id. Add a check here and in docs/checks.md.
import type { Check } from '../check.js';
import { alertDetailsOverride } from './alert-details-override.js';
import { alertDynamicProperties } from './alert-dynamic-properties.js';
import { apiVersion } from './api-version.js';
import { buildMapping } from './build-mapping.js';
import { customDetails } from './custom-details.js';
import { dataConnectors } from './data-connectors.js';
import { duplicateRuleId } from './duplicate-rule-id.js';
import { durationFormat } from './duration-format.js';
import { durationRange } from './duration-range.js';
import { entityColumnName } from './entity-column-name.js';
import { entityIdentifier } from './entity-identifier.js';
import { entityMappingCount } from './entity-mapping-count.js';
import { entityType } from './entity-type.js';
import { eventGrouping } from './event-grouping.js';
import { fieldLength } from './field-length.js';
import { idFormat } from './id-format.js';
import { incidentConfiguration } from './incident-configuration.js';
import { kindValue } from './kind-value.js';
import { legacyCustomEntity } from './legacy-custom-entity.js';
import { nrtUnsupportedField } from './nrt-unsupported-field.js';
import { queryLookback } from './query-lookback.js';
import { queryPeriodVsFrequency } from './query-period-vs-frequency.js';
import { queryWildcard } from './query-wildcard.js';
import { requiredKey } from './required-key.js';
import { sentinelEntitiesMappings } from './sentinel-entities-mappings.js';
import { severityValue } from './severity-value.js';
import { suppressionDuration } from './suppression-duration.js';
import { tacticName } from './tactic-name.js';
import { techniqueFormat } from './technique-format.js';
import { techniqueTactic } from './technique-tactic.js';
import { triggerOperator } from './trigger-operator.js';
import { triggerThreshold } from './trigger-threshold.js';
import { unknownKey } from './unknown-key.js';
import { versionFormat } from './version-format.js';

export const CHECKS: readonly Check[] = [
  alertDetailsOverride,
  alertDynamicProperties,
  apiVersion,
  buildMapping,
  customDetails,
  dataConnectors,
  duplicateRuleId,
  durationFormat,
  durationRange,
  entityColumnName,
  entityIdentifier,
  entityMappingCount,
  entityType,
  eventGrouping,
  fieldLength,
  idFormat,
  incidentConfiguration,
  kindValue,
  legacyCustomEntity,
  nrtUnsupportedField,
  queryLookback,
  queryPeriodVsFrequency,
  queryWildcard,
  requiredKey,
  sentinelEntitiesMappings,
  severityValue,
  suppressionDuration,
  tacticName,
  techniqueFormat,
  techniqueTactic,
  triggerOperator,
  triggerThreshold,
  unknownKey,
  versionFormat,
];
