// Carries out a plan with bounded concurrency. Each change is isolated (a rejected rule does not stop the others),
// and the ownership record is written only after its rule succeeded, so a rerun after a crash converges: a rule
// written without its record shows up as unchanged-but-unrecorded and only the record is written.
import { KIND_CHANGE_NOTE, type Change } from './plan.js';
import type { SentinelClient } from './types.js';

export type Outcome = 'applied' | 'skipped' | 'failed';

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  /** Requests that changed something (rule and record PUTs and DELETEs), retries not counted. */
  writes: number;
  /** `<file>: <service message>` when the change failed. */
  error?: string;
}

export interface ApplyOptions {
  repository: string;
  concurrency: number;
  /** Once aborted (Ctrl+C), changes in flight finish and no new one starts. */
  signal?: AbortSignal;
  /** Called after each change finishes (progress line). */
  onResult?(result: ChangeResult, done: number, total: number): void;
}

async function applyOne(client: SentinelClient, change: Change, repository: string): Promise<ChangeResult> {
  let writes = 0;
  const record = async () => {
    // A change always carries its hash when a record is due (plan sets both for repository rules).
    if (!change.hash) return;
    await client.putOwnership({ ruleName: change.desired?.name ?? change.name, repository, hash: change.hash });
    writes++;
  };
  try {
    switch (change.kind) {
      case 'create':
      case 'update':
      case 'drifted': {
        if (change.held) return { change, outcome: 'skipped', writes };
        if (!change.desired) throw new Error('internal: change without a desired rule');
        // The service would refuse it with a confusing message; say what to do instead, and send nothing.
        if (change.actual && change.actual.kind !== change.desired.kind)
          throw new Error(`kind ${change.actual.kind} → ${change.desired.kind}: ${KIND_CHANGE_NOTE}`);
        // Keep the workspace's spelling of the name so the PUT addresses the existing resource.
        await client.putRule({ ...change.desired, name: change.actual?.name ?? change.desired.name });
        writes++;
        await record();
        return { change, outcome: 'applied', writes };
      }
      case 'unchanged':
        if (!change.recordOwnership) return { change, outcome: 'skipped', writes };
        await record();
        return { change, outcome: 'applied', writes };
      case 'delete':
        if (change.actual) {
          await client.deleteRule(change.actual.name);
          writes++;
        }
        if (change.ownership) {
          await client.deleteOwnership(change.ownership);
          writes++;
        }
        return { change, outcome: 'applied', writes };
      case 'orphaned':
      case 'conflict':
        return { change, outcome: 'skipped', writes };
    }
  } catch (e) {
    const where = change.file ?? change.name;
    return { change, outcome: 'failed', writes, error: `${where}: ${(e as Error).message}` };
  }
}

/** Applies every change; the results come back in the order of `changes`. Never throws for a failed change. */
export async function applyPlan(
  client: SentinelClient,
  changes: readonly Change[],
  options: ApplyOptions,
): Promise<ChangeResult[]> {
  const results: ChangeResult[] = new Array<ChangeResult>(changes.length);
  let nextIndex = 0;
  let done = 0;
  const worker = async () => {
    for (let i = nextIndex++; i < changes.length; i = nextIndex++) {
      const change = changes[i];
      if (!change) continue;
      const result = options.signal?.aborted
        ? {
            change,
            outcome: 'failed' as const,
            writes: 0,
            error: `${change.file ?? change.name}: not applied (interrupted)`,
          }
        : await applyOne(client, change, options.repository);
      results[i] = result;
      options.onResult?.(result, ++done, changes.length);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency, changes.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
