// The deploy plan (and, after apply, each change's outcome) as Markdown for a GitHub job summary.
import type { Change, ChangeKind } from '../deploy/plan.js';
import { textDiff, type FieldDiff } from '../deploy/diff.js';
import { capRows, plural, table } from './markdown.js';

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

const VALUE_WIDTH = 60;

function short(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > VALUE_WIDTH ? `${oneLine.slice(0, VALUE_WIDTH - 1)}…` : oneLine;
}

function fields(diff: readonly FieldDiff[]): string {
  return diff
    .map(d => {
      const lines = textDiff(d);
      return lines ? [`${d.path}:`, ...lines].join('\n') : `${d.path}: ${short(d.before)} → ${short(d.after)}`;
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
