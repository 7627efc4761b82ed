// Content Hub's alert rule templates for the emulator: read from a folder of JSON files, each one template resource
// (`{"name", "kind", "properties"}`, as the alertRuleTemplates API returns it) or a list of them (`{"value": [...]}`
// or an array). Read once at start; the API is read-only.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isRecord } from '../rules/model.js';
import { InputError, reason } from '../rules/load.js';

export interface TemplateResource {
  name: string;
  kind: string;
  properties: Record<string, unknown>;
}

function asTemplates(doc: unknown, shown: string): TemplateResource[] {
  const items = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.value) ? doc.value : [doc];
  return items.map((item: unknown, i) => {
    const where = items.length > 1 ? `${shown} item ${i + 1}` : shown;
    if (!isRecord(item) || typeof item.name !== 'string' || !item.name || typeof item.kind !== 'string')
      throw new InputError(`${where}: not an alert rule template (needs "name", "kind" and "properties")`);
    if (!isRecord(item.properties)) throw new InputError(`${where}: "properties" must be an object`);
    return { name: item.name, kind: item.kind, properties: item.properties };
  });
}

/** Every template in the folder's *.json files (not its subfolders), in file name order; a bad file is an error. */
export async function loadTemplates(dir: string): Promise<TemplateResource[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter(e => e.isFile() && e.name.toLowerCase().endsWith('.json'))
      .map(e => e.name)
      .sort();
  } catch (e) {
    throw new InputError(`cannot read the templates folder ${dir}: ${reason(e)}`);
  }
  const out: TemplateResource[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new InputError(`${file}: ${e instanceof SyntaxError ? 'not valid JSON' : reason(e)}`);
    }
    for (const t of asTemplates(doc, file)) {
      const earlier = seen.get(t.name.toLowerCase());
      if (earlier) throw new InputError(`${file}: template ${t.name} is also in ${earlier}`);
      seen.set(t.name.toLowerCase(), file);
      out.push(t);
    }
  }
  return out;
}
