// Content-addressed cache of query analyses, so unchanged rules are not re-analysed and Kusto is not even loaded.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import type { KqlAnalysis, KqlMode } from './engine.js';
import { kustoVersion } from './kusto.js';

/** Bump when what an analysis records, or how it is computed, changes. */
const ANALYSIS_VERSION = 2;

let version: string | undefined;

/** The key of one analysis: the query, the schemas it was checked against, the mode and the library version. */
export function cacheKey(query: string, mode: KqlMode, schemasFingerprint: string): string {
  version ??= kustoVersion();
  return createHash('sha256')
    .update(JSON.stringify([ANALYSIS_VERSION, version, schemasFingerprint, mode, query]))
    .digest('hex');
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
      const value = JSON.parse(readFileSync(this.file(key), 'utf8')) as KqlAnalysis;
      if (!Array.isArray(value.issues) || !Array.isArray(value.unknownTables)) throw new Error('malformed');
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
