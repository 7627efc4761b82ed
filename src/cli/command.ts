// What a command module provides: its yargs declaration and a run function returning an exit code.
import type { Argv } from 'yargs';
import type { CliIo } from './io.js';
import type { ExitCode } from '../errors.js';

export type Args = Record<string, unknown> & { _: (string | number)[] };

export interface Command {
  command: string;
  describe: string;
  builder(y: Argv): Argv;
  run(args: Args, io: CliIo): Promise<ExitCode>;
}
