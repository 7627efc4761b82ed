// An in-memory SentinelClient for plan/apply unit tests: rules and ownership records in maps, every write counted.
import type { ActualRule, OwnershipRecord, SentinelClient } from '../../src/deploy/types.js';

export class FakeClient implements SentinelClient {
  rules = new Map<string, ActualRule>();
  records = new Map<string, OwnershipRecord>();
  writes: string[] = [];
  /** Rule names whose PUT the fake rejects, with the message. */
  reject = new Map<string, string>();
  /** Fail the ownership write of these rule names (a crash between the two writes). */
  failRecord = new Set<string>();

  listRules(): Promise<ActualRule[]> {
    return Promise.resolve([...this.rules.values()].map(r => structuredClone(r)));
  }
  getRule(name: string): Promise<ActualRule | undefined> {
    return Promise.resolve(this.rules.get(name));
  }
  putRule(rule: { name: string; kind: string; properties: Record<string, unknown> }): Promise<ActualRule> {
    const message = this.reject.get(rule.name);
    if (message) return Promise.reject(new Error(message));
    this.writes.push(`put ${rule.name}`);
    // Like the service: explicit nulls for absent optionals and a server timestamp.
    const stored = {
      name: rule.name,
      kind: rule.kind,
      properties: { description: null, ...structuredClone(rule.properties), lastModifiedUtc: new Date().toISOString() },
    };
    this.rules.set(rule.name, stored);
    return Promise.resolve(stored);
  }
  deleteRule(name: string): Promise<void> {
    this.writes.push(`delete ${name}`);
    this.rules.delete(name);
    return Promise.resolve();
  }
  listOwnership(): Promise<OwnershipRecord[]> {
    return Promise.resolve([...this.records.values()]);
  }
  putOwnership(record: Omit<OwnershipRecord, 'metadataName'>): Promise<void> {
    if (this.failRecord.has(record.ruleName)) return Promise.reject(new Error('connection reset'));
    this.writes.push(`record ${record.ruleName}`);
    this.records.set(record.ruleName, { ...record, metadataName: `analyticsrule-${record.ruleName}` });
    return Promise.resolve();
  }
  deleteOwnership(record: OwnershipRecord): Promise<void> {
    this.writes.push(`unrecord ${record.ruleName}`);
    this.records.delete(record.ruleName);
    return Promise.resolve();
  }
}
