// Entry point: parse argv with yargs, dispatch to one command, map every failure to an exit code.
import yargs from 'yargs';
import type { Command } from './command.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../errors.js';
import { processIo, type CliIo } from './io.js';
import { InputError } from '../rules/load.js';
import { closest, editDistance } from '../validate/suggest.js';
import { toolVersion } from '../version.js';

/**
 * Every command, by name, loaded on demand: `validate` must not pay for importing the Azure SDK (seconds on a
 * busy machine). Help, typos and unknown names load them all.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  'build-arm': async () => (await import('./commands/build-arm.js')).buildArmCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  pull: async () => (await import('./commands/pull.js')).pullCommand,
  templates: async () => (await import('./commands/templates.js')).templatesCommand,
  deploy: async () => (await import('./commands/deploy.js')).deployCommand,
  workspaces: async () => (await import('./commands/workspaces.js')).workspacesCommand,
  emulator: async () => (await import('./commands/emulator.js')).emulatorCommand,
  start: async () => (await import('./commands/start.js')).startCommand,
  checks: async () => (await import('./commands/checks.js')).checksCommand,
  schemas: async () => (await import('./commands/schemas.js')).schemasCommand,
  query: async () => (await import('./commands/query.js')).queryCommand,
  test: async () => (await import('./commands/test.js')).testCommand,
  survey: async () => (await import('./commands/survey.js')).surveyCommand,
};

/** The commands this argv can need: the one it names, or all of them. */
export async function loadCommands(argv: readonly string[]): Promise<Command[]> {
  const name = argv.find(a => !a.startsWith('-'));
  const one = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  return Promise.all(one ? [one()] : Object.values(COMMANDS).map(load => load()));
}

/** The part of yargs' own option table that its typings leave out. */
interface YargsOptions {
  array: string[];
  key: Record<string, boolean>;
}

/**
 * yargs' "Unknown argument(s): a, b" in rulectl's words, with the command or option the first one most likely
 * meant. `options` are the running command's option names (with their aliases).
 */
function unknownArguments(failure: string, argv: readonly string[], options: readonly string[]): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(failure)?.[1]?.split(', ');
  if (!unknown?.length) return failure;
  const command = argv.find(a => !a.startsWith('-'));
  const known = command !== undefined && Object.hasOwn(COMMANDS, command);
  const first = unknown[0] ?? '';
  const isOption = argv.some(a => a === `--${first}` || a.startsWith(`--${first}=`) || a === `-${first}`);
  if (isOption) {
    const dash = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);
    // yargs adds a camelCase twin of every dashed option; users type the dashed one. Option names are short, so
    // two edits (`fromat`, a transposition) still say which one was meant.
    const scored = options
      .filter(o => !/[A-Z]/.test(o))
      .map(o => ({ o, d: editDistance(first.toLowerCase(), o) }))
      .sort((a, b) => a.d - b.d);
    const near =
      first.length > 2 && scored[0] && scored[0].d <= Math.max(2, Math.floor(first.length / 4))
        ? scored[0].o
        : undefined;
    const help = known ? `rulectl ${command} --help` : 'rulectl --help';
    return `unknown option ${dash(first)}${near ? `; did you mean ${dash(near)}?` : ''} (see ${help})`;
  }
  if (!known && command !== undefined) {
    const near = closest(command, Object.keys(COMMANDS));
    return `unknown command "${command}"${near ? `; did you mean "${near}"?` : ''} (see rulectl --help)`;
  }
  return failure;
}

/**
 * argv with `--` resolved: every argument after it is an operand (a path, for every command that takes them), so
 * one that starts with `-` gets `./` to keep it from reading as an option; yargs then places it as it places others.
 */
export function operandsAfterDashDash(argv: readonly string[]): string[] {
  const cut = argv.indexOf('--');
  if (cut < 0) return [...argv];
  return [...argv.slice(0, cut), ...argv.slice(cut + 1).map(a => (a.startsWith('-') ? `./${a}` : a))];
}

export async function runCli(rawArgv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const argv = operandsAfterDashDash(rawArgv);
  // Answered before the commands are loaded (seconds on a busy machine).
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    io.stdout(`${toolVersion()}\n`);
    return ExitCode.Ok;
  }
  let repeated: string | undefined;
  let options: string[] = [];
  let parser = yargs()
    .scriptName('rulectl')
    .usage('$0 <command> [options]\n\nMicrosoft Sentinel analytic rules as code.')
    .strict()
    .demandCommand(1, 'Name a command; see rulectl --help')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version('version', 'Show the version', toolVersion())
    .alias('v', 'version')
    .wrap(Math.min(110, process.stdout.columns || 100))
    // yargs makes a repeated single-valued option a list, which each command would read as garbage or ignore
    // (`--format github --format sarif` printed stylish): such an option is refused below, by name.
    .middleware(parsed => {
      // The root instance carries the running command's options while it parses (yargs reuses one instance).
      const { array, key } = (parser as unknown as { getOptions(): YargsOptions }).getOptions();
      repeated ??= Object.keys(parsed).find(
        k => k.length > 1 && Object.hasOwn(key, k) && !array.includes(k) && Array.isArray(parsed[k]),
      );
    });
  const commands = await loadCommands(argv);
  for (const c of commands) parser = parser.command(c.command, c.describe, y => c.builder(y));

  let failure: string | undefined;
  let output = '';
  const args = await new Promise<Record<string, unknown> | undefined>(resolve => {
    void parser
      .fail((msg, err) => {
        failure = msg || err?.message || 'invalid arguments';
        // While it fails, the instance still holds the running command's options.
        options = Object.keys((parser as unknown as { getOptions(): YargsOptions }).getOptions().key);
      })
      .parse([...argv], {}, (err, parsed, out) => {
        if (err && !failure) failure = err.message;
        output = out;
        resolve(parsed);
      });
  });
  if (repeated && !failure) failure = `--${repeated} is given more than once; give it once`;
  if (failure) {
    failure = unknownArguments(failure, argv, options);
    io.stderr(`${output ? output + '\n\n' : ''}rulectl: ${failure}\n`);
    return ExitCode.Usage;
  }
  if (output) {
    io.stdout(output + '\n');
    return ExitCode.Ok;
  }
  const first = (args?._ as unknown[] | undefined)?.[0];
  const name = typeof first === 'string' ? first : '';
  const command = commands.find(c => c.command.split(' ')[0] === name);
  if (!command || !args) {
    io.stderr(`rulectl: unknown command "${name}"\n`);
    return ExitCode.Usage;
  }
  try {
    return await command.run(args as Parameters<Command['run']>[0], io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr(`rulectl: ${e.message}\n`);
      return ExitCode.Usage;
    }
    // Anything else is a bug in rulectl; the stack is shown only on request.
    io.stderr(`rulectl: internal error: ${(e as Error).message}\n`);
    if (io.env.RULECTL_DEBUG) io.stderr(`${(e as Error).stack ?? ''}\n`);
    return ExitCode.Usage;
  }
}
