// What a set of rules covers of the ATT&CK Enterprise matrix: each technique and sub-technique cell with the rules
// that name it (placed under the tactics the rule lists), counts per tactic, and the rules that name no technique.
import { enterpriseMatrix, parentTechnique, type AttackTactic, type AttackTechnique } from '../api/attack.js';
import { arrayOf, isRecord } from '../rules/model.js';

/** One rule as coverage sees it. */
export interface CoverageRule {
  id: string;
  name: string;
  /** Display path of the rule file (`/` separators). */
  file: string;
  severity: string;
  /** False when the rule, or the workspace's overrides, disable it. */
  enabled: boolean;
  tactics: string[];
  techniques: string[];
  /** `requiredDataConnectors[].connectorId`. */
  dataSources: string[];
  /** The rule's content, key order aside: two rules with the same id and fingerprint are unchanged. */
  fingerprint: string;
}

export interface CoverageCell {
  technique: AttackTechnique;
  /** Indexes into Coverage.rules, in rule order. */
  rules: number[];
}

export interface TechniqueRow extends CoverageCell {
  /** Sub-techniques, every one the matrix has (most with no rules). */
  subtechniques: CoverageCell[];
}

export interface TacticColumn {
  tactic: AttackTactic;
  /** The tactic's techniques, by name as the ATT&CK matrix lists them. */
  techniques: TechniqueRow[];
  /** Rules that list this tactic or have a technique placed under it. */
  rules: number[];
  /** Techniques with a rule on themselves or on one of their sub-techniques. */
  coveredTechniques: number;
}

export interface Coverage {
  attackVersion: string;
  rules: CoverageRule[];
  tactics: TacticColumn[];
  /** Rules that name no technique (indexes). */
  withoutTechniques: number[];
  /** Technique ids a rule names that the bundled Enterprise data does not know (ICS ids, typos, newer ids). */
  unknownTechniques: { rule: number; technique: string }[];
}

/** JSON with object keys sorted, so that reordering keys in YAML is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value))
    return `{${Object.keys(value)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const strings = (v: unknown) => arrayOf(v).filter((s): s is string => typeof s === 'string' && s !== '');

/** The rule data (after workspace overrides) as coverage sees it; `file` is its display path. */
export function coverageRule(data: Record<string, unknown>, file: string): CoverageRule {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    id: text(data.id),
    name: text(data.name) || file,
    file,
    severity: text(data.severity),
    enabled: data.enabled !== false,
    tactics: [...new Set(strings(data.tactics))],
    techniques: [...new Set(strings(data.relevantTechniques).map(t => t.trim().toUpperCase()))],
    dataSources: [
      ...new Set(
        arrayOf(data.requiredDataConnectors)
          .map(c => (isRecord(c) && typeof c.connectorId === 'string' ? c.connectorId : ''))
          .filter(Boolean),
      ),
    ],
    fingerprint: canonical(data),
  };
}

/** PreAttack was split into these two (ATT&CK v8); a rule listing it belongs under both. */
const listedTactics = (rule: CoverageRule) =>
  new Set(rule.tactics.flatMap(t => (t === 'PreAttack' ? ['Reconnaissance', 'ResourceDevelopment'] : [t])));

export function buildCoverage(rules: readonly CoverageRule[]): Coverage {
  const matrix = enterpriseMatrix();
  // technique id -> tactic apiName -> rule indexes
  const placed = new Map<string, Map<string, number[]>>();
  const tacticRules = new Map<string, Set<number>>(matrix.tactics.map(t => [t.apiName, new Set<number>()]));
  const withoutTechniques: number[] = [];
  const unknownTechniques: { rule: number; technique: string }[] = [];
  rules.forEach((rule, index) => {
    const listed = listedTactics(rule);
    for (const t of listed) tacticRules.get(t)?.add(index);
    if (!rule.techniques.length) withoutTechniques.push(index);
    for (const id of rule.techniques) {
      const technique = matrix.byId.get(id);
      if (!technique) {
        unknownTechniques.push({ rule: index, technique: id });
        continue;
      }
      // Under the tactics the rule lists; a rule whose tactics miss the technique's (validate warns) still covers
      // it, under all of the technique's tactics.
      const matching = technique.tactics.filter(t => listed.has(t));
      const columns = matching.length ? matching : technique.tactics;
      const byTactic = placed.get(id) ?? new Map<string, number[]>();
      placed.set(id, byTactic);
      for (const t of columns) {
        byTactic.set(t, [...(byTactic.get(t) ?? []), index]);
        tacticRules.get(t)?.add(index);
      }
    }
  });
  const subsOf = new Map<string, AttackTechnique[]>();
  for (const t of matrix.techniques) if (t.parent) subsOf.set(t.parent, [...(subsOf.get(t.parent) ?? []), t]);
  const byName = (a: AttackTechnique, b: AttackTechnique) => a.name.localeCompare(b.name, 'en');
  const tactics = matrix.tactics.map((tactic): TacticColumn => {
    const cell = (technique: AttackTechnique): CoverageCell => ({
      technique,
      rules: placed.get(technique.id)?.get(tactic.apiName) ?? [],
    });
    const techniques = matrix.techniques
      .filter(t => !t.parent && t.tactics.includes(tactic.apiName))
      .sort(byName)
      .map(t => ({ ...cell(t), subtechniques: (subsOf.get(t.id) ?? []).map(cell) }));
    return {
      tactic,
      techniques,
      rules: [...(tacticRules.get(tactic.apiName) ?? [])].sort((a, b) => a - b),
      coveredTechniques: techniques.filter(t => t.rules.length || t.subtechniques.some(s => s.rules.length)).length,
    };
  });
  return { attackVersion: matrix.version, rules: [...rules], tactics, withoutTechniques, unknownTechniques };
}

/**
 * Every technique id (parents and sub-techniques) with at least one rule, whatever the tactic; with `enabledOnly`,
 * only rules that are enabled count (a disabled rule detects nothing).
 */
export function coveredTechniqueIds(coverage: Coverage, enabledOnly = false): Set<string> {
  const counts = (rules: number[]) => rules.some(r => !enabledOnly || coverage.rules[r]?.enabled);
  const ids = new Set<string>();
  for (const column of coverage.tactics)
    for (const row of column.techniques) {
      if (counts(row.rules)) ids.add(row.technique.id);
      for (const sub of row.subtechniques) if (counts(sub.rules)) ids.add(sub.technique.id);
    }
  return ids;
}

/** Distinct parent techniques covered, directly or through a sub-technique. */
export function coveredParentCount(coverage: Coverage): number {
  return new Set([...coveredTechniqueIds(coverage)].map(parentTechnique)).size;
}
