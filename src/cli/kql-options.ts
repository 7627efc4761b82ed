// The --kql, --schema-dir and --cache-dir options, shared by every command that validates rules.
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import { repositoryRoot } from '../config/root.js';
import type { KqlOptions } from '../kql/analyze-queries.js';
import { schemaSubdirs } from '../kql/schema-files.js';
import { UsageError } from '../errors.js';
import { type Args } from './command.js';
import type { CliIo } from './io.js';

export function withKqlOptions(y: Argv, defaultMode: 'full' | 'syntax' | 'off' = 'full'): Argv {
  return y
    .option('kql', {
      choices: ['full', 'syntax', 'off'],
      default: defaultMode,
      describe: 'KQL analysis: syntax and schemas (full), syntax only, or none',
    })
    .option('schema-dir', {
      type: 'string',
      array: true,
      describe: 'More table/function schemas (tables/ + functions/, or CustomTables/ + CustomFunctions/)',
    })
    .option('cache-dir', {
      type: 'string',
      describe: 'Where KQL analyses are cached (default: .rulectl-cache in the repository; "" turns it off)',
    });
}

/** A progress line on an interactive stderr, redrawn at most every 100 ms; nothing in CI logs. */
function progressLine(io: CliIo): KqlOptions['progress'] {
  if (!io.isTTY || io.env.CI) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    io.stderr(done < total ? `\rkql: ${done}/${total} queries` : '\r\x1b[K');
  };
}

/** A --schema-dir that holds nothing rulectl reads is a mistake (often `schemas/tables` for `schemas`), not a no-op. */
function checkSchemaDir(dir: string, cwd: string): void {
  const abs = path.resolve(cwd, dir);
  const info = statSync(abs, { throwIfNoEntry: false });
  if (!info) throw new UsageError(`--schema-dir ${dir}: no such folder`);
  if (!info.isDirectory()) throw new UsageError(`--schema-dir ${dir}: not a folder`);
  const { tablesDir, functionsDir } = schemaSubdirs(abs);
  if (!tablesDir && !functionsDir)
    throw new UsageError(
      `--schema-dir ${dir} holds no tables/ or functions/ folder (nor CustomTables/, CustomFunctions/)`,
    );
}

/**
 * The KQL stage's options. The repository that holds the first rule path (see repositoryRoot) gives the schemas/
 * and the cache, so a run from another folder sees the same schemas; paths given as flags are relative to cwd.
 */
export function kqlOptionsFromArgs(args: Args, io: CliIo): KqlOptions {
  const mode = (args.kql as KqlOptions['mode'] | undefined) ?? 'full';
  const root = repositoryRoot((args.paths as string[] | undefined)?.[0] ?? '.', io.cwd);
  const cacheArg = args['cache-dir'] as string | undefined;
  const cacheDir =
    cacheArg === undefined ? path.join(root, '.rulectl-cache') : cacheArg && path.resolve(io.cwd, cacheArg);
  const progress = progressLine(io);
  // For the benchmark: where to write the stage's figures (time inside Kusto.Language, cache hits).
  const statsFile = io.env.RULECTL_KQL_STATS;
  const schemaDirs = (args['schema-dir'] as string[] | undefined) ?? [];
  for (const dir of schemaDirs) checkSchemaDir(dir, io.cwd);
  return {
    mode,
    cwd: io.cwd,
    root,
    schemaDirs,
    ...(cacheDir ? { cacheDir } : {}),
    ...(progress ? { progress } : {}),
    ...(statsFile ? { done: stats => writeFileSync(path.resolve(io.cwd, statsFile), JSON.stringify(stats)) } : {}),
  };
}
