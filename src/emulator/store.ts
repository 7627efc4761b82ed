// The emulator's state: workspaces (created on first use, each seeded with the built-in Fusion rule),
// their alert rules, Sentinel metadata items and Log Analytics tables.
import { randomBytes } from 'node:crypto';
import type { TableColumns } from './options.js';
import type { WorkspaceRef } from './routes.js';

export interface StoredRule {
  name: string;
  kind: string;
  etag: string;
  /** The properties as accepted (defaults filled in, durations canonical), without lastModifiedUtc. */
  properties: Record<string, unknown>;
  lastModifiedUtc: string;
}

export interface StoredMetadata {
  name: string;
  etag: string;
  properties: Record<string, unknown>;
}

export interface StoredTable {
  name: string;
  columns: TableColumns;
}

export interface Workspace {
  ref: WorkspaceRef;
  rules: Map<string, StoredRule>;
  metadata: Map<string, StoredMetadata>;
  tables: Map<string, StoredTable>;
}

/** The persisted form (version 1): plain arrays, in insertion order. */
export interface StoreSnapshot {
  version: 1;
  workspaces: (WorkspaceRef & { rules: StoredRule[]; metadata: StoredMetadata[]; tables: StoredTable[] })[];
}

/** What a new workspace already contains (docs/api-contract.md §4.2, REC): the Fusion rule nobody in the repo owns. */
export const BUILT_IN_FUSION = 'BuiltInFusion';
const FUSION_TEMPLATE = 'f71aba3d-28fb-450b-b192-4e76a83015c8';

/** A new etag in the service's spelling, quotes included: "61004e36-0000-0100-0000-69c3928d0000". */
export function newEtag(): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `"${randomBytes(4).toString('hex')}-0000-0100-0000-${seconds}0000"`;
}

/** UTC with 7 fractional digits, as .NET's round-trip format writes it. */
export function nowUtc(): string {
  const iso = new Date().toISOString();
  const sub = Math.floor((performance.now() % 1) * 10_000)
    .toString()
    .padStart(4, '0');
  return `${iso.slice(0, 23)}${sub}Z`;
}

const key = (s: string): string => s.toLowerCase();

export class Store {
  private readonly workspaces = new Map<string, Workspace>();

  constructor(private readonly tables: Record<string, Record<string, TableColumns>> = {}) {}

  /** The workspace, created on first use (ARM names are case-insensitive). */
  workspace(ref: WorkspaceRef): Workspace {
    const id = key(`${ref.subscription}/${ref.resourceGroup}/${ref.workspace}`);
    let ws = this.workspaces.get(id);
    if (!ws) {
      ws = { ref: { ...ref }, rules: new Map(), metadata: new Map(), tables: new Map() };
      ws.rules.set(key(BUILT_IN_FUSION), {
        name: BUILT_IN_FUSION,
        kind: 'Fusion',
        etag: newEtag(),
        properties: {
          displayName: 'Advanced Multistage Attack Detection',
          description: null,
          alertRuleTemplateName: FUSION_TEMPLATE,
          enabled: true,
          severity: 'High',
          tactics: null,
          techniques: null,
        },
        lastModifiedUtc: nowUtc(),
      });
      this.addConfiguredTables(ws);
      this.workspaces.set(id, ws);
    }
    return ws;
  }

  snapshot(): StoreSnapshot {
    return {
      version: 1,
      workspaces: [...this.workspaces.values()].map(ws => ({
        ...ws.ref,
        rules: [...ws.rules.values()],
        metadata: [...ws.metadata.values()],
        tables: [...ws.tables.values()],
      })),
    };
  }

  /** Replaces the state with a persisted snapshot (validated by the caller). */
  restore(snapshot: StoreSnapshot): void {
    this.workspaces.clear();
    for (const w of snapshot.workspaces) {
      const ref = { subscription: w.subscription, resourceGroup: w.resourceGroup, workspace: w.workspace };
      const ws: Workspace = {
        ref,
        rules: new Map(w.rules.map(r => [key(r.name), r])),
        metadata: new Map(w.metadata.map(m => [key(m.name), m])),
        tables: new Map(w.tables.map(t => [key(t.name), t])),
      };
      this.addConfiguredTables(ws);
      this.workspaces.set(key(`${ref.subscription}/${ref.resourceGroup}/${ref.workspace}`), ws);
    }
  }

  private addConfiguredTables(ws: Workspace): void {
    const configured = Object.entries(this.tables).find(([name]) => key(name) === key(ws.ref.workspace))?.[1] ?? {};
    for (const [name, columns] of Object.entries(configured)) {
      if (!ws.tables.has(key(name))) ws.tables.set(key(name), { name, columns });
    }
  }
}

export { key as storeKey };
