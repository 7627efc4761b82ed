// The registry: every check, alphabetical by id. Add a check here and in docs/checks.md.
import type { Check } from '../check.js';
import { alertDetailsOverride } from './alert-details-override.js';
import { alertDynamicProperties } from './alert-dynamic-properties.js';
import { customDetails } from './custom-details.js';
import { dataConnectors } from './data-connectors.js';
import { duplicateRuleId } from './duplicate-rule-id.js';
import { entityColumnName } from './entity-column-name.js';
import { entityIdentifier } from './entity-identifier.js';
import { entityMappingCount } from './entity-mapping-count.js';
import { entityType } from './entity-type.js';
import { eventGrouping } from './event-grouping.js';
import { incidentConfiguration } from './incident-configuration.js';
import { legacyCustomEntity } from './legacy-custom-entity.js';
import { sentinelEntitiesMappings } from './sentinel-entities-mappings.js';
import { tacticName } from './tactic-name.js';
import { techniqueFormat } from './technique-format.js';
import { techniqueTactic } from './technique-tactic.js';

export const CHECKS: readonly Check[] = [
  alertDetailsOverride,
  alertDynamicProperties,
  customDetails,
  dataConnectors,
  duplicateRuleId,
  entityColumnName,
  entityIdentifier,
  entityMappingCount,
  entityType,
  eventGrouping,
  incidentConfiguration,
  legacyCustomEntity,
  sentinelEntitiesMappings,
  tacticName,
  techniqueFormat,
  techniqueTactic,
];
