// Rendering of a deploy plan and its outcome, in one place: text for people, JSON for programs, Markdown for a
// GitHub job summary. The deploy library returns data; the CLI picks one of these and prints it.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ChangeResult } from '../deploy/apply.js';
import { textDiff, type FieldDiff } from '../deploy/diff.js';
import { countChanges, type Change, type ChangeKind } from '../deploy/plan.js';
import { capRows, plural, table } from './markdown.js';
import { printable } from './terminal-text.js';

const MAX_VALUE = 80;

/**
 * A field's value in a plan, the same in every format: JSON (so the string "true" and the boolean differ), on one
 * line, cut at MAX_VALUE. Each medium then escapes it its own way (printable for a terminal, cell for Markdown).
 */
export function planValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value).replace(/\s+/g, ' ');
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

// ---- text

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
      if (!lines) return `      ${d.path}: ${printable(planValue(d.before))} -> ${printable(planValue(d.after))}\n`;
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

// ---- Markdown

/** The outcome of one applied change, by rule resource name; absent for a dry run. */
export interface ChangeOutcome {
  name: string;
  ok: boolean;
  /** The service's message (or the local error) when it failed. */
  error?: string;
}

export interface PlanMarkdownOptions {
  workspace: string;
  dryRun: boolean;
  outcomes?: readonly ChangeOutcome[];
  /** Rows beyond this are counted, not shown (the job summary is limited to 1 MiB per step). */
  maxRows?: number;
}

const LABEL: Record<ChangeKind, string> = {
  create: 'create',
  update: 'update',
  drifted: 'drifted',
  conflict: 'conflict',
  delete: 'delete',
  orphaned: 'orphaned',
  unchanged: 'unchanged',
};

function fields(diff: readonly FieldDiff[]): string {
  return diff
    .map(d => {
      const lines = textDiff(d);
      return lines ? [`${d.path}:`, ...lines].join('\n') : `${d.path}: ${planValue(d.before)} → ${planValue(d.after)}`;
    })
    .join('\n');
}

function details(change: Change): string {
  switch (change.kind) {
    case 'create':
      return 'new rule';
    case 'update':
      return [change.note, fields(change.diff)].filter(Boolean).join('\n');
    case 'drifted':
      return [
        "changed in the workspace since the last deploy; the repository's version wins",
        change.note,
        fields(change.diff),
      ]
        .filter(Boolean)
        .join('\n');
    case 'conflict':
      return change.note ?? 'a rule this repository does not own has this id';
    case 'delete':
      return change.note ?? 'deployed by this repository, no longer in it';
    case 'orphaned':
      return change.note ?? 'deployed by this repository, no longer in it; kept because prune is off';
    case 'unchanged':
      return '';
  }
}

function result(change: Change, outcomes: ReadonlyMap<string, ChangeOutcome>): string {
  const outcome = outcomes.get(change.name.toLowerCase());
  if (change.kind === 'orphaned') return 'kept';
  if (change.kind === 'conflict') return 'left as it is';
  if (!outcome) return 'not applied';
  return outcome.ok ? '✅ done' : `❌ failed: ${outcome.error ?? 'unknown error'}`;
}

/** Counts in the plan's order; unchanged rules are only counted, never listed, so the table shows what moves. */
export function planMarkdown(changes: readonly Change[], options: PlanMarkdownOptions): string {
  const counts = new Map<ChangeKind, number>();
  for (const c of changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  // Conflicts are counted only when there are some: a plan normally has none.
  const tally = (Object.keys(LABEL) as ChangeKind[])
    .filter(k => k !== 'conflict' || counts.has(k))
    .map(k => `${counts.get(k) ?? 0} ${LABEL[k]}`)
    .join(', ');
  const title = `### rulectl deploy: ${options.workspace}${options.dryRun ? ' (plan, dry run)' : ''}\n\n`;
  const moving = changes.filter(c => c.kind !== 'unchanged');
  const outcomes = options.outcomes ? new Map(options.outcomes.map(o => [o.name.toLowerCase(), o])) : undefined;
  const failed = options.outcomes?.filter(o => !o.ok).length ?? 0;
  const status = outcomes ? (failed ? `❌ ${plural(failed, 'change')} failed` : '✅ every change applied') : '';
  const head = `${title}${tally}${status ? `\n\n${status}` : ''}\n`;
  if (moving.length === 0) return `${head}\nNothing to change.\n`;
  const { shown, omitted } = capRows(moving, options.maxRows ?? 500);
  const header = ['Change', 'Rule', 'File', 'Details', ...(outcomes ? ['Result'] : [])];
  const rows = shown.map(c => [
    LABEL[c.kind],
    c.displayName === c.name ? c.name : `${c.displayName} (${c.name})`,
    c.file ?? '',
    details(c),
    ...(outcomes ? [result(c, outcomes)] : []),
  ]);
  const { text, omitted: tooBig } = table(header, rows);
  const more = omitted + tooBig ? `\n… and ${plural(omitted + tooBig, 'more change')}\n` : '';
  return `${head}\n${text}${more}`;
}
