// Reads table and function schemas in the format of Microsoft's content repository (CustomTables, CustomFunctions),
// tolerant of its key case, type spellings, BOMs and trailing commas; a bad file becomes a diagnostic.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { reason } from '../rules/load.js';
import { isRecord } from '../rules/model.js';
import { kustoType, type ColumnDef, type FunctionDef, type ParameterDef, type TableDef } from './schema-types.js';

export interface SchemaFiles {
  tables: TableDef[];
  functions: FunctionDef[];
  problems: Diagnostic[];
}

/** Reads a key whatever its case (`Name`, `name`, `NAME`), as Newtonsoft does for Microsoft's CI. */
function field(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

function problem(file: string, message: string): Diagnostic {
  return { check: 'kql-schema-file', severity: 'error', message, file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** JSON with the leniencies of Newtonsoft that real schema files rely on: a BOM and trailing commas. */
export function parseLenientJson(text: string): unknown {
  const clean = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(clean);
  } catch {
    // Only outside strings: a comma before a closing bracket. Good enough for generated schema files.
    return JSON.parse(clean.replace(/,(\s*[\]}])/g, '$1'));
  }
}

function columns(
  list: unknown,
  file: string,
  what: string,
  key: string,
  problems: Diagnostic[],
): ColumnDef[] | undefined {
  if (!Array.isArray(list)) {
    problems.push(problem(file, `${what}: "${key}" must be a list of {"Name", "Type"}`));
    return undefined;
  }
  const out: ColumnDef[] = [];
  for (const c of list) {
    const name = isRecord(c) ? field(c, 'Name') : undefined;
    const rawType = isRecord(c) ? field(c, 'Type') : undefined;
    if (typeof name !== 'string' || !name.trim()) {
      problems.push(problem(file, `${what}: every column needs a "Name"`));
      return undefined;
    }
    const type = kustoType(rawType);
    if (!type) {
      problems.push(problem(file, `${what}: column "${name}" has unknown type ${JSON.stringify(rawType)}`));
      return undefined;
    }
    out.push({ name: name.trim(), type });
  }
  return out;
}

function parameters(list: unknown): ParameterDef[] {
  if (!Array.isArray(list)) return [];
  const out: ParameterDef[] = [];
  for (const p of list) {
    if (!isRecord(p)) continue;
    const name = field(p, 'Name');
    const type = field(p, 'Type');
    const def = field(p, 'Default');
    if (typeof name !== 'string' || typeof type !== 'string') continue;
    const scalar = kustoType(type);
    const tabular = /^table:/i.test(type.trim()) ? type.trim().slice(6).trim() : undefined;
    out.push({
      name: name.trim(),
      type: tabular ?? scalar ?? 'dynamic',
      ...(typeof def === 'string' && def !== '' && !tabular ? { default: def } : {}),
      ...((typeof def === 'number' || typeof def === 'boolean') && !tabular ? { default: String(def) } : {}),
    });
  }
  return out;
}

/** The JSON object of a schema file and its name (under `nameKey`), or a problem saying what the file should hold. */
function readNamed(
  file: string,
  text: string,
  nameKey: string,
  shape: string,
  problems: Diagnostic[],
): { data: Record<string, unknown>; name: string } | undefined {
  let data: unknown;
  try {
    data = parseLenientJson(text);
  } catch (e) {
    problems.push(problem(file, `not valid JSON: ${(e as Error).message}`));
    return undefined;
  }
  const name = isRecord(data) ? field(data, nameKey) : undefined;
  if (!isRecord(data) || typeof name !== 'string' || !name.trim()) {
    problems.push(problem(file, shape));
    return undefined;
  }
  return { data, name: name.trim() };
}

/** One table file: `{"Name", "Properties": [{"Name", "Type"}]}`. */
export function readTableFile(file: string, text: string, problems: Diagnostic[]): TableDef | undefined {
  const named = readNamed(
    file,
    text,
    'Name',
    'a table schema is {"Name": "<table>", "Properties": [{"Name", "Type"}]}',
    problems,
  );
  if (!named) return undefined;
  const { data, name } = named;
  const cols = columns(field(data, 'Properties'), file, `table ${name}`, 'Properties', problems);
  const open = field(data, 'IsOpen') === true;
  return cols ? { name, columns: cols, source: file, ...(open ? { open } : {}) } : undefined;
}

/** One function file: `{"FunctionName", "FunctionParameters": [...], "FunctionResultColumns": [...]}`. */
export function readFunctionFile(file: string, text: string, problems: Diagnostic[]): FunctionDef | undefined {
  const shape = 'a function schema is {"FunctionName", "FunctionParameters", "FunctionResultColumns"}';
  const named = readNamed(file, text, 'FunctionName', shape, problems);
  if (!named) return undefined;
  const { data, name } = named;
  const result = field(data, 'FunctionResultColumns');
  // Absent, null or [] is a scalar function (or one of unknown result); anything else must be columns.
  const tabular = result != null && !(Array.isArray(result) && !result.length);
  const cols = tabular ? columns(result, file, `function ${name}`, 'FunctionResultColumns', problems) : undefined;
  if (tabular && !cols) return undefined;
  return {
    name,
    parameters: parameters(field(data, 'FunctionParameters')),
    ...(cols ? { columns: cols } : {}),
    source: file,
  };
}

function jsonFiles(dir: string, shown: string, problems: Diagnostic[]): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    problems.push(problem(shown, `cannot read the folder: ${reason(e)}`));
    return [];
  }
  // Microsoft's folder has a schema without the .json suffix; any file that is not hidden counts. Links are followed
  // when read (a repository may link shared schemas in).
  return entries
    .filter(e => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.') && !/\.(md|txt)$/i.test(e.name))
    .map(e => path.join(dir, e.name))
    .sort();
}

/** A schema file's text, or undefined (with a problem) when it cannot be read; a link to a folder is no file. */
function readText(abs: string, shown: string, problems: Diagnostic[]): string | undefined {
  try {
    return statSync(abs).isFile() ? readFileSync(abs, 'utf8') : undefined;
  } catch (e) {
    problems.push(problem(shown, `cannot read: ${reason(e)}`));
    return undefined;
  }
}

/** The tables and functions folders of a schema folder, in rulectl's layout or Microsoft's; undefined when absent. */
export function schemaSubdirs(dir: string): { tablesDir?: string; functionsDir?: string } {
  const pick = (...names: string[]) => names.map(n => path.join(dir, n)).find(p => existsSync(p));
  const tablesDir = pick('tables', 'CustomTables');
  const functionsDir = pick('functions', 'CustomFunctions');
  return { ...(tablesDir ? { tablesDir } : {}), ...(functionsDir ? { functionsDir } : {}) };
}

/**
 * Reads a schema folder: `tables/` + `functions/` (rulectl's layout) or `CustomTables/` + `CustomFunctions/`
 * (Microsoft's content repository). `display` turns an absolute path into the path shown in diagnostics.
 */
export function readSchemaDir(dir: string, display: (abs: string) => string): SchemaFiles {
  const out: SchemaFiles = { tables: [], functions: [], problems: [] };
  const { tablesDir, functionsDir } = schemaSubdirs(dir);
  for (const abs of tablesDir ? jsonFiles(tablesDir, display(tablesDir), out.problems) : []) {
    const text = readText(abs, display(abs), out.problems);
    const t = text === undefined ? undefined : readTableFile(display(abs), text, out.problems);
    if (t) out.tables.push(t);
  }
  for (const abs of functionsDir ? jsonFiles(functionsDir, display(functionsDir), out.problems) : []) {
    const text = readText(abs, display(abs), out.problems);
    const f = text === undefined ? undefined : readFunctionFile(display(abs), text, out.problems);
    if (f) out.functions.push(f);
  }
  return out;
}
