// Loads Microsoft's Kusto.Language (Bridge.NET build) once per process, only when a query must really be analysed.
/// <reference types="@kusto/language-service-next" />
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PACKAGE = '@kusto/language-service-next';

export type KustoLanguage = typeof Kusto.Language;
type ReadOnlyList<T> = System.Collections.Generic.IReadOnlyList$1<T>;

let loaded: KustoLanguage | undefined;

/** The `Kusto.Language` namespace; the first call costs ~0.3 s (the minified build loads faster than the full one). */
export function kusto(): KustoLanguage {
  if (!loaded) {
    // The runtime must come first: the library expects the globals Bridge and System to exist already.
    require(`${PACKAGE}/bridge.min.js`);
    require(`${PACKAGE}/Kusto.Language.Bridge.min.js`);
    loaded = Kusto.Language;
  }
  return loaded;
}

/** Whether the library has been loaded in this process (the cache's promise is that warm runs never load it). */
export function kustoLoaded(): boolean {
  return loaded !== undefined;
}

/** The library's version, part of every cache key: diagnostics and built-ins change between versions. */
export function kustoVersion(): string {
  const pkg = require(`${PACKAGE}/package.json`) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** Bridge lists are either plain arrays or objects with Count/getItem, depending on the API. */
export function toArray<T>(list: ReadOnlyList<T> | T[] | null | undefined): T[] {
  if (!list) return [];
  if (Array.isArray(list)) return list.slice();
  const out: T[] = [];
  for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
  return out;
}
