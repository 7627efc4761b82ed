// Optional persistence of the store to one JSON file: loaded at start, rewritten atomically (temp + rename)
// after each change; concurrent changes share one write, and each caller waits until its change is on disk.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { InputError, reason } from '../rules/load.js';
import type { StoreSnapshot } from './store.js';

export async function loadSnapshot(file: string): Promise<StoreSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read emulator data file ${file}: ${reason(e)}`, { cause: e });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`emulator data file ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  // A bad file is the user's to fix (exit 2), not a bug in rulectl.
  if (!isSnapshot(data)) throw new InputError(`emulator data file ${file} is not an emulator snapshot (version 1)`);
  return data;
}

function isSnapshot(data: unknown): data is StoreSnapshot {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as { version?: unknown; workspaces?: unknown };
  if (d.version !== 1 || !Array.isArray(d.workspaces)) return false;
  return d.workspaces.every((w: unknown) => {
    if (typeof w !== 'object' || w === null) return false;
    const x = w as Record<string, unknown>;
    const named = (list: unknown) =>
      Array.isArray(list) &&
      list.every(i => typeof i === 'object' && i !== null && typeof (i as { name?: unknown }).name === 'string');
    return (
      typeof x.subscription === 'string' &&
      typeof x.resourceGroup === 'string' &&
      typeof x.workspace === 'string' &&
      named(x.rules) &&
      named(x.metadata) &&
      named(x.tables)
    );
  });
}

export class Persister {
  private writing: Promise<void> = Promise.resolve();
  private pending: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StoreSnapshot,
  ) {}

  /** Resolves once a write that includes every change made before this call has completed. */
  save(): Promise<void> {
    if (this.pending) return this.pending;
    const run = async (): Promise<void> => {
      await this.writing.catch(() => undefined);
      // The snapshot is taken only now, so changes that arrived while the last write ran are included.
      this.pending = undefined;
      const write = writeFileAtomic(this.file, `${JSON.stringify(this.snapshot(), null, 1)}\n`);
      this.writing = write;
      await write;
    };
    this.pending = run();
    return this.pending;
  }

  /** Waits for writes in flight (used on close). */
  async flush(): Promise<void> {
    await this.pending?.catch(() => undefined);
    await this.writing.catch(() => undefined);
  }
}
