// Known data connector ids (data/connector-ids.json), read once on first use.
import { readFileSync } from 'node:fs';

let known: ReadonlySet<string> | undefined;

/** Connector ids Microsoft content CI knows; the file sits two folders above both src/api and dist/api. */
export function knownConnectorIds(): ReadonlySet<string> {
  if (!known) {
    const file = new URL('../../data/connector-ids.json', import.meta.url);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { connectorIds: string[] };
    known = new Set(parsed.connectorIds);
  }
  return known;
}
