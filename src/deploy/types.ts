// The deployer's vocabulary: a workspace target, rules as the workspace holds them, ownership records, and the
// narrow client interface that plan/apply use (the SDK-backed one in client.ts, in-memory fakes in tests).

export interface WorkspaceTarget {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** ARM base URL (sovereign clouds); default https://management.azure.com. */
  endpoint?: string;
}

/** A rule as the workspace returns it. */
export interface ActualRule {
  name: string;
  kind: string;
  etag?: string;
  properties: Record<string, unknown>;
}

/** A rule as this repository wants it in this workspace: the one mapping's output plus its file. */
export interface DesiredRule {
  /** Resource name (the rule id, lower-cased by the mapping). */
  name: string;
  kind: string;
  apiVersion: string;
  properties: Record<string, unknown>;
  /** The rule file, for messages. */
  file: string;
}

/** What this repository recorded in the workspace when it deployed a rule. */
export interface OwnershipRecord {
  /** Name of the metadata resource holding the record. */
  metadataName: string;
  /** Resource name of the rule it describes. */
  ruleName: string;
  /** The repository that deployed it (rulectl.yaml `repository:`). */
  repository: string;
  /** Hash of the normalised kind and properties that were sent. */
  hash: string;
}

export interface SentinelClient {
  listRules(): Promise<ActualRule[]>;
  getRule(name: string): Promise<ActualRule | undefined>;
  putRule(rule: Pick<DesiredRule, 'name' | 'kind' | 'apiVersion' | 'properties'>): Promise<ActualRule>;
  deleteRule(name: string): Promise<void>;
  listOwnership(): Promise<OwnershipRecord[]>;
  putOwnership(record: Omit<OwnershipRecord, 'metadataName'>): Promise<void>;
  deleteOwnership(record: OwnershipRecord): Promise<void>;
}

/** A failed call, with the service's own code and message and nothing else (no headers, no token). */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}
