// Ownership records as Sentinel metadata resources, the mechanism Sentinel Repositories uses: kind AnalyticsRule,
// parentId = the rule's resource id, source = this repository, and the deployed hash in `customVersion`.
import type { OwnershipRecord, WorkspaceTarget } from './types.js';

/** The fields of a Sentinel metadata resource that a record uses (a structural subset of the SDK's MetadataModel). */
export interface MetadataFields {
  name?: string;
  kind?: string;
  contentId?: string;
  parentId?: string;
  source?: { kind: string; name?: string; sourceId?: string };
  author?: { name?: string };
  customVersion?: string;
}

/** Marks a record as ours and versions its format; other metadata (Content Hub, other tools) is ignored. */
const HASH_PREFIX = 'rulectl:sha256:';

/** One record per rule, named after it, so two writers of the same rule update one record. */
export function ownershipName(ruleName: string): string {
  return `analyticsrule-${ruleName.toLowerCase()}`;
}

export function ruleResourceId(target: WorkspaceTarget, ruleName: string): string {
  return (
    `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${target.workspace}` +
    `/providers/Microsoft.SecurityInsights/alertRules/${ruleName}`
  );
}

export function toMetadata(record: Omit<OwnershipRecord, 'metadataName'>, target: WorkspaceTarget): MetadataFields {
  return {
    kind: 'AnalyticsRule',
    contentId: record.ruleName,
    parentId: ruleResourceId(target, record.ruleName),
    source: { kind: 'SourceRepository', name: record.repository, sourceId: record.repository },
    author: { name: 'rulectl' },
    customVersion: `${HASH_PREFIX}${record.hash}`,
  };
}

/**
 * The record a metadata resource holds, or undefined when it is not one of rulectl's for this workspace. Anyone who
 * can write metadata can write a record, and prune deletes what records name: so a record counts only when it is
 * named after its rule (as this module writes it) and its parentId is that rule in this very workspace. ARM ids and
 * names compare case-insensitively.
 */
export function fromMetadata(m: MetadataFields, target: WorkspaceTarget): OwnershipRecord | undefined {
  const parent = m.parentId ?? '';
  const ruleName = /\/alertRules\/([^/]+)$/i.exec(parent)?.[1];
  const repository = m.source?.kind === 'SourceRepository' ? m.source.name : undefined;
  const version = m.customVersion ?? '';
  if (m.kind !== 'AnalyticsRule' || !ruleName || !repository || !m.name || !version.startsWith(HASH_PREFIX))
    return undefined;
  if (m.name.toLowerCase() !== ownershipName(ruleName)) return undefined;
  if (parent.toLowerCase() !== ruleResourceId(target, ruleName).toLowerCase()) return undefined;
  return { metadataName: m.name, ruleName, repository, hash: version.slice(HASH_PREFIX.length) };
}
