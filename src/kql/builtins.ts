// Log Analytics and Sentinel names that Kusto.Language does not know: _GetWatchlist, the ASIM parsers and helpers.
// (workspace(), app() and resource() are database functions; see engine.ts.) Users' schema files override these.
import type { ColumnDef, FunctionDef, ParameterDef } from './schema-types.js';

const BUILT_IN = 'built-in';

const p = (name: string, type: string, def?: string): ParameterDef => ({
  name,
  type,
  ...(def ? { default: def } : {}),
});
const TIME = [p('starttime', 'datetime', 'datetime(null)'), p('endtime', 'datetime', 'datetime(null)')];
const COMMON_TAIL = [p('disabled', 'bool', 'false'), p('pack', 'bool', 'false')];
const anyOf = (...names: string[]) => names.map(n => p(n, 'dynamic', 'dynamic([])'));

/** Columns every ASIM schema has (the ASIM common fields); the rest of each schema is left open. */
const ASIM_COMMON: ColumnDef[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'EventCount', type: 'int' },
  { name: 'EventStartTime', type: 'datetime' },
  { name: 'EventEndTime', type: 'datetime' },
  { name: 'EventType', type: 'string' },
  { name: 'EventResult', type: 'string' },
  { name: 'EventProduct', type: 'string' },
  { name: 'EventVendor', type: 'string' },
  { name: 'EventSchema', type: 'string' },
  { name: 'EventSchemaVersion', type: 'string' },
  { name: 'Dvc', type: 'string' },
  { name: 'Type', type: 'string' },
];

const text = (...names: string[]): ColumnDef[] => names.map(name => ({ name, type: 'string' }));

/**
 * Columns of an ASIM schema beyond the common ones, typed as its reference page types them. Only fields whose ASIM
 * type is text (String, Enumerated, Username, Hostname, IP address, hashes, paths: all string in KQL), a date or
 * dynamic are listed; numeric fields, which the pages and the parsers type differently (int, long, string), stay
 * untyped, as does any other column of the open schema.
 */
const DEVICE = text('DvcHostname', 'DvcIpAddr', 'DvcId', 'DvcDomain', 'DvcFQDN', 'DvcMacAddr', 'DvcOs', 'DvcOsVersion');
const EVENT_DETAIL: ColumnDef[] = [
  ...text('EventMessage', 'EventSubType', 'EventResultDetails', 'EventOriginalUid', 'EventOriginalType'),
  ...text('EventProductVersion', 'EventReportUrl', 'EventSeverity'),
  { name: 'AdditionalFields', type: 'dynamic' },
];
const FILE_EVENT: ColumnDef[] = [
  ...EVENT_DETAIL,
  ...DEVICE,
  // https://learn.microsoft.com/azure/sentinel/normalization-schema-file-event
  ...text('ActorUserId', 'ActorUserIdType', 'ActorUsername', 'ActorUsernameType', 'ActorUserType', 'User'),
  ...text('ActingProcessName', 'ActingProcessCommandLine', 'ActingProcessGuid', 'Process'),
  ...text('TargetFileName', 'TargetFilePath', 'TargetFilePathType', 'TargetFileDirectory', 'TargetFileExtension'),
  ...text('TargetFileMimeType', 'TargetFileMD5', 'TargetFileSHA1', 'TargetFileSHA256', 'TargetFileSHA512', 'FilePath'),
  ...text('Hash', 'HashType', 'SrcFileName', 'SrcFilePath', 'SrcFilePathType', 'SrcFileDirectory', 'SrcFileExtension'),
  ...text('SrcFileMimeType', 'SrcFileMD5', 'SrcFileSHA1', 'SrcFileSHA256', 'SrcFileSHA512', 'SrcIpAddr', 'TargetUrl'),
  ...text('HttpUserAgent'),
  { name: 'TargetFileCreationTime', type: 'datetime' },
  { name: 'SrcFileCreationTime', type: 'datetime' },
];
const AUTHENTICATION: ColumnDef[] = [
  ...EVENT_DETAIL,
  ...DEVICE,
  // https://learn.microsoft.com/azure/sentinel/normalization-schema-authentication
  ...text('LogonMethod', 'LogonProtocol', 'ActorUserId', 'ActorUserIdType', 'ActorUsername', 'ActorUsernameType'),
  ...text('ActorUserType', 'ActorSessionId', 'TargetUserId', 'TargetUserIdType', 'TargetUsername'),
  ...text('TargetUsernameType', 'TargetUserType', 'TargetSessionId', 'User', 'SrcDvcId', 'SrcDvcHostname'),
  ...text('SrcDvcIpAddr', 'SrcDvcOs', 'SrcHostname', 'SrcIpAddr', 'SrcGeoCountry', 'SrcGeoCity', 'SrcGeoRegion'),
  ...text('HttpUserAgent', 'TargetAppId', 'TargetAppName', 'TargetAppType', 'TargetDvcHostname', 'TargetDvcIpAddr'),
  ...text('TargetUrl', 'LogonTarget'),
];

const REGISTRY_EVENT: ColumnDef[] = [
  ...EVENT_DETAIL,
  ...DEVICE,
  // https://learn.microsoft.com/azure/sentinel/normalization-schema-registry-event
  ...text('RegistryKey', 'RegistryValue', 'RegistryValueType', 'RegistryValueData', 'RegistryPreviousKey'),
  ...text('RegistryPreviousValue', 'RegistryPreviousValueType', 'RegistryPreviousValueData'),
  ...text('ActorUserId', 'ActorUserIdType', 'ActorUsername', 'ActorUsernameType', 'ActorSessionId', 'User'),
  ...text('ActingProcessName', 'ActingProcessId', 'ActingProcessGuid', 'Process'),
  ...text('ParentProcessName', 'ParentProcessId', 'ParentProcessGuid'),
];

/** ASIM schemas: the unifying parsers' names and their filtering parameters, from the ASIM documentation. */
const ASIM: { schema: string; names: string[]; params: ParameterDef[]; columns?: ColumnDef[] }[] = [
  {
    schema: 'Authentication',
    names: ['imAuthentication', '_Im_Authentication', 'ASimAuthentication', '_ASim_Authentication'],
    params: [
      ...anyOf('username_has_any', 'targetappname_has_any', 'srcipaddr_has_any_prefix', 'srchostname_has_any'),
      ...anyOf('eventtype_in', 'eventresultdetails_in'),
      p('eventresult', 'string', "'*'"),
    ],
    columns: AUTHENTICATION,
  },
  {
    schema: 'Dns',
    names: ['imDns', '_Im_Dns', 'ASimDns', '_ASim_Dns'],
    params: [
      p('srcipaddr', 'string', "'*'"),
      ...anyOf('domain_has_any'),
      p('responsecodename', 'string', "'*'"),
      p('response_has_ipv4', 'string', "'*'"),
      ...anyOf('response_has_any_prefix'),
      p('eventtype', 'string', "'Query'"),
    ],
  },
  {
    schema: 'NetworkSession',
    names: ['imNetworkSession', '_Im_NetworkSession', 'ASimNetworkSession', '_ASim_NetworkSession'],
    params: [
      ...anyOf('srcipaddr_has_any_prefix', 'dstipaddr_has_any_prefix', 'ipaddr_has_any_prefix', 'hostname_has_any'),
      p('dstportnumber', 'int', 'int(null)'),
      ...anyOf('dvcaction'),
      p('eventresult', 'string', "'*'"),
    ],
  },
  {
    schema: 'WebSession',
    names: ['imWebSession', '_Im_WebSession', 'ASimWebSession', '_ASim_WebSession'],
    params: [
      ...anyOf('srcipaddr_has_any_prefix', 'ipaddr_has_any_prefix', 'url_has_any', 'httpuseragent_has_any'),
      ...anyOf('eventresultdetails_in'),
      p('eventresult', 'string', "'*'"),
    ],
  },
  {
    schema: 'ProcessEvent',
    names: ['imProcess', 'imProcessCreate', 'imProcessTerminate', '_Im_ProcessEvent', '_Im_ProcessCreate'],
    params: [
      ...anyOf('commandline_has_any', 'commandline_has_all', 'commandline_has_any_ip_prefix'),
      ...anyOf('actingprocess_has_any', 'targetprocess_has_any', 'parentprocess_has_any'),
      p('targetusername_has', 'string', "'*'"),
      ...anyOf('dvcipaddr_has_any_prefix', 'dvchostname_has_any'),
      p('eventtype', 'string', "'*'"),
    ],
  },
  {
    schema: 'FileEvent',
    names: ['imFileEvent', '_Im_FileEvent', 'ASimFileEvent', '_ASim_FileEvent'],
    params: anyOf(
      'eventtype_in',
      'srcipaddr_has_any_prefix',
      'actorusername_has_any',
      'targetfilepath_has_any',
      'srcfilepath_has_any',
      'hashes_has_any',
      'dvchostname_has_any',
    ),
    columns: FILE_EVENT,
  },
  {
    schema: 'RegistryEvent',
    names: ['imRegistry', '_Im_RegistryEvent', 'ASimRegistry', '_ASim_RegistryEvent'],
    params: anyOf(
      'eventtype_in',
      'actorusername_has_any',
      'registrykey_has_any',
      'registryvalue_has_any',
      'registryvaluedata_has_any',
      'dvchostname_has_any',
    ),
    columns: REGISTRY_EVENT,
  },
  {
    schema: 'AuditEvent',
    names: ['imAuditEvent', '_Im_AuditEvent', 'ASimAuditEvent', '_ASim_AuditEvent'],
    params: [
      ...anyOf('srcipaddr_has_any_prefix', 'eventtype_in', 'actorusername_has_any', 'operation_has_any'),
      ...anyOf('object_has_any', 'newvalue_has_any'),
      p('eventresult', 'string', "'*'"),
    ],
  },
  {
    schema: 'UserManagement',
    names: ['imUserManagement', '_Im_UserManagement', 'ASimUserManagement', '_ASim_UserManagement'],
    params: anyOf('srcipaddr_has_any_prefix', 'targetusername_has_any', 'actorusername_has_any', 'eventtype_in'),
  },
  {
    schema: 'DhcpEvent',
    names: ['imDhcpEvent', '_Im_DhcpEvent', 'ASimDhcpEvent', '_ASim_DhcpEvent'],
    params: [
      ...anyOf('srcipaddr_has_any_prefix', 'srchostname_has_any', 'srcusername_has_any'),
      p('eventresult', 'string', "'*'"),
    ],
  },
];

/** ASIM helper functions with a real body, so their return type is inferred. */
const HELPERS: FunctionDef[] = [
  {
    name: '_ASIM_GetUsernameType',
    parameters: [p('username', 'string')],
    body: "{ iff(username contains '@', 'UPN', 'Simple') }",
  },
  { name: '_ASIM_ResolveDvcFQDN', parameters: [p('fqdn', 'string')], body: '{ fqdn }' },
  { name: '_ASIM_LookupDnsQueryType', parameters: [p('querytype', 'int')], body: '{ tostring(querytype) }' },
  { name: '_ASIM_GetSourceBySourceType', parameters: [p('SourceType', 'string')], body: '{ dynamic([]) }' },
].map(f => ({ ...f, source: BUILT_IN }));

const WATCHLIST: FunctionDef = {
  name: '_GetWatchlist',
  parameters: [p('watchlistAlias', 'string'), p('keys', 'dynamic', 'dynamic([])')],
  columns: [
    { name: '_DTItemId', type: 'string' },
    { name: 'LastUpdatedTimeUTC', type: 'datetime' },
    { name: 'SearchKey', type: 'string' },
    { name: 'WatchlistItem', type: 'dynamic' },
  ],
  // A watchlist's own columns (its CSV header) are unpacked into the result too, so the schema is open.
  open: true,
  source: BUILT_IN,
};

/** The built-in functions, before any schema file. */
export function builtinFunctions(): FunctionDef[] {
  const parsers = ASIM.flatMap(s =>
    s.names.map((name): FunctionDef => ({
      name,
      parameters: [...TIME, ...s.params, ...COMMON_TAIL],
      columns: [...ASIM_COMMON, ...(s.columns ?? [])],
      open: true,
      source: BUILT_IN,
    })),
  );
  return [WATCHLIST, ...parsers, ...HELPERS];
}

/** Bump when the built-ins change, so cached analyses made with the old ones are not reused. */
export const BUILTINS_VERSION = 3;
