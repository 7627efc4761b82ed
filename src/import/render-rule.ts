// Rule data -> readable rule-file YAML: block scalars for query and description, keys in the given order.
// The text is parsed back with the loader's own parser and must give the same data, or it is not returned.
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, load } from 'js-yaml';
import { Document, isScalar, Scalar } from 'yaml';

const BLOCK_KEYS = ['query', 'description'];

function render(data: Record<string, unknown>, blockKeys: readonly string[], quoteAll: boolean): string {
  const doc = new Document(data, { version: '1.2' });
  for (const key of blockKeys) {
    const node = doc.get(key, true);
    if (isScalar(node) && typeof node.value === 'string') node.type = Scalar.BLOCK_LITERAL;
  }
  return doc.toString({
    lineWidth: 0,
    indentSeq: true,
    ...(quoteAll ? { defaultStringType: 'QUOTE_DOUBLE' as const, defaultKeyType: 'PLAIN' as const } : {}),
  });
}

/** The YAML text of a rule file, or undefined if no spelling reads back as the same data. */
export function renderRuleYaml(data: Record<string, unknown>): string | undefined {
  // Block scalars first; strings that cannot be one (whitespace only, CR) get the library's choice, then quotes.
  const attempts: [readonly string[], boolean][] = [
    [BLOCK_KEYS, false],
    [BLOCK_KEYS.slice(0, 1), false],
    [BLOCK_KEYS.slice(1), false],
    [[], false],
    [[], true],
  ];
  for (const [blockKeys, quoteAll] of attempts) {
    const text = render(data, blockKeys, quoteAll);
    let back: unknown;
    try {
      back = load(text, { schema: CORE_SCHEMA });
    } catch {
      continue;
    }
    if (isDeepStrictEqual(back, data)) return text;
  }
  return undefined;
}

/** A file name from the display name: `HAFNIUM UM Service …` -> `hafnium-um-service-….yaml`. */
export function ruleFileName(displayName: unknown, id: string): string {
  const slug =
    typeof displayName === 'string'
      ? displayName
          .normalize('NFKD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 80)
          .replace(/-+$/, '')
          // Reserved device names on Windows, whatever the extension.
          .replace(/^(con|prn|aux|nul|com\d|lpt\d)$/, '$1-rule')
      : '';
  return `${slug || id.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'rule'}.yaml`;
}
