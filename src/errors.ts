// Errors and exit codes shared by the core and the CLI: the core throws and returns these, only the CLI prints
// them and ends the process, so neither needs to import the other.

/** Bad usage or configuration: the CLI prints the message and exits 2 without a stack trace. */
export class UsageError extends Error {}

// The process exit codes, the same for every command.
export const ExitCode = {
  /** Nothing wrong (validate: no errors; deploy: every change applied). */
  Ok: 0,
  /** Findings at error level, --max-warnings exceeded, stale templates, or a change that failed. */
  Findings: 1,
  /** Bad usage, bad configuration, or input/output that could not be read or written. */
  Usage: 2,
  /** Stopped by Ctrl+C (128 + SIGINT, as a shell reports it). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
