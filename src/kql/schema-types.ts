// Table and function schemas as plain data, before they become Kusto symbols; and the type-name normalisation.

/** A Kusto scalar type name as the schema strings of Kusto.Language spell it. */
export type KustoType =
  'string' | 'int' | 'long' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export interface ColumnDef {
  name: string;
  type: KustoType;
}

export interface TableDef {
  name: string;
  columns: ColumnDef[];
  /**
   * More columns exist than are listed (`"IsOpen": true` in the file): AzureDiagnostics gains columns per resource
   * type, so its other columns are unknown, not errors.
   */
  open?: boolean;
  /** Where the definition came from (a file path or `built-in`), for messages. */
  source: string;
}

export interface ParameterDef {
  name: string;
  /** A scalar type, or a tabular parameter's schema such as `(TimeGenerated:datetime)`. */
  type: string;
  /** A KQL literal; parameters without one get the type's zero value, as Microsoft's CI does. */
  default?: string;
}

export interface FunctionDef {
  name: string;
  parameters: ParameterDef[];
  /** Result columns of a tabular function; undefined for a scalar function of unknown type. */
  columns?: ColumnDef[];
  /** A KQL body instead of a schema stub (helpers whose return type is inferred from their real body). */
  body?: string;
  /** The result may have more columns than listed (ASIM parsers without a shipped schema). */
  open?: boolean;
  source: string;
}

const TYPE_NAMES: Record<string, KustoType> = {
  string: 'string',
  'system.string': 'string',
  text: 'string',
  int: 'int',
  int32: 'int',
  integer: 'int',
  'system.int32': 'int',
  sbyte: 'bool',
  byte: 'int',
  int16: 'int',
  short: 'int',
  long: 'long',
  int64: 'long',
  bigint: 'long',
  'system.int64': 'long',
  real: 'real',
  double: 'real',
  float: 'real',
  single: 'real',
  'system.double': 'real',
  'system.single': 'real',
  decimal: 'decimal',
  'system.decimal': 'decimal',
  bool: 'bool',
  boolean: 'bool',
  'system.boolean': 'bool',
  'system.sbyte': 'bool',
  datetime: 'datetime',
  date: 'datetime',
  'date/time': 'datetime',
  'system.datetime': 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  'system.timespan': 'timespan',
  guid: 'guid',
  uniqueidentifier: 'guid',
  'system.guid': 'guid',
  dynamic: 'dynamic',
  object: 'dynamic',
  array: 'dynamic',
  'system.object': 'dynamic',
};

/** The Kusto type for a type name in any spelling seen in schema files (`String`, `Int32`, `System.Int64`, `"string "`). */
export function kustoType(name: unknown): KustoType | undefined {
  return typeof name === 'string' ? TYPE_NAMES[name.trim().toLowerCase()] : undefined;
}

/** Columns every Log Analytics table has (several hidden); schema files, custom tables especially, often omit them. */
const STANDARD_COLUMNS: ColumnDef[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Type', type: 'string' },
  { name: 'SourceSystem', type: 'string' },
  { name: '_ResourceId', type: 'string' },
  { name: '_SubscriptionId', type: 'string' },
  { name: '_ItemId', type: 'string' },
  { name: '_IsBillable', type: 'string' },
  { name: '_BilledSize', type: 'real' },
  { name: '_TimeReceived', type: 'datetime' },
];

/** The table with the Log Analytics standard columns it lacks appended. */
export function withStandardColumns(table: TableDef): TableDef {
  const have = new Set(table.columns.map(c => c.name));
  const missing = STANDARD_COLUMNS.filter(c => !have.has(c.name));
  return missing.length ? { ...table, columns: [...table.columns, ...missing] } : table;
}
