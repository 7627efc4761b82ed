// Content-addressed cache of query analyses, so unchanged rules are not re-analysed and Kusto is not even loaded.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import type { KqlAnalysis, KqlMode } from './engine.js';
import { kustoVersion } from './kusto.js';

/** Bump when what an analysis records, or how it is computed, changes. */
const ANALYSIS_VERSION = 4;

let version: string | undefined;

/** The key of one analysis: the query, the schemas it was checked against, the mode and the library version. */
export function cacheKey(query: string, mode: KqlMode, schemasFingerprint: string): string {
  version ??= kustoVersion();
  return createHash('sha256')
    .update(JSON.stringify([ANALYSIS_VERSION, version, schemasFingerprint, mode, query]))
    .digest('hex');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isIssue = (v: unknown) =>
  isRecord(v) &&
  typeof v.code === 'string' &&
  (v.severity === 'error' || v.severity === 'warning') &&
  typeof v.message === 'string' &&
  Number.isInteger(v.start) &&
  Number.isInteger(v.length) &&
  (v.kind === 'syntax' || v.kind === 'semantic' || v.kind === 'unknown-table') &&
  (v.hint === undefined || typeof v.hint === 'string');
const isColumn = (v: unknown) => isRecord(v) && typeof v.name === 'string' && typeof v.type === 'string';

/** The whole shape, not just the top: a damaged or foreign entry that slips through would crash the reporting. */
function isAnalysis(v: unknown): v is KqlAnalysis {
  if (!isRecord(v) || !Array.isArray(v.issues) || !Array.isArray(v.unknownTables)) return false;
  if (!v.issues.every(isIssue) || !v.unknownTables.every(t => typeof t === 'string')) return false;
  const out = v.output;
  return (
    out === undefined ||
    (isRecord(out) && Array.isArray(out.columns) && out.columns.every(isColumn) && typeof out.open === 'boolean')
  );
}

export class KqlCache {
  hits = 0;
  misses = 0;
  /** Shard folders already made by this process: a cold run writes a thousand entries into 256 of them. */
  private readonly made = new Set<string>();

  /** `dir` is the cache root (`.rulectl-cache` by default); undefined turns the cache off. */
  constructor(private readonly dir: string | undefined) {}

  private file(key: string): string {
    return path.join(this.dir ?? '', 'kql', key.slice(0, 2), `${key}.json`);
  }

  get(key: string): KqlAnalysis | undefined {
    if (!this.dir) return undefined;
    try {
      const value: unknown = JSON.parse(readFileSync(this.file(key), 'utf8'));
      if (!isAnalysis(value)) throw new Error('malformed');
      this.hits++;
      return value;
    } catch {
      // Missing or damaged entries are simply analysed again.
      this.misses++;
      return undefined;
    }
  }

  set(key: string, value: KqlAnalysis): void {
    if (!this.dir) return;
    const target = this.file(key);
    const shard = path.dirname(target);
    try {
      if (!this.made.has(shard)) mkdirSync(shard, { recursive: true });
      this.made.add(shard);
      writeFileAtomicSync(target, JSON.stringify(value), { createDir: false });
    } catch {
      // A read-only or full disk costs speed, never correctness.
    }
  }
}
