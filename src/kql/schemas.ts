// Assembles the schemas a run analyses against: built-ins, the tables rulectl ships, the repository's own
// schemas/ folder and any --schema-dir, later sources overriding earlier ones by case-insensitive name.
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../rules/load.js';
import { BUILTINS_VERSION, builtinFunctions } from './builtins.js';
import { readSchemaDir } from './schema-files.js';
import { withStandardColumns, type FunctionDef, type TableDef } from './schema-types.js';

export interface SchemaSet {
  tables: TableDef[];
  functions: FunctionDef[];
  problems: Diagnostic[];
  /** Changes whenever any schema changes; part of every cache key. */
  fingerprint: string;
}

/** The folder of schemas shipped with rulectl (`<package>/schemas`, holding tables/ and functions/). */
export function shippedSchemaDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas');
}

/**
 * Shipped schemas, then the repository's `<root>/schemas`, then `extraDirs` (relative to `cwd`) in order; the same
 * folder is read once.
 */
export function loadSchemas(cwd: string, extraDirs: readonly string[] = [], root = cwd): SchemaSet {
  const dirs = [shippedSchemaDir(), path.join(root, 'schemas'), ...extraDirs.map(d => path.resolve(cwd, d))];
  const seen = new Set<string>();
  const tables = new Map<string, TableDef>();
  const functions = new Map<string, FunctionDef>();
  for (const f of builtinFunctions()) functions.set(f.name.toLowerCase(), f);
  const problems: Diagnostic[] = [];
  const hash = createHash('sha256').update(`builtins:${BUILTINS_VERSION}`);
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const real = realpathSync(dir);
    if (seen.has(real)) continue;
    seen.add(real);
    const read = readSchemaDir(real, abs => displayPath(abs, cwd));
    for (const t of read.tables) tables.set(t.name.toLowerCase(), withStandardColumns(t));
    for (const f of read.functions) functions.set(f.name.toLowerCase(), f);
    problems.push(...read.problems);
  }
  const sortedTables = [...tables.values()].sort((a, b) => a.name.localeCompare(b.name));
  const sortedFunctions = [...functions.values()].sort((a, b) => a.name.localeCompare(b.name));
  // The fingerprint covers what analysis sees (names, columns, parameters), not file paths or formatting.
  for (const t of sortedTables) hash.update(JSON.stringify([t.name, t.columns, t.open ?? false]));
  for (const f of sortedFunctions) hash.update(JSON.stringify([f.name, f.parameters, f.columns, f.body, f.open]));
  const fingerprint = hash.digest('hex');
  // The same schemas as the last load come back as the same objects: the KQL engine keeps its parsed form of a
  // schema set by the objects' identity, so a process that runs many queries (rule tests, the docs examples, the
  // emulator) builds it once.
  if (last?.fingerprint !== fingerprint) last = { tables: sortedTables, functions: sortedFunctions, fingerprint };
  return { tables: last.tables, functions: last.functions, problems, fingerprint };
}

let last: Omit<SchemaSet, 'problems'> | undefined;
