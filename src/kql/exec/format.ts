// Values as the Log Analytics query API returns them (`rulectl query --format json`, tests, the emulator):
// datetimes ISO 8601 with Z and the fraction without trailing zeros (the API's samples write 15:03:12.18Z),
// timespans [-][d.]hh:mm:ss[.fffffff], dynamic as JSON text, bools, numbers, nulls.
import type { Table } from './table.js';
import { formatDatetime, formatReal, formatTimespan, type ScalarType, type Value } from './values.js';

export type ApiValue = string | number | boolean | null;

export function toApiValue(v: Value, type: ScalarType): ApiValue {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return formatDatetime(v as bigint, true);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'dynamic':
      return JSON.stringify(v);
    case 'real':
    case 'decimal': {
      const n = v as number;
      // JSON has no NaN or infinities; the API writes them as text.
      return Number.isFinite(n) ? n : formatReal(n);
    }
    default:
      return v as ApiValue;
  }
}

/** The API's JSON body for one result table. */
export function toApiTable(t: Table, name = 'PrimaryResult') {
  return {
    name,
    columns: t.columns.map(c => ({ name: c.name, type: c.type })),
    rows: t.rows.map(r => r.map((v, i) => toApiValue(v ?? null, t.columns[i]!.type))),
  };
}
