// A table of the engine: typed columns and rows of values (row-major, so operators pass rows on without copying).
import type { Row, ScalarType } from './values.js';

export interface Column {
  name: string;
  type: ScalarType;
}

export interface Table {
  columns: Column[];
  rows: Row[];
  /** Rows are in a meaningful order (after sort, top, serialize, …): prev(), next() and row_number() need it. */
  serialized?: boolean;
}

export function columnIndex(table: Table, name: string): number {
  return table.columns.findIndex(c => c.name === name);
}

export function emptyTable(columns: Column[]): Table {
  return { columns, rows: [] };
}
