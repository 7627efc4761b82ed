// Atomic file writes: a temp file in the same folder, then a rename, so a reader never sees half a file.
// Synchronous underneath: for a thousand small templates the promise API costs twice the CPU.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let counter = 0;

export function writeFileAtomicSync(file: string, text: string, options: { createDir?: boolean } = {}): void {
  if (options.createDir !== false) mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

export function writeFileAtomic(file: string, text: string, options: { createDir?: boolean } = {}): Promise<void> {
  return new Promise(resolve => resolve(writeFileAtomicSync(file, text, options)));
}
