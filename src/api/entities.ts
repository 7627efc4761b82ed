// Entity-mapping identifiers per entity type (docs/api-contract.md §3): the identifiers the service accepts in
// fieldMappings, and the alternatives of which at least one must be fully present in each mapping.
import type { ENTITY_TYPES } from './enums.js';

export type EntityType = (typeof ENTITY_TYPES)[number];

export interface EntityIdentifiers {
  /** Valid `identifier` values, case-sensitive. */
  identifiers: readonly string[];
  /** Each inner list is one combination; a mapping must contain every identifier of at least one of them. */
  required: readonly (readonly string[])[];
}

const one = (...ids: string[]) => ids.map(id => [id]);

export const ENTITY_IDENTIFIERS: Readonly<Record<EntityType, EntityIdentifiers>> = {
  Account: {
    identifiers: [
      'Name',
      'FullName',
      'NTDomain',
      'DnsDomain',
      'UPNSuffix',
      'Sid',
      'AadTenantId',
      'AadUserId',
      'PUID',
      'IsDomainJoined',
      'DisplayName',
      'ObjectGuid',
      'CloudAppAccountId',
    ],
    required: one('FullName', 'Sid', 'Name', 'AadUserId', 'PUID', 'ObjectGuid'),
  },
  Host: {
    identifiers: [
      'DnsDomain',
      'NTDomain',
      'HostName',
      'FullName',
      'NetBiosName',
      'AzureID',
      'OMSAgentID',
      'OSFamily',
      'OSVersion',
      'IsDomainJoined',
    ],
    required: one('FullName', 'HostName', 'NetBiosName', 'AzureID', 'OMSAgentID'),
  },
  IP: { identifiers: ['Address'], required: one('Address') },
  URL: { identifiers: ['Url'], required: one('Url') },
  AzureResource: { identifiers: ['ResourceId'], required: one('ResourceId') },
  CloudApplication: { identifiers: ['AppId', 'Name', 'InstanceName'], required: one('AppId', 'Name') },
  DNS: { identifiers: ['DomainName'], required: one('DomainName') },
  File: { identifiers: ['Directory', 'Name'], required: one('Name') },
  FileHash: { identifiers: ['Algorithm', 'Value'], required: [['Algorithm', 'Value']] },
  Malware: { identifiers: ['Name', 'Category'], required: one('Name') },
  Process: {
    identifiers: ['ProcessId', 'CommandLine', 'ElevationToken', 'CreationTimeUtc'],
    required: one('CommandLine', 'ProcessId'),
  },
  RegistryKey: { identifiers: ['Hive', 'Key'], required: one('Key', 'Hive') },
  RegistryValue: { identifiers: ['Name', 'Value', 'ValueType'], required: one('Name') },
  SecurityGroup: {
    identifiers: ['DistinguishedName', 'SID', 'ObjectGuid'],
    required: one('DistinguishedName', 'SID', 'ObjectGuid'),
  },
  Mailbox: {
    identifiers: ['MailboxPrimaryAddress', 'DisplayName', 'Upn', 'ExternalDirectoryObjectId', 'RiskLevel'],
    required: one('MailboxPrimaryAddress'),
  },
  MailCluster: {
    identifiers: [
      'NetworkMessageIds',
      'CountByDeliveryStatus',
      'CountByThreatType',
      'CountByProtectionStatus',
      'Threats',
      'Query',
      'QueryTime',
      'MailCount',
      'IsVolumeAnomaly',
      'Source',
      'ClusterSourceIdentifier',
      'ClusterSourceType',
      'ClusterQueryStartTime',
      'ClusterQueryEndTime',
      'ClusterGroup',
    ],
    required: one('Query', 'Source'),
  },
  MailMessage: {
    identifiers: [
      'Recipient',
      'Urls',
      'Threats',
      'Sender',
      'P1Sender',
      'P1SenderDisplayName',
      'P1SenderDomain',
      'SenderIP',
      'P2Sender',
      'P2SenderDisplayName',
      'P2SenderDomain',
      'ReceivedDate',
      'NetworkMessageId',
      'InternetMessageId',
      'Subject',
      'BodyFingerprintBin1',
      'BodyFingerprintBin2',
      'BodyFingerprintBin3',
      'BodyFingerprintBin4',
      'BodyFingerprintBin5',
      'AntispamDirection',
      'DeliveryAction',
      'DeliveryLocation',
      'Language',
      'ThreatDetectionMethods',
    ],
    required: one('NetworkMessageId', 'Recipient'),
  },
  SubmissionMail: {
    identifiers: [
      'NetworkMessageId',
      'Timestamp',
      'Recipient',
      'Sender',
      'SenderIp',
      'Subject',
      'ReportType',
      'SubmissionId',
      'SubmissionDate',
      'Submitter',
    ],
    required: one('SubmissionId', 'NetworkMessageId', 'Recipient', 'Submitter'),
  },
};

/**
 * Identifiers Microsoft's entity reference documents but the service's validation list lacks (docs/api-contract.md §3): a
 * mapping using one may be refused, so the check warns instead of failing.
 */
export const DOCUMENTED_ONLY: Readonly<Partial<Record<EntityType, readonly string[]>>> = { IP: ['AddressScope'] };

/** Limits of entity mappings (docs/api-contract.md §2.2, §2.4). */
export const MAX_ENTITY_MAPPINGS = 10;
export const MAX_FIELD_MAPPINGS = 3;
/** Column names in mappings, custom details values and dynamic properties: a KQL identifier. */
export const COLUMN_NAME = /^[a-zA-Z_]\w*$/;
export const MAX_COLUMN_NAME_LENGTH = 500;

/** Whether `value` is one of the entity types the API accepts. */
export function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && Object.hasOwn(ENTITY_IDENTIFIERS, value);
}
