// `rulectl emulator`: run the local SecurityInsights endpoint until SIGINT/SIGTERM.
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { DEFAULT_TOKEN, type EmulatorOptions } from '../../emulator/options.js';
import { startEmulator } from '../../emulator/server.js';
import { loadLogs } from '../../emulator/logs-query.js';
import { DataError } from '../../kql/exec/data.js';
import { loadSchemas } from '../../kql/schemas.js';
import { statSync } from 'node:fs';
import { loadTemplates } from '../../emulator/templates.js';
import { UsageError } from '../../errors.js';
import { type Args, type Command } from '../command.js';
import type { CliIo } from '../io.js';
import { ExitCode } from '../../errors.js';

function rate(args: Args, name: string): number | undefined {
  const v = args[name] as number | undefined;
  if (v === undefined) return undefined;
  if (!(v >= 0 && v <= 1)) throw new UsageError(`--${name} must be a number between 0 and 1, got ${String(v)}`);
  return v;
}

function nonNegative(args: Args, name: string): number | undefined {
  const v = args[name] as number | undefined;
  if (v !== undefined && !(Number.isInteger(v) && v >= 0))
    throw new UsageError(`--${name} must be a whole number >= 0`);
  return v;
}

export function parseThrottle(text: string): { burst: number; perSecond: number } {
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text.trim());
  const burst = Number(m?.[1]);
  const perSecond = Number(m?.[2]);
  if (!m || burst < 1 || perSecond <= 0)
    throw new UsageError(
      `--throttle must be BURST/PER_SECOND with BURST >= 1 and PER_SECOND > 0 (e.g. 20/10), got "${text}"`,
    );
  return { burst, perSecond };
}

export function emulatorOptions(args: Args, cwd: string): EmulatorOptions {
  const throttle = args.throttle as string | undefined;
  const data = args.data as string | undefined;
  const error500Rate = rate(args, 'fail-rate');
  const dropRate = rate(args, 'drop-rate');
  const seed = args.seed as number | undefined;
  const port = nonNegative(args, 'port');
  if (port !== undefined && port > 65535) throw new UsageError('--port must be at most 65535');
  const pageSize = nonNegative(args, 'page-size');
  if (pageSize === 0) throw new UsageError('--page-size must be at least 1');
  return {
    port: port ?? 0,
    ...(data ? { dataFile: path.resolve(cwd, data) } : {}),
    ...(args.token ? { token: args.token as string } : {}),
    ...(args.latency !== undefined ? { latencyMs: nonNegative(args, 'latency') } : {}),
    ...(throttle
      ? { throttle: { ...parseThrottle(throttle), scope: args['throttle-scope'] as 'writes' | 'all' } }
      : {}),
    // Each rate works alone; the one not given is 0.
    ...(error500Rate || dropRate
      ? {
          faults: { error500Rate: error500Rate ?? 0, dropRate: dropRate ?? 0, ...(seed !== undefined ? { seed } : {}) },
        }
      : {}),
    ...(pageSize ? { pageSize } : {}),
    ...(typeof args.logs === 'string' ? { logs: logsOption(args.logs, cwd) } : {}),
  };
}

/** `--logs DIR`: the tables the query API answers from, typed by the schemas `query --data` uses. */
export function logsOption(dir: string, cwd: string): NonNullable<EmulatorOptions['logs']> {
  const abs = path.resolve(cwd, dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`--logs ${dir}: not a folder (give a folder of Table.json/.jsonl/.csv files)`);
  try {
    return loadLogs(abs, loadSchemas(cwd));
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(`--logs: ${e.message.replaceAll(cwd + path.sep, '')}`);
    throw e;
  }
}

function untilSignal(): Promise<string> {
  return new Promise(resolve => {
    const on = (signal: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Starts the emulator, says where it is, and serves until `stop()` settles (a signal, in the CLI). */
export async function runEmulator(
  options: EmulatorOptions,
  caOut: string | undefined,
  io: CliIo,
  stop: () => Promise<string>,
): Promise<ExitCode> {
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UsageError(`port ${options.port ?? 0} is already in use`);
    throw new UsageError(err.message);
  }
  const caFile = caOut
    ? path.resolve(io.cwd, caOut)
    : path.join(os.tmpdir(), `rulectl-emulator-${emulator.port}-ca.pem`);
  try {
    await writeFileAtomic(caFile, emulator.ca);
  } catch (e) {
    await emulator.close();
    throw new UsageError(`cannot write the certificate to ${caFile}: ${(e as Error).message}`);
  }
  io.stdout(
    [
      `rulectl emulator listening on ${emulator.url}`,
      `  certificate: ${caFile} (rulectl deploy / schemas pull: --emulator-ca ${caFile})`,
      `  token: ${emulator.token === DEFAULT_TOKEN ? DEFAULT_TOKEN : '(as given by --token)'}`,
      ...(options.dataFile ? [`  data: ${options.dataFile}`] : []),
      ...(options.logs
        ? [
            `  logs: ${[...options.logs.data.tables].map(([n, t]) => `${n} (${t.rows.length})`).join(', ') || 'no tables'}; query API ${emulator.url}/v1`,
          ]
        : []),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const signal = await stop();
  await emulator.close();
  if (!caOut) await rm(caFile, { force: true });
  const s = emulator.stats();
  io.stdout(
    `rulectl emulator stopped (${signal}): ${s.writes} writes, ${s.reads} reads, ${s.deletes} deletes, ${s.throttled} throttled\n`,
  );
  return ExitCode.Ok;
}

export const emulatorCommand: Command = {
  command: 'emulator',
  describe:
    'Run a local HTTPS SecurityInsights alertRules endpoint and Log Analytics query API (offline demo and tests)',
  builder: y =>
    y
      .option('port', { type: 'number', describe: 'Port on 127.0.0.1 (0 = any free port)', default: 0 })
      .option('data', { type: 'string', describe: 'Persist the workspaces to this JSON file (atomic writes)' })
      .option('latency', { type: 'number', describe: 'Milliseconds added to every response' })
      .option('throttle', { type: 'string', describe: 'Token bucket BURST/PER_SECOND: 429 + Retry-After when empty' })
      .option('throttle-scope', {
        choices: ['writes', 'all'],
        default: 'writes',
        describe: 'Requests the bucket meters',
      })
      .option('fail-rate', { type: 'number', describe: 'Share of requests answered 500 (0-1)' })
      .option('drop-rate', { type: 'number', describe: 'Share of requests whose connection is dropped (0-1)' })
      .option('seed', { type: 'number', describe: 'Seed for --fail-rate/--drop-rate (reproducible runs)' })
      .option('page-size', { type: 'number', describe: 'LIST page size (nextLink paging); default: one page' })
      .option('token', { type: 'string', describe: `Bearer token to accept (default ${DEFAULT_TOKEN})` })
      .option('logs', {
        type: 'string',
        describe: 'Folder of log tables (Table.json/.jsonl/.csv, as query --data) the Log Analytics query API serves',
      })
      .option('templates', {
        type: 'string',
        describe: 'Serve the alert rule templates in this folder of JSON files (alertRuleTemplates API)',
      })
      .option('ca-out', { type: 'string', describe: 'Write the certificate clients must trust to this file' })
      .example('$0 emulator --port 8443 --data .emulator.json', 'A persistent emulator on a fixed port')
      .example('$0 emulator --throttle 20/10 --latency 50', 'ARM-like throttling and latency')
      .example('$0 emulator --logs samples/', 'Also answer Log Analytics queries over the tables in samples/'),
  async run(args, io) {
    const options = emulatorOptions(args, io.cwd);
    const templates = args.templates as string | undefined;
    if (templates) options.templates = await loadTemplates(path.resolve(io.cwd, templates));
    return runEmulator(options, args['ca-out'] as string | undefined, io, untilSignal);
  },
};
