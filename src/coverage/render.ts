// Coverage as data (json), as an ATT&CK Navigator layer (format 4.5) and as a compact markdown summary.
import { enterpriseMatrix } from '../api/attack.js';
import { diffIsEmpty, type CoverageDiff } from './diff.js';
import {
  coveredParentCount,
  coveredTechniqueIds,
  type Coverage,
  type CoverageCell,
  type CoverageRule,
} from './model.js';

/** The layer format and the oldest Navigator that reads it (its documentation asks for at least 4.9.0). */
export const LAYER_VERSION = '4.5';
const NAVIGATOR_VERSION = '5.1.0';

const ruleRef = (r: CoverageRule) => ({ id: r.id, name: r.name, file: r.file, enabled: r.enabled });

export function coverageJson(coverage: Coverage, diff?: CoverageDiff): unknown {
  const ids = (cell: CoverageCell) => cell.rules.map(i => coverage.rules[i]?.id ?? '');
  return {
    attackVersion: coverage.attackVersion,
    domain: 'enterprise-attack',
    rules: coverage.rules.map(r => ({
      ...ruleRef(r),
      severity: r.severity,
      tactics: r.tactics,
      techniques: r.techniques,
      dataSources: r.dataSources,
    })),
    tactics: coverage.tactics.map(c => ({
      id: c.tactic.id,
      name: c.tactic.name,
      apiName: c.tactic.apiName,
      rules: c.rules.length,
      techniques: c.techniques.length,
      coveredTechniques: c.coveredTechniques,
      // Only cells with rules: the full matrix is the bundled ATT&CK data.
      cells: c.techniques.flatMap(row =>
        [row, ...row.subtechniques]
          .filter(cell => cell.rules.length)
          .map(cell => ({ technique: cell.technique.id, name: cell.technique.name, rules: ids(cell) })),
      ),
    })),
    withoutTechniques: coverage.withoutTechniques.map(i => coverage.rules[i]?.id ?? ''),
    unknownTechniques: coverage.unknownTechniques.map(u => ({
      rule: coverage.rules[u.rule]?.id ?? '',
      technique: u.technique,
    })),
    ...(diff
      ? {
          change: {
            gained: diff.gained,
            lost: diff.lost,
            added: diff.added.map(ruleRef),
            removed: diff.removed.map(ruleRef),
            changed: diff.changed.map(ruleRef),
          },
        }
      : {}),
  };
}

/** An ATT&CK Navigator layer: one entry per technique and tactic with rules; score = rules, comment = their names. */
export function navigatorLayer(coverage: Coverage, name = 'rulectl coverage'): unknown {
  const techniques: Record<string, unknown>[] = [];
  let max = 1;
  for (const column of coverage.tactics)
    for (const row of column.techniques) {
      const subsCovered = row.subtechniques.some(s => s.rules.length);
      for (const cell of [row, ...row.subtechniques]) {
        if (!cell.rules.length && !(cell === row && subsCovered)) continue;
        const rules = cell.rules.map(i => coverage.rules[i]).filter((r): r is CoverageRule => r !== undefined);
        max = Math.max(max, rules.length);
        techniques.push({
          techniqueID: cell.technique.id,
          tactic: column.tactic.shortName,
          ...(rules.length ? { score: rules.length } : {}),
          comment: rules.map(r => (r.enabled ? r.name : `${r.name} (disabled)`)).join('; '),
          // A technique covered only by disabled rules shows greyed out.
          enabled: !rules.length || rules.some(r => r.enabled),
          ...(cell === row && subsCovered ? { showSubtechniques: true } : {}),
        });
      }
    }
  return {
    name,
    versions: {
      attack: coverage.attackVersion.replace(/\.0$/, ''),
      navigator: NAVIGATOR_VERSION,
      layer: LAYER_VERSION,
    },
    domain: 'enterprise-attack',
    description: `Analytic rules per technique (score = number of rules), ${coverage.rules.length} rules, by rulectl`,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ffffff', '#66b1ff'], minValue: 0, maxValue: max },
    legendItems: [],
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [{ name: 'generator', value: 'rulectl coverage' }],
  };
}

/** `|` and line breaks would end a markdown table cell; `<` would open HTML in a job summary. */
const md = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');

function list(title: string, items: string[], limit = 30): string[] {
  if (!items.length) return [];
  const shown = items.slice(0, limit).map(i => `- ${i}`);
  if (items.length > limit) shown.push(`- … and ${items.length - limit} more`);
  return [`**${title}** (${items.length})`, '', ...shown, ''];
}

/** A compact summary for a pull request's job summary: counts per tactic, then the change when there is a base. */
export function coverageMarkdown(coverage: Coverage, diff?: CoverageDiff): string {
  const matrix = enterpriseMatrix();
  const parents = matrix.techniques.filter(t => !t.parent).length;
  const disabled = coverage.rules.filter(r => !r.enabled).length;
  const subs = [...coveredTechniqueIds(coverage)].filter(id => id.includes('.')).length;
  const out = [
    `### ATT&CK coverage (Enterprise v${coverage.attackVersion})`,
    '',
    `${coverage.rules.length} rules${disabled ? ` (${disabled} disabled)` : ''} cover ${coveredParentCount(coverage)} of ` +
      `${parents} techniques and ${subs} sub-techniques; ${coverage.withoutTechniques.length} rules name no technique.`,
    '',
    '| Tactic | Rules | Techniques covered |',
    '| --- | ---: | ---: |',
    ...coverage.tactics.map(
      c => `| ${c.tactic.name} | ${c.rules.length} | ${c.coveredTechniques} / ${c.techniques.length} |`,
    ),
    '',
  ];
  if (coverage.unknownTechniques.length)
    out.push(
      ...list(
        'Techniques not in ATT&CK Enterprise',
        coverage.unknownTechniques.map(u => `${md(u.technique)} (${md(coverage.rules[u.rule]?.name ?? '')})`),
      ),
    );
  if (diff) {
    out.push('### Change against the base', '');
    if (diffIsEmpty(diff)) out.push('No rule and no technique changed.', '');
    const tech = (t: { id: string; name: string }) => `${t.id} ${md(t.name)}`;
    const rule = (r: CoverageRule) => `${md(r.name)} (\`${md(r.file)}\`)`;
    out.push(
      ...list('Techniques gained', diff.gained.map(tech)),
      ...list('Techniques lost', diff.lost.map(tech)),
      ...list('Rules added', diff.added.map(rule)),
      ...list('Rules removed', diff.removed.map(rule)),
      ...list('Rules changed', diff.changed.map(rule)),
    );
  }
  return out.join('\n');
}
