// Sample tables from files (`rulectl query --data`, rule tests, the emulator's logs): `Table.json` (an array of
// objects), `Table.jsonl` (an object per line) or `Table.csv` (a header row). Columns are typed by the table's
// schema when there is one, else inferred from the values. Every bad value is an error naming file, row and column.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ColumnDef } from '../schema-types.js';
import { ExecError } from './errors.js';
import type { Column, Table } from './table.js';
import {
  isBag,
  newBag,
  parseDatetime,
  parseDyn,
  parseGuid,
  parseTimespan,
  scalarType,
  type Dyn,
  type ScalarType,
  type Value,
} from './values.js';

export class DataError extends Error {}

/** A text parser's result, or its refusal's message (datetime text the engine does not read). */
function attempt<T>(parse: () => T): T | { refused: string } {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ExecError) return { refused: e.message };
    throw e;
  }
}

export const DATA_EXTENSIONS = ['.json', '.jsonl', '.csv'] as const;
/** Largest data file read (a rule test's samples are small; this keeps a mistaken path from exhausting memory). */
export const MAX_DATA_BYTES = 256 * 1024 * 1024;

/** Records (column name to raw value) from a file's text. */
export function parseRecords(text: string, format: 'json' | 'jsonl' | 'csv', where: string): Record<string, unknown>[] {
  if (format === 'csv') return parseCsv(text, where);
  if (format === 'jsonl') {
    const out: Record<string, unknown>[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      const v = parseJson(line, `${where}:${i + 1}`);
      if (!isBag(v)) throw new DataError(`${where}:${i + 1}: each line must be a JSON object`);
      out.push(v);
    });
    return out;
  }
  const v = parseJson(text, where);
  if (!Array.isArray(v) || v.some(r => !isBag(r as Dyn)))
    throw new DataError(`${where}: must hold a JSON array of objects (one per row)`);
  return v as Record<string, unknown>[];
}

function parseJson(text: string, where: string): unknown {
  const v = parseDyn(text.replace(/^\uFEFF/, ''));
  if (v === undefined) throw new DataError(`${where}: not valid JSON`);
  return v;
}

/** RFC 4180 CSV: a header row, quoted fields with doubled quotes, CRLF or LF. */
export function parseCsv(text: string, where: string): Record<string, unknown>[] {
  const records: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      records.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new DataError(`${where}: a quoted field is not closed`);
  if (field !== '' || row.length) {
    row.push(field);
    records.push(row);
  }
  const nonEmpty = records.filter(r => !(r.length === 1 && r[0] === ''));
  const header = nonEmpty.shift();
  if (!header) return [];
  return nonEmpty.map((r, i) => {
    if (r.length !== header.length)
      throw new DataError(`${where}:${i + 2}: ${r.length} fields where the header has ${header.length}`);
    const rec: Record<string, unknown> = newBag();
    header.forEach((h, j) => {
      // An empty CSV field is a null (or an empty string for string columns).
      rec[h] = r[j] === '' ? null : r[j];
    });
    return rec;
  });
}

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** A column type for raw values of a column with no schema. */
function inferType(values: unknown[], fromCsv: boolean): ScalarType {
  const present = values.filter(v => v !== null && v !== undefined);
  if (present.length === 0) return 'string';
  if (present.every(v => typeof v === 'boolean' || (fromCsv && typeof v === 'string' && /^(true|false)$/i.test(v))))
    return 'bool';
  const num = (v: unknown) =>
    typeof v === 'number'
      ? v
      : fromCsv && typeof v === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v)
        ? Number(v)
        : NaN;
  if (present.every(v => !Number.isNaN(num(v))))
    return present.every(v => Number.isInteger(num(v)) && !(typeof v === 'string' && v.includes('.')))
      ? 'long'
      : 'real';
  if (
    present.every(v => typeof v === 'string' && ISO_LIKE.test(v) && typeof attempt(() => parseDatetime(v)) === 'bigint')
  )
    return 'datetime';
  if (present.some(v => typeof v === 'object')) return 'dynamic';
  return 'string';
}

/** A raw value (JSON or CSV text) as a value of `type`, or an error message. */
export function convertValue(v: unknown, type: ScalarType): { ok: true; value: Value } | { ok: false; why: string } {
  if (v === null || v === undefined) return { ok: true, value: type === 'string' ? '' : null };
  const bad = (why: string) => ({ ok: false as const, why });
  switch (type) {
    case 'string':
      return { ok: true, value: typeof v === 'string' ? v : JSON.stringify(v) };
    case 'bool':
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return { ok: true, value: v.toLowerCase() === 'true' };
      if (v === 0 || v === 1 || v === '0' || v === '1') return { ok: true, value: v === 1 || v === '1' };
      return bad('is not a bool');
    case 'int':
    case 'long': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
      if (!Number.isSafeInteger(n))
        return bad(`is not ${type === 'int' ? 'an' : 'a'} ${type}${Number.isInteger(n) ? ' that fits in ±2^53' : ''}`);
      if (type === 'int' && (n > 2147483647 || n < -2147483648)) return bad('is outside the int range');
      return { ok: true, value: n };
    }
    case 'real':
    case 'decimal': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isNaN(n) && !(typeof v === 'string' && /^nan$/i.test(v))) return bad(`is not a ${type}`);
      return { ok: true, value: n };
    }
    case 'datetime': {
      const t = typeof v === 'string' ? attempt(() => parseDatetime(v)) : undefined;
      if (typeof t === 'object') return bad(`is refused: ${t.refused}`);
      return t === undefined ? bad('is not a datetime (ISO 8601, e.g. 2024-01-15T10:00:00Z)') : { ok: true, value: t };
    }
    case 'timespan': {
      const t = typeof v === 'string' ? attempt(() => parseTimespan(v)) : undefined;
      if (typeof t === 'object') return bad(`is refused: ${t.refused}`);
      return t === undefined ? bad('is not a timespan (e.g. 01:30:00 or 1.00:00:00)') : { ok: true, value: t };
    }
    case 'guid': {
      const g = typeof v === 'string' ? parseGuid(v) : undefined;
      return g === undefined ? bad('is not a guid') : { ok: true, value: g };
    }
    case 'dynamic':
      if (typeof v === 'string') {
        const parsed = parseDyn(v);
        return { ok: true, value: parsed === undefined ? v : parsed };
      }
      return { ok: true, value: v as Dyn };
  }
}

/**
 * A table from records. `schema` (the table's known columns) types those columns; other columns are inferred.
 * Without a schema the column order is the order of first appearance.
 */
export function tableFromRecords(
  records: readonly Record<string, unknown>[],
  schema: readonly ColumnDef[] | undefined,
  where: string,
  fromCsv = false,
): Table {
  const names: string[] = schema ? schema.map(c => c.name) : [];
  for (const r of records) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const columns: Column[] = names.map(name => {
    const known = schema?.find(c => c.name === name);
    const t = known ? scalarType(known.type) : undefined;
    return {
      name,
      type:
        t ??
        inferType(
          records.map(r => r[name]),
          fromCsv,
        ),
    };
  });
  const rows = records.map((r, i) =>
    columns.map(c => {
      const got = convertValue(r[c.name], c.type);
      if (!got.ok)
        throw new DataError(`${where}: row ${i + 1}, column ${c.name}: ${JSON.stringify(r[c.name])} ${got.why}`);
      return got.value;
    }),
  );
  return { columns, rows };
}

export interface DataSet {
  tables: Map<string, Table>;
  watchlists: Map<string, Table>;
}

/** Reads one data file; its table is named after the file (`SecurityEvent.jsonl` → SecurityEvent). */
export function readTableFile(
  file: string,
  schemaOf: (table: string) => readonly ColumnDef[] | undefined,
): { name: string; table: Table } {
  const ext = path.extname(file).toLowerCase();
  if (!DATA_EXTENSIONS.includes(ext as (typeof DATA_EXTENSIONS)[number]))
    throw new DataError(`${file}: a data file is .json, .jsonl or .csv`);
  const name = path.basename(file, path.extname(file));
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new DataError(`${file}: cannot be read`);
  }
  if (size > MAX_DATA_BYTES) throw new DataError(`${file}: larger than ${MAX_DATA_BYTES / 1024 / 1024} MiB`);
  const text = readFileSync(file, 'utf8');
  const format = ext.slice(1) as 'json' | 'jsonl' | 'csv';
  return { name, table: tableFromRecords(parseRecords(text, format, file), schemaOf(name), file, format === 'csv') };
}

/**
 * Tables from files and folders: a folder contributes each data file in it, and its `watchlists/` folder the
 * watchlists (`watchlists/<alias>.csv` is `_GetWatchlist('<alias>')`). A table given twice is an error.
 */
export function readDataSet(
  paths: readonly string[],
  schemaOf: (table: string) => readonly ColumnDef[] | undefined,
): DataSet {
  const set: DataSet = { tables: new Map(), watchlists: new Map() };
  const add = (target: Map<string, Table>, file: string, schema: typeof schemaOf) => {
    const { name, table } = readTableFile(file, schema);
    if (target.has(name)) throw new DataError(`${file}: table ${name} is given twice`);
    target.set(name, table);
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new DataError(`${p}: no such file or folder`);
    }
    if (!isDir) {
      add(set.tables, p, schemaOf);
      continue;
    }
    for (const entry of readdirSync(p).sort()) {
      const full = path.join(p, entry);
      if (entry === 'watchlists' && statSync(full).isDirectory()) {
        for (const w of readdirSync(full).sort())
          if (DATA_EXTENSIONS.some(e => w.toLowerCase().endsWith(e)))
            add(set.watchlists, path.join(full, w), () => undefined);
      } else if (DATA_EXTENSIONS.some(e => entry.toLowerCase().endsWith(e))) add(set.tables, full, schemaOf);
    }
  }
  return set;
}
