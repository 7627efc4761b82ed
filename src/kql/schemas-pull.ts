// `rulectl schemas pull`: writes a workspace's real table schemas as schemas/tables/<Table>.json, atomically.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { reason } from '../rules/load.js';
import { kustoType } from './schema-types.js';
import type { PulledTable } from './tables-client.js';

export interface PullResult {
  written: string[];
  /** Tables not written, with the reason (unsafe file name, no columns). */
  skipped: { name: string; reason: string }[];
}

/** A schema file or its folder could not be written; `file` is the path that failed. */
export class PullWriteError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(reason(cause));
  }
}

/** A table name that is safe as a file name (Log Analytics names are letters, digits and underscores). */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Writes one file per table into `<schemasDir>/tables`, in the content-repo format rulectl reads back. */
export function writeTableSchemas(
  tables: readonly PulledTable[],
  schemasDir: string,
  only?: readonly string[],
): PullResult {
  const wanted = only?.length ? new Set(only.map(n => n.toLowerCase())) : undefined;
  const dir = path.join(schemasDir, 'tables');
  const result: PullResult = { written: [], skipped: [] };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) {
    if (wanted && !wanted.has(t.name.toLowerCase())) continue;
    if (!SAFE_NAME.test(t.name)) {
      result.skipped.push({ name: t.name, reason: 'not a safe file name' });
      continue;
    }
    if (!t.columns.length) {
      result.skipped.push({ name: t.name, reason: 'no columns' });
      continue;
    }
    const properties = t.columns.map(c => ({ Name: c.name, Type: kustoType(c.type) ?? 'dynamic' }));
    const file = path.join(dir, `${t.name}.json`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new PullWriteError(dir, e);
    }
    try {
      writeFileAtomicSync(file, JSON.stringify({ Name: t.name, Properties: properties }, null, 2) + '\n');
    } catch (e) {
      throw new PullWriteError(file, e);
    }
    result.written.push(file);
  }
  return result;
}
