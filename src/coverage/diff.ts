// The change a pull request makes to coverage: techniques gained and lost (by enabled rules), and rules added,
// removed or changed (matched by id).
import { enterpriseMatrix } from '../api/attack.js';
import { coveredTechniqueIds, type Coverage, type CoverageRule } from './model.js';

export interface TechniqueRef {
  id: string;
  name: string;
}

export interface CoverageDiff {
  gained: TechniqueRef[];
  lost: TechniqueRef[];
  added: CoverageRule[];
  removed: CoverageRule[];
  changed: CoverageRule[];
}

const key = (r: CoverageRule) => r.id.toLowerCase() || `file:${r.file}`;

export function diffCoverage(base: Coverage, head: Coverage): CoverageDiff {
  const matrix = enterpriseMatrix();
  const ref = (id: string): TechniqueRef => ({ id, name: matrix.byId.get(id)?.name ?? id });
  const before = coveredTechniqueIds(base, true);
  const after = coveredTechniqueIds(head, true);
  const baseRules = new Map(base.rules.map(r => [key(r), r]));
  const headRules = new Map(head.rules.map(r => [key(r), r]));
  const sorted = (ids: Iterable<string>) => [...ids].sort().map(ref);
  return {
    gained: sorted([...after].filter(id => !before.has(id))),
    lost: sorted([...before].filter(id => !after.has(id))),
    added: head.rules.filter(r => !baseRules.has(key(r))),
    removed: base.rules.filter(r => !headRules.has(key(r))),
    changed: head.rules.filter(r => {
      const old = baseRules.get(key(r));
      return old !== undefined && old.fingerprint !== r.fingerprint;
    }),
  };
}

export function diffIsEmpty(d: CoverageDiff): boolean {
  return !d.gained.length && !d.lost.length && !d.added.length && !d.removed.length && !d.changed.length;
}
