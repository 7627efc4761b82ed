// Check ids produced by the pipeline stages rather than by a module in ./checks (loading, schema, KQL).
// Together with CHECKS they form the catalog that docs, `rulectl checks` and SARIF list.
import type { Check } from './check.js';

export type CheckInfo = Pick<Check, 'id' | 'severity' | 'summary'>;

export const BUILTIN_CHECKS: readonly CheckInfo[] = [
  {
    id: 'kql-column-reference',
    severity: 'error',
    summary: 'Columns named by entity mappings, custom details and alert overrides must be in the query output',
  },
  { id: 'kql-schema-file', severity: 'error', summary: 'Table and function schema files must be readable' },
  {
    id: 'kql-semantic',
    severity: 'error',
    summary: 'The query must bind: known columns and functions, right argument and operand types',
  },
  { id: 'kql-syntax', severity: 'error', summary: 'The query must be valid KQL and a query, not a control command' },
  {
    id: 'kql-unknown-table',
    severity: 'warning',
    summary: 'Every table the query reads should have a known schema (shipped, schemas/tables or pulled)',
  },
  {
    id: 'unused-suppression',
    severity: 'warning',
    summary: 'A rulectl-disable comment must name known checks and suppress a finding',
  },
  { id: 'internal-error', severity: 'error', summary: 'A check failed unexpectedly on this rule; please report it' },
  {
    id: 'schema',
    severity: 'error',
    summary: 'The rule must match the analytic-rule JSON Schema (schemas/analytic-rule.schema.json)',
  },
  {
    id: 'yaml-alias-limit',
    severity: 'error',
    summary: 'Aliases must not expand the document beyond a small bound (nodes, depth, characters of text)',
  },
  { id: 'yaml-duplicate-key', severity: 'error', summary: 'A mapping must not repeat a key' },
  { id: 'yaml-empty', severity: 'error', summary: 'A rule file must not be empty' },
  { id: 'yaml-encoding', severity: 'error', summary: 'A rule file must be UTF-8 (a BOM is allowed)' },
  { id: 'yaml-not-mapping', severity: 'error', summary: 'A rule file holds one YAML mapping at the top level' },
  { id: 'yaml-syntax', severity: 'error', summary: 'A rule file must be valid YAML' },
  { id: 'yaml-tab', severity: 'error', summary: 'YAML indentation must use spaces, not tabs' },
  { id: 'yaml-too-large', severity: 'error', summary: 'A rule file must be at most 1 MiB and 20,000 nodes' },
];
