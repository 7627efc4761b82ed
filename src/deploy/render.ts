// The plan and the apply summary for people (text) and programs (JSON).
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { printable } from '../report/terminal-text.js';
import { textDiff, type FieldDiff } from './diff.js';
import { countChanges, type Change, type ChangeKind } from './plan.js';
import type { ChangeResult } from './apply.js';

const MARK: Record<ChangeKind, string> = {
  create: '+ create  ',
  update: '~ update  ',
  drifted: '! drifted ',
  conflict: 'x conflict',
  delete: '- delete  ',
  orphaned: '? orphaned',
  unchanged: '= unchanged',
};
const NOTE: Partial<Record<ChangeKind, string>> = {
  drifted: "changed in the workspace since this repository deployed it; the repository's version wins",
  orphaned: 'deployed by this repository, no longer in it; kept (deploy with --prune to delete it)',
};
const MAX_VALUE = 80;

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value).replace(/\s+/g, ' ');
  return printable(text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text);
}

/**
 * A query line as shown in a diff: escaped as a terminal needs, and never starting with `::`, which the GitHub
 * runner would obey as a workflow command (it trims leading spaces).
 */
function diffText(line: string): string {
  return printable(line).replace(/^(\s*):/, '$1\\u003a');
}

function diffLines(diff: readonly FieldDiff[]): string {
  return diff
    .map(d => {
      const lines = textDiff(d);
      if (!lines) return `      ${d.path}: ${show(d.before)} -> ${show(d.after)}\n`;
      return `      ${d.path}:\n${lines.map(l => `        ${diffText(l)}\n`).join('')}`;
    })
    .join('');
}

/** Names and paths come from rule files and the workspace: shown as validate shows them, never obeyed. */
function label(c: Change): string {
  return printable(c.displayName === c.name ? c.name : `${c.displayName} (${c.name})`);
}

export function planSummaryLine(changes: readonly Change[]): string {
  const n = countChanges(changes);
  return (
    `${n.create} to create, ${n.update} to update, ${n.drifted} drifted, ${n.delete} to delete, ` +
    `${n.orphaned} orphaned, ${n.unchanged} unchanged${n.conflict ? `, ${n.conflict} in conflict` : ''}`
  );
}

/** The plan as text: one line per rule that moves (unchanged ones only when `verbose`), field diffs below. */
export function renderPlan(workspace: string, changes: readonly Change[], verbose = false): string {
  let out = `Plan for workspace ${workspace}: ${planSummaryLine(changes)}\n`;
  for (const c of changes) {
    if (c.kind === 'unchanged' && !verbose && !c.recordOwnership) continue;
    const extra = c.kind === 'unchanged' && c.recordOwnership ? ' (ownership record written)' : '';
    out += `  ${MARK[c.kind]} ${label(c)}${c.file ? `  ${printable(c.file)}` : ''}${extra}\n`;
    const note = c.note ?? NOTE[c.kind];
    if (note) out += `      ${printable(note)}\n`;
    out += diffLines(c.diff);
  }
  return out;
}

export function writesOf(results: readonly ChangeResult[]): number {
  return results.reduce((n, r) => n + r.writes, 0);
}

export function renderOutcome(results: readonly ChangeResult[]): string {
  const done = (k: ChangeKind) => results.filter(r => r.change.kind === k && r.outcome === 'applied').length;
  const failed = results.filter(r => r.outcome === 'failed');
  let out =
    `Applied: ${done('create')} created, ${done('update') + done('drifted')} updated, ${done('delete')} deleted, ` +
    `${results.filter(r => r.change.kind === 'unchanged').length} unchanged; ${writesOf(results)} writes; ${failed.length} failed\n`;
  for (const f of failed) out += `  failed: ${printable(f.error ?? f.change.name)}\n`;
  return out;
}

export interface DeployReport {
  workspace: string;
  dryRun: boolean;
  prune: boolean;
  counts: Record<ChangeKind, number>;
  writes: number;
  failed: number;
  changes: {
    kind: ChangeKind;
    name: string;
    displayName: string;
    file?: string;
    note?: string;
    diff: FieldDiff[];
    outcome?: string;
    error?: string;
  }[];
  diagnostics: Diagnostic[];
}

export function deployReport(
  workspace: string,
  changes: readonly Change[],
  results: readonly ChangeResult[] | undefined,
  diagnostics: readonly Diagnostic[],
  flags: { dryRun: boolean; prune: boolean },
): DeployReport {
  const byChange = new Map(results?.map(r => [r.change, r]));
  return {
    workspace,
    ...flags,
    counts: countChanges(changes),
    writes: results ? writesOf(results) : 0,
    failed: results?.filter(r => r.outcome === 'failed').length ?? 0,
    changes: changes.map(c => {
      const r = byChange.get(c);
      return {
        kind: c.kind,
        name: c.name,
        displayName: c.displayName,
        ...(c.file ? { file: c.file } : {}),
        ...(c.note ? { note: c.note } : {}),
        diff: c.diff,
        ...(r ? { outcome: r.outcome } : {}),
        ...(r?.error ? { error: r.error } : {}),
      };
    }),
    diagnostics: [...diagnostics],
  };
}
