// Citations in the code and docs point at files in this repository: `docs/api-contract.md §N` names a section that
// exists, and nothing cites research notes that live outside it (they are absent from a clone).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|md)$/.test(name) ? [p] : [];
  });
}

const sources = [...files(path.join(repo, 'src')), ...files(path.join(repo, 'test')), ...files(path.join(repo, 'docs'))]
  .concat(path.join(repo, 'README.md'))
  .filter(f => f !== import.meta.filename);

describe('documentation citations', () => {
  it('cite no file outside the repository', () => {
    const outside = sources.filter(f => /reference\/api\.md|(?<![\w-])api\.md/.test(readFileSync(f, 'utf8')));
    expect(outside.map(f => path.relative(repo, f))).toEqual([]);
  });

  it('name sections of docs/api-contract.md that exist', () => {
    const contract = readFileSync(path.join(repo, 'docs/api-contract.md'), 'utf8');
    const headings = new Set([...contract.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map(m => m[1]));
    const openPoints = new Set([...contract.split('## 7.')[1]!.matchAll(/^(\d+)\. /gm)].map(m => `7.${m[1]}`));
    const missing: string[] = [];
    for (const f of sources) {
      const text = readFileSync(f, 'utf8');
      for (const cite of text.matchAll(/api-contract\.md[`)\]]* (§[\d.,§ -]+)/g))
        for (const [, n] of cite[1]!.matchAll(/(\d+(?:\.\d+)?)/g))
          if (!headings.has(n) && !openPoints.has(n!)) missing.push(`${path.relative(repo, f)}: §${n}`);
    }
    expect(missing).toEqual([]);
  });
});
