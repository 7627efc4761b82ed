// `rulectl query`: runs one query with rulectl's KQL engine over sample tables from files, offline.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineIndex } from '../../diagnostics/line-index.js';
import { DataError, readDataSet, type DataSet } from '../../kql/exec/data.js';
import { ExecError } from '../../kql/exec/errors.js';
import { runQuery, type QueryProblem } from '../../kql/exec/run.js';
import { parseDatetime, toApiTable, type ApiValue } from '../../kql/exec/values.js';
import { querySourceMap } from '../../kql/query-source-map.js';
import { loadSchemas } from '../../kql/schemas.js';
import { parseRuleText } from '../../rules/parse-rule.js';
import { displayPath, reason } from '../../rules/load.js';
import { printable } from '../../report/terminal-text.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';
import type { CliIo } from '../io.js';

const FORMATS = ['table', 'json', 'csv'] as const;

type Format = (typeof FORMATS)[number];

interface QuerySource {
  text: string;
  /** Display name for positions (`file:line:col`). */
  name: string;
  /** File position of a query offset. */
  position(offset: number): { line: number; column: number };
}

export const queryCommand: Command = {
  command: 'query [file]',
  describe: "Run a query on sample tables with rulectl's KQL engine (offline)",
  builder: y =>
    y
      .positional('file', {
        type: 'string',
        describe: 'A .kql file, a rule .yaml (its query), or - for standard input',
      })
      .option('query', { alias: 'q', type: 'string', describe: 'The query text itself, instead of a file' })
      .option('data', {
        alias: 'd',
        type: 'string',
        array: true,
        default: [],
        describe: 'Table files (Table.json, Table.jsonl, Table.csv) or folders of them; watchlists/<alias>.csv',
      })
      .option('now', { type: 'string', describe: 'The time now() and ago() see (ISO 8601; default: the current time)' })
      .option('format', { alias: 'f', choices: FORMATS, default: 'table', describe: 'Output format' })
      .option('schema-dir', { type: 'string', array: true, describe: 'More table/function schemas (as validate)' })
      .example('$0 query hunt.kql --data samples/', 'Run a query on the tables in samples/')
      .example(
        '$0 query rules/x.yaml -d samples/SecurityEvent.jsonl --now 2024-01-15T12:00:00Z -f json',
        "A rule's query",
      ),
  run(args, io) {
    const format = (args.format as Format | undefined) ?? 'table';
    const source = readSource(args.file as string | undefined, args.query as string | undefined, io);
    let now = BigInt(Date.now()) * 10_000n;
    if (typeof args.now === 'string') {
      const bad = () =>
        new UsageError(`--now ${JSON.stringify(args.now)} is not a datetime (e.g. 2024-01-15T12:00:00Z)`);
      let t: bigint | undefined;
      try {
        t = parseDatetime(args.now);
      } catch (e) {
        // Text the engine refuses to read (a time without a date, 5/1/2023) is a bad --now too.
        if (e instanceof ExecError) throw bad();
        throw e;
      }
      if (t === undefined) throw bad();
      now = t;
    }
    const schemaDirs = ((args['schema-dir'] as string[] | undefined) ?? []).map(d => path.resolve(io.cwd, d));
    const schemas = loadSchemas(io.cwd, schemaDirs);
    const byName = new Map(schemas.tables.map(t => [t.name.toLowerCase(), t.columns]));
    let data: DataSet;
    try {
      data = readDataSet(
        ((args.data as string[] | undefined) ?? []).map(p => path.resolve(io.cwd, p)),
        name => byName.get(name.toLowerCase()),
      );
    } catch (e) {
      if (e instanceof DataError) throw new UsageError(e.message.replaceAll(io.cwd + path.sep, ''));
      throw e;
    }
    const result = runQuery({ query: source.text, now, tables: data.tables, watchlists: data.watchlists, schemas });
    if (!result.ok) {
      for (const p of result.problems) io.stderr(problemLine(source, p));
      return Promise.resolve(ExitCode.Findings);
    }
    // No row reached these in this run, so the answer stands; the same query over other rows would be refused.
    for (const p of result.waiting) io.stderr(problemLine(source, p, 'warning', 'no row reached it in this run'));
    const table = toApiTable(result.table);
    if (format === 'json') io.stdout(`${JSON.stringify({ tables: [table] })}\n`);
    else if (format === 'csv')
      io.stdout(
        toCsv(
          table.columns.map(c => c.name),
          table.rows,
        ),
      );
    else
      io.stdout(
        toGrid(
          table.columns.map(c => c.name),
          table.rows,
        ),
      );
    return Promise.resolve(ExitCode.Ok);
  },
};

function readSource(file: string | undefined, inline: string | undefined, io: CliIo): QuerySource {
  if (inline !== undefined && file !== undefined) throw new UsageError('give a query file or --query, not both');
  if (inline !== undefined) return textSource(inline, '<query>');
  if (file === undefined) throw new UsageError('name a query file, - for standard input, or --query TEXT');
  if (file === '-') return textSource(readStdin(), '<stdin>');
  const abs = path.resolve(io.cwd, file);
  const name = displayPath(abs, io.cwd);
  let bytes: Buffer;
  try {
    if (!statSync(abs).isFile()) throw new UsageError(`${name} is not a file`);
    bytes = readFileSync(abs);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${name}: ${reason(e)}`);
  }
  if (/\.ya?ml$/i.test(file)) {
    const { rule, diagnostics } = parseRuleText(name, abs, bytes);
    const query = rule.data?.query;
    if (!rule.data || typeof query !== 'string') {
      const why = diagnostics[0]?.message ?? 'it has no query';
      throw new UsageError(`${name}: cannot read the rule's query: ${why}`);
    }
    return { text: query, name, position: querySourceMap(rule, query) };
  }
  return textSource(bytes.toString('utf8').replace(/^\uFEFF/, ''), name);
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read standard input: ${reason(e)}`);
  }
}

function textSource(text: string, name: string): QuerySource {
  const lines = new LineIndex(text);
  return { text, name, position: offset => lines.position(offset) };
}

function problemLine(source: QuerySource, p: QueryProblem, severity = 'error', note = ''): string {
  const at = source.position(p.start);
  const id = p.kind === 'syntax' ? 'kql-syntax' : p.kind === 'semantic' ? 'kql-semantic' : `kql-${p.kind}`;
  const message = note ? `${p.message}; ${note}` : p.message;
  return `${printable(source.name)}:${at.line}:${at.column}: ${severity}: ${printable(message)} [${id}]\n`;
}

const cellText = (v: ApiValue) => (v === null ? '' : typeof v === 'string' ? v : String(v));

function toCsv(names: string[], rows: ApiValue[][]): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [names, ...rows.map(r => r.map(cellText))].map(r => r.map(cell).join(',')).join('\n') + '\n';
}

/** A plain-text grid: one line per row, columns padded; control characters shown as escapes. */
function toGrid(names: string[], rows: ApiValue[][]): string {
  const cells = [names, ...rows.map(r => r.map(v => printable(cellText(v))))];
  const widths = names.map((_, j) => Math.min(80, Math.max(...cells.map(r => (r[j] ?? '').length))));
  const line = (r: string[]) =>
    r
      .map((c, j) => (c.length > widths[j]! ? `${c.slice(0, widths[j]! - 1)}…` : c.padEnd(widths[j]!)))
      .join(' │ ')
      .trimEnd();
  const rule = widths.map(w => '─'.repeat(w)).join('─┼─');
  const footer = `(${rows.length} row${rows.length === 1 ? '' : 's'})`;
  return [line(names), rule, ...cells.slice(1).map(line), footer].join('\n') + '\n';
}
