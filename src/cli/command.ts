// What a command module provides: its yargs declaration and a run function returning an exit code.
import type { Argv } from 'yargs';
import type { CliIo } from './io.js';
import type { ExitCode } from './exit-codes.js';

export type Args = Record<string, unknown> & { _: (string | number)[] };

export interface Command {
  command: string;
  describe: string;
  builder(y: Argv): Argv;
  run(args: Args, io: CliIo): Promise<ExitCode>;
}

/** Thrown for bad usage or configuration; main prints the message and exits 2 without a stack trace. */
export class UsageError extends Error {}
