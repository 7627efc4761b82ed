// The plan: a pure comparison of what the repository wants, what the workspace has and what this repository
// recorded as deployed. No I/O; apply.ts carries it out.
import { quote } from '../diagnostics/quote.js';
import { apiKind } from '../mapping/to-api.js';
import { diffProperties, type FieldDiff } from './diff.js';
import { normalizeProperties, ruleHash } from './normalize.js';
import type { OnDrift } from '../config/config.js';
import type { ActualRule, DesiredRule, OwnershipRecord } from './types.js';

export type ChangeKind = 'create' | 'update' | 'unchanged' | 'drifted' | 'conflict' | 'delete' | 'orphaned';

export interface Change {
  kind: ChangeKind;
  /** Rule resource name. */
  name: string;
  displayName: string;
  /** The rule file (create, update, unchanged, drifted, conflict). */
  file?: string;
  desired?: DesiredRule;
  actual?: ActualRule;
  /** update: workspace -> repository. drifted: the same, for the fields changed outside the repository. */
  diff: FieldDiff[];
  /** Hash of what will be (or was) sent, recorded as ownership after the write. */
  hash?: string;
  /** This repository's record of the rule, if any. */
  ownership?: OwnershipRecord;
  /**
   * delete, orphaned: why, when not simply "no longer in the repository"; update, drifted: why it cannot apply;
   * conflict: whose the rule is and how to take it over.
   */
  note?: string;
  /** The record must be (re)written even though the rule itself is not: missing, stale or another owner's. */
  recordOwnership: boolean;
  /** drifted, with on-drift keep: the workspace's version stays; nothing is written for it. */
  held?: true;
}

export interface PlanOptions {
  /** This repository's id; only its records count as ownership. */
  repository: string;
  /** Delete owned rules that the repository no longer has (otherwise they are reported as orphaned). */
  prune: boolean;
  /** Rules still in the repository but not deployed this run (they have errors): never deleted. */
  keep?: ReadonlySet<string>;
  /** Rules the workspace's overrides exclude: still in the repository, so say so rather than "removed". */
  excluded?: ReadonlySet<string>;
  /**
   * Rules (ids, any case) this run may take over although this repository does not own them: made in the portal
   * or recorded by another repository. `true`: every such rule. Otherwise they are conflicts, left as they are.
   */
  adopt?: ReadonlySet<string> | true;
  /** What to do with drifted rules; `overwrite` (the default) sends the repository's version. */
  onDrift?: OnDrift;
}

const key = (name: string) => name.toLowerCase();

function display(rule: { properties: Record<string, unknown> } | undefined, fallback: string): string {
  const name = rule?.properties.displayName;
  return typeof name === 'string' ? name : fallback;
}

/** Sentinel refuses a PUT that changes an existing rule's kind, and a deleted rule's id stays taken for a while. */
export const KIND_CHANGE_NOTE =
  "Sentinel cannot change a rule's kind in place: delete it in the workspace and deploy once Sentinel lets the id " +
  'be reused (about a day later), or give the rule a new id';

function classify(desired: DesiredRule, actual: ActualRule | undefined, record: OwnershipRecord | undefined): Change {
  const hash = ruleHash(desired.kind, desired.properties);
  const base = {
    name: desired.name,
    displayName: display(desired, desired.name),
    file: desired.file,
    desired,
    hash,
    ...(actual ? { actual } : {}),
    ...(record ? { ownership: record } : {}),
  };
  if (!actual) return { ...base, kind: 'create', diff: [], recordOwnership: true };
  const actualHash = ruleHash(actual.kind, actual.properties);
  const recordOwnership = record?.hash !== hash;
  if (actualHash === hash) return { ...base, kind: 'unchanged', diff: [], recordOwnership };
  const kindChanged = actual.kind !== desired.kind;
  const diff = [
    ...(kindChanged ? [{ path: 'kind', before: actual.kind, after: desired.kind }] : []),
    ...diffProperties(normalizeProperties(actual.properties), normalizeProperties(desired.properties)),
  ];
  // Changed since we deployed it, by someone else: the workspace no longer holds what our record says we sent.
  const drifted = record !== undefined && record.hash !== actualHash;
  const kind = drifted ? 'drifted' : 'update';
  return { ...base, kind, diff, recordOwnership: true, ...(kindChanged ? { note: KIND_CHANGE_NOTE } : {}) };
}

export const KEEP_NOTE =
  'changed in the workspace since this repository deployed it; kept as it is (on-drift: keep): ' +
  '`rulectl pull --drifted` brings the change into the repository';

/** Why an existing rule with a repository rule's id is not this repository's to change, and what to do. */
function conflictNote(name: string, existing: ActualRule, owner: string | undefined): string {
  const whose =
    owner === undefined
      ? 'made outside rulectl (portal, template, another tool)'
      : `deployed by repository ${quote(owner)}`;
  const shown = display(existing, '');
  return (
    `a rule with this id already exists${shown ? ` (${quote(shown)})` : ''}, ${whose}; left as it is ` +
    `(--adopt ${name} to take it over)`
  );
}

/**
 * Classifies every rule: create / update / unchanged / drifted for the repository's rules; delete (with prune)
 * or orphaned (without) for rules this repository's records own that it no longer has. A repository rule whose
 * id is taken by a rule this repository does not own is a conflict unless adopted (or it already holds exactly
 * what would be sent: a deploy stopped between the rule and its record). Rules nobody recorded (created in the
 * portal, BuiltInFusion), and records of kinds rulectl does not deploy, are never deleted. Sorted by kind order,
 * then name.
 */
export function plan(
  desired: readonly DesiredRule[],
  actual: readonly ActualRule[],
  ownership: readonly OwnershipRecord[],
  options: PlanOptions,
): Change[] {
  const actualByName = new Map(actual.map(r => [key(r.name), r]));
  // A record of a rule rulectl never deploys (Fusion, ML, a forged record) proves nothing: it is not ownership.
  const deployable = (r: OwnershipRecord) => {
    const a = actualByName.get(key(r.ruleName));
    return !a || apiKind(a.kind) !== undefined;
  };
  const records = new Map<string, OwnershipRecord>();
  for (const r of ownership) if (r.repository === options.repository && deployable(r)) records.set(key(r.ruleName), r);
  const foreign = new Map(ownership.filter(r => r.repository !== options.repository).map(r => [key(r.ruleName), r]));
  const adopted = (name: string) => options.adopt === true || (options.adopt?.has(key(name)) ?? false);
  const changes: Change[] = [];
  const wanted = new Set<string>();
  for (const d of desired) {
    wanted.add(key(d.name));
    const change = classify(d, actualByName.get(key(d.name)), records.get(key(d.name)));
    const owner = foreign.get(key(d.name))?.repository;
    if (
      change.actual &&
      !change.ownership &&
      !adopted(d.name) &&
      (owner !== undefined || change.kind !== 'unchanged')
    ) {
      changes.push({
        ...change,
        kind: 'conflict',
        recordOwnership: false,
        note: conflictNote(d.name, change.actual, owner),
      });
      continue;
    }
    // Another repository's record for a rule we deploy is replaced by ours (one record per rule).
    if (owner !== undefined && !change.ownership) change.recordOwnership = true;
    if (change.kind === 'drifted' && options.onDrift === 'keep') {
      // The record keeps the hash we deployed, so the rule stays drifted (and pull --drifted finds it) until the
      // repository takes the change or the policy changes.
      changes.push({ ...change, held: true, recordOwnership: false, note: KEEP_NOTE });
      continue;
    }
    changes.push(change);
  }
  for (const [name, record] of records) {
    if (wanted.has(name) || options.keep?.has(name)) continue;
    const a = actualByName.get(name);
    const note = !a
      ? `already gone from the workspace; only its ownership record is ${options.prune ? 'removed' : 'left'}`
      : options.excluded?.has(name)
        ? `excluded from this workspace by rulectl.yaml${options.prune ? '' : '; kept (deploy with --prune to delete it)'}`
        : undefined;
    changes.push({
      kind: options.prune ? 'delete' : 'orphaned',
      name: a?.name ?? record.ruleName,
      displayName: display(a, record.ruleName),
      ...(a ? { actual: a } : {}),
      ownership: record,
      ...(note ? { note } : {}),
      diff: [],
      recordOwnership: false,
    });
  }
  const order: ChangeKind[] = ['create', 'update', 'drifted', 'conflict', 'delete', 'orphaned', 'unchanged'];
  return changes.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || x.name.localeCompare(y.name));
}

/** Counts per kind, every kind present (for summaries and JSON output). */
export function countChanges(changes: readonly Change[]): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    drifted: 0,
    conflict: 0,
    delete: 0,
    orphaned: 0,
  };
  for (const c of changes) counts[c.kind]++;
  return counts;
}
