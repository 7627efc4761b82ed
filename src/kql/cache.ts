// Content-addressed cache of query analyses, so unchanged rules are not re-analysed and Kusto is not even loaded.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { isRecord } from '../rules/model.js';
import type { KqlAnalysis, KqlMode } from './engine.js';
import { kustoVersion } from './kusto.js';

/** Bump when what an analysis records, or how it is computed, changes. */
const ANALYSIS_VERSION = 5;

let version: string | undefined;

/** The key of one analysis: the query, the schemas it was checked against, the mode and the library version. */
export function cacheKey(query: string, mode: KqlMode, schemasFingerprint: string): string {
  version ??= kustoVersion();
  return createHash('sha256')
    .update(JSON.stringify([ANALYSIS_VERSION, version, schemasFingerprint, mode, query]))
    .digest('hex');
}

const isIssue = (v: unknown) =>
  isRecord(v) &&
  typeof v.code === 'string' &&
  (v.severity === 'error' || v.severity === 'warning') &&
  typeof v.message === 'string' &&
  Number.isInteger(v.start) &&
  Number.isInteger(v.length) &&
  (v.kind === 'syntax' || v.kind === 'semantic' || v.kind === 'unknown-table') &&
  (v.hint === undefined || typeof v.hint === 'string') &&
  (v.untyped === undefined || typeof v.untyped === 'string');
const isLookback = (v: unknown) =>
  isRecord(v) && Number.isInteger(v.start) && Number.isInteger(v.length) && typeof v.seconds === 'number';
const isColumn = (v: unknown) => isRecord(v) && typeof v.name === 'string' && typeof v.type === 'string';

/** The whole shape, not just the top: a damaged or foreign entry that slips through would crash the reporting. */
function isAnalysis(v: unknown): v is KqlAnalysis {
  if (!isRecord(v) || !Array.isArray(v.issues) || !Array.isArray(v.unknownTables)) return false;
  if (!v.issues.every(isIssue) || !v.unknownTables.every(t => typeof t === 'string')) return false;
  if (!Array.isArray(v.lookbacks) || !v.lookbacks.every(isLookback)) return false;
  const out = v.output;
  return (
    out === undefined ||
    (isRecord(out) && Array.isArray(out.columns) && out.columns.every(isColumn) && typeof out.open === 'boolean')
  );
}

/** One shard file per first hex digit of the key: 16 files, not one per query (file creation dominated cold runs). */
function readShard(file: string): Map<string, unknown> {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return new Map<string, unknown>(isRecord(data) ? Object.entries(data) : []);
  } catch {
    return new Map<string, unknown>();
  }
}

export class KqlCache {
  hits = 0;
  misses = 0;
  private readonly shards = new Map<string, Map<string, unknown>>();
  private readonly dirty = new Set<string>();

  /** `dir` is the cache root (`.rulectl-cache` by default); undefined turns the cache off. */
  constructor(private readonly dir: string | undefined) {}

  private shardFile(shard: string): string {
    return path.join(this.dir ?? '', 'kql', `${shard}.json`);
  }

  private shard(key: string): Map<string, unknown> {
    const name = key.slice(0, 1);
    let entries = this.shards.get(name);
    if (!entries) this.shards.set(name, (entries = readShard(this.shardFile(name))));
    return entries;
  }

  get(key: string): KqlAnalysis | undefined {
    if (!this.dir) return undefined;
    const value = this.shard(key).get(key);
    // Missing or damaged entries are simply analysed again.
    if (!isAnalysis(value)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return value;
  }

  set(key: string, value: KqlAnalysis): void {
    if (!this.dir) return;
    this.shard(key).set(key, value);
    this.dirty.add(key.slice(0, 1));
  }

  /** Writes the shards this run added to, merged with what another process may have written meanwhile. */
  flush(): void {
    if (!this.dir) return;
    for (const name of this.dirty) {
      const file = this.shardFile(name);
      const merged = new Map([...readShard(file), ...(this.shards.get(name) ?? [])]);
      try {
        writeFileAtomicSync(file, JSON.stringify(Object.fromEntries(merged)));
      } catch {
        // A read-only or full disk costs speed, never correctness.
      }
    }
    this.dirty.clear();
  }
}
