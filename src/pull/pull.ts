// `pull`: a workspace's alert rules back into rule files through the one mapping (from-api). A rule the repository
// already has is written into its own file, only the keys whose meaning changed; a new rule gets a file named as
// `import` names it. planPull decides and renders (no I/O but reading whether a file name is free); writePull
// writes. What "changed" means is deploy's own comparison: the file, through overrides and to-api, against the
// workspace's rule, so that after a pull `deploy --dry-run` plans nothing for the pulled rules.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Overrides } from '../config/config.js';
import { applyOverrides } from '../config/overrides.js';
import { ruleHash } from '../deploy/normalize.js';
import type { ActualRule, OwnershipRecord } from '../deploy/types.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { renderRuleYaml, ruleFileName } from '../import/render-rule.js';
import { NOT_SENT } from '../mapping/fields.js';
import { fromApiRule, inYamlOrder } from '../mapping/from-api.js';
import { toApiRule, type MappingOptions } from '../mapping/to-api.js';
import { InputError, loadRuleFiles, type RuleFile } from '../rules/load.js';
import type { AnalyticRule } from '../rules/model.js';
import { editRuleText } from './edit-yaml.js';

export interface PullOptions {
  /** This repository's id: only its ownership records say "deployed from here". */
  repository: string;
  /** Folder (absolute) for rules the repository has no file for. */
  outDir: string;
  /** Lower-cased rule ids (resource names): only these rules. */
  only?: ReadonlySet<string>;
  /** Only rules this repository deployed that were changed in the workspace since (record hash ≠ live rule). */
  drifted?: boolean;
  overrides: Overrides;
  mapping: MappingOptions;
}

interface Base {
  /** The rule's resource name. */
  name: string;
  displayName: string;
}

export type PullAction =
  | (Base & { kind: 'create' | 'update'; file: string; text: string; notes: string[] })
  | (Base & { kind: 'unchanged'; file: string })
  | (Base & { kind: 'skipped'; reason: string })
  | (Base & { kind: 'failed'; reason: string });

const lower = (s: string) => s.toLowerCase();

function displayName(rule: ActualRule): string {
  return typeof rule.properties.displayName === 'string' ? rule.properties.displayName : rule.name;
}

/** The hash deploy would record for this rule file's data in this workspace, or undefined if it cannot deploy. */
function deployedHash(data: Record<string, unknown>, options: PullOptions): string | undefined {
  const rule = applyOverrides(data as AnalyticRule, options.overrides);
  const mapped = rule && toApiRule(rule, options.mapping).rule;
  return mapped ? ruleHash(mapped.kind, mapped.properties) : undefined;
}

/**
 * The file's data with the workspace's values, key by key: a key is taken from the workspace only when taking it
 * changes what deploy would send, so `60m` stays `60m` against the workspace's `PT1H`, and a key an override sets
 * keeps the file's value. Keys that never reach the API (metadata, requiredDataConnectors) stay as they are.
 */
export function mergeInto(
  existing: Record<string, unknown>,
  pulled: Record<string, unknown>,
  options: PullOptions,
): { data: Record<string, unknown>; changes: Map<string, unknown> } {
  let data = { ...existing };
  const changes = new Map<string, unknown>();
  const keys = [...new Set([...Object.keys(pulled), ...Object.keys(existing)])];
  for (const key of keys) {
    if (key === 'id' || (NOT_SENT.has(key) && key !== 'kind')) continue;
    if (isDeepStrictEqual(existing[key], pulled[key])) continue;
    const candidate = { ...data };
    if (pulled[key] === undefined) delete candidate[key];
    else candidate[key] = pulled[key];
    const now = deployedHash(data, options);
    if (now !== undefined && now === deployedHash(candidate, options)) continue;
    data = candidate;
    changes.set(key, pulled[key]);
  }
  return { data, changes };
}

/** Lower-cased rule id -> the repository file that holds it (the first one, as validate reports duplicates). */
function filesById(files: readonly RuleFile[]): Map<string, RuleFile> {
  const byId = new Map<string, RuleFile>();
  for (const f of files) {
    const id = f.data?.id;
    if (typeof id === 'string' && !byId.has(lower(id))) byId.set(lower(id), f);
  }
  return byId;
}

/** Decides, for every rule of the workspace, what pull writes. Sorted by rule name. */
export function planPull(
  actual: readonly ActualRule[],
  ownership: readonly OwnershipRecord[],
  files: readonly RuleFile[],
  options: PullOptions,
): PullAction[] {
  const records = new Map(
    ownership.filter(r => r.repository === options.repository).map(r => [lower(r.ruleName), r] as const),
  );
  const byId = filesById(files);
  const claimed = new Set(files.map(f => f.absPath));
  const actions: PullAction[] = [];
  for (const rule of [...actual].sort((a, b) => a.name.localeCompare(b.name))) {
    const base = { name: rule.name, displayName: displayName(rule) };
    if (options.only && !options.only.has(lower(rule.name))) continue;
    if (options.drifted) {
      const record = records.get(lower(rule.name));
      if (!record || record.hash === ruleHash(rule.kind, rule.properties)) continue;
    }
    const result = fromApiRule(rule);
    if (!result.rule) {
      actions.push({ ...base, kind: 'skipped', reason: result.skipped ?? 'no rule-file form' });
      continue;
    }
    const pulled = result.rule as unknown as Record<string, unknown>;
    const actualHash = ruleHash(rule.kind, rule.properties);
    const held = byId.get(lower(rule.name));
    if (held?.data) {
      if (deployedHash(held.data, options) === actualHash) {
        actions.push({ ...base, kind: 'unchanged', file: held.absPath });
        continue;
      }
      const { data, changes } = mergeInto(held.data, pulled, options);
      const notes = [...result.lost];
      if (deployedHash(data, options) !== actualHash)
        notes.push(
          "the workspace's rule differs in what rulectl.yaml's overrides set for this workspace; deploy will set it back",
        );
      // In place when the file's text allows it; else the whole file afresh (its comments are lost: say so).
      let text = editRuleText(held.text, changes, data);
      if (text === undefined) {
        text = renderRuleYaml(inYamlOrder(data));
        notes.push('the file could not be edited in place, so it was rewritten whole (its comments are gone)');
      }
      if (text === undefined) {
        actions.push({ ...base, kind: 'failed', reason: 'cannot write this rule as YAML that reads back the same' });
        continue;
      }
      actions.push({ ...base, kind: 'update', file: held.absPath, text, notes });
      continue;
    }
    if (held) {
      actions.push({
        ...base,
        kind: 'failed',
        reason: `${held.file} holds this rule but cannot be read; fix it first`,
      });
      continue;
    }
    // The API does not know a rule's data connectors; an empty list keeps the file in the content-CI shape.
    const text = renderRuleYaml(inYamlOrder({ requiredDataConnectors: [], ...pulled }));
    if (text === undefined) {
      actions.push({ ...base, kind: 'failed', reason: 'cannot write this rule as YAML that reads back the same' });
      continue;
    }
    const id = lower(String(pulled.id));
    const stem = path.join(options.outDir, ruleFileName(pulled.name, id)).slice(0, -'.yaml'.length);
    // Two rules with one display name, or a file of that name holding another rule: the id goes into the name.
    const file = [`${stem}.yaml`, `${stem}-${id.slice(0, 8)}.yaml`, `${stem}-${id}.yaml`].find(
      f => !claimed.has(f) && !existsSync(f),
    );
    if (!file) {
      actions.push({ ...base, kind: 'failed', reason: `${stem}.yaml and its id-suffixed names are all taken` });
      continue;
    }
    claimed.add(file);
    actions.push({ ...base, kind: 'create', file, text, notes: result.lost });
  }
  return actions;
}

/** The repository's rule files under `paths`; none yet (a new repository) is no error. */
export async function repositoryFiles(paths: readonly string[], cwd: string): Promise<RuleFile[]> {
  try {
    return (await loadRuleFiles(paths, cwd)).files;
  } catch (e) {
    if (e instanceof InputError && /^no (rule files|such file)/.test(e.message)) return [];
    throw e;
  }
}

/** Writes the create and update actions, each file atomically; returns the ones that failed, with why. */
export async function writePull(actions: readonly PullAction[]): Promise<{ file: string; error: string }[]> {
  const failed: { file: string; error: string }[] = [];
  for (const a of actions) {
    if (a.kind !== 'create' && a.kind !== 'update') continue;
    try {
      await writeFileAtomic(a.file, a.text);
    } catch (e) {
      failed.push({ file: a.file, error: (e as Error).message });
    }
  }
  return failed;
}
