// The shape of rulectl.yaml (named workspaces, their overrides, deploy defaults) and how it is read.
import { displayPath, reason } from '../rules/load.js';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import { UsageError } from '../errors.js';
import { expansionProblem, MAX_FILE_BYTES } from '../rules/parse-rule.js';
import { DocumentPositions } from '../rules/positions.js';
import { printable } from '../report/terminal-text.js';
import { repositoryRoot } from './root.js';
import { checkConfig, type OnDrift } from './validate-config.js';

export type { OnDrift };

export const CONFIG_FILE = 'rulectl.yaml';
/**
 * Ownership records name this repository; without `repository:` in rulectl.yaml this is used. Pruning refuses it:
 * every repository that leaves `repository:` out would own, and so prune, the others' rules.
 */
export const DEFAULT_REPOSITORY = 'rulectl';

export interface Overrides {
  /** Prepended to every rule's displayName in this workspace. */
  namePrefix?: string;
  /** One severity for every rule, or a severity per rule id. */
  severity?: string | Record<string, string>;
  /** Rule ids deployed with `enabled: false`. */
  disabled?: string[];
  /** Rule ids not deployed to this workspace at all (with prune, an owned copy is deleted). */
  exclude?: string[];
}

export interface WorkspaceConfig {
  name: string;
  subscription: string;
  resourceGroup: string;
  workspace: string;
  /** ARM endpoint for sovereign clouds, e.g. https://management.usgovcloudapi.net. */
  endpoint?: string;
  /** `embedded`: run the emulator in-process; a URL: an emulator already running there. */
  emulator?: string;
  /** Persistence file for the embedded emulator. */
  data?: string;
  prune: boolean;
  /** What deploy does with a rule changed in the workspace since this repository deployed it; default overwrite. */
  onDrift?: OnDrift;
  /** GitHub Actions environment for the deploy matrix; defaults to the workspace name. */
  environment: string;
  overrides: Overrides;
}

export interface DeployDefaults {
  paths: string[];
  apiVersion?: string;
  defaultStable?: string;
  defaultPreview?: string;
  concurrency: number;
}

export interface RulectlConfig {
  /** Absolute path of the file, or undefined when there is none. */
  file?: string;
  /** As written in rulectl.yaml; undefined when it is not (then DEFAULT_REPOSITORY, and no pruning). */
  repository?: string;
  defaultWorkspace?: string;
  defaults: DeployDefaults;
  workspaces: WorkspaceConfig[];
  /** `tests: { required: true }`: `rulectl test` requires every rule to have a firing and a quiet case. */
  tests?: { required: boolean };
}

export const EMPTY_CONFIG: RulectlConfig = {
  defaults: { paths: ['rules'], concurrency: 4 },
  workspaces: [],
};

/** A configuration problem, printed as `rulectl.yaml:line:col: message` and exit 2. */
export class ConfigError extends UsageError {}

/** Parses and checks config text; `file` is the display name used in messages. */
export function parseConfig(text: string, file: string): RulectlConfig {
  let data: unknown;
  // Nothing but comments is an empty configuration, as a missing file is (js-yaml refuses an empty document).
  const blank = text.split('\n').every(l => !l.trim() || l.trim().startsWith('#'));
  try {
    data = blank ? {} : loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const where = `${file}:${(e.mark?.line ?? 0) + 1}:${(e.mark?.column ?? 0) + 1}`;
    throw new ConfigError(`${where}: ${e.reason || e.message}`);
  }
  // The same bounds as a rule file's: checkConfig walks, copies and quotes whatever the aliases expand to.
  const expanded = expansionProblem(data);
  if (expanded) throw new ConfigError(`${file}:1:1: ${expanded.message}; ${expanded.hint}`);
  const result = checkConfig(data ?? {});
  if (result.problems.length) {
    const positions = new DocumentPositions(text);
    const lines = result.problems
      .map(p => ({ ...positions.rangeOf(p.path, p.anchor ?? 'value').start, message: p.message }))
      .sort((a, b) => a.line - b.line || a.column - b.column)
      // Messages quote keys and values of the file: one line each, shown, never obeyed (terminal, Actions log).
      .map(p => `${file}:${p.line}:${p.column}: ${printable(p.message)}`);
    throw new ConfigError(`invalid configuration\n${lines.join('\n')}`);
  }
  return result.config;
}

/**
 * Reads `--config FILE`, else the rulectl.yaml of the repository that holds `from` (a rule path; the current folder
 * by default), found upward (see repositoryRoot). A missing file is an empty configuration, an unreadable one
 * exit 2. Paths in it (`defaults.paths`, `data:`) are relative to its folder; they come back relative to `cwd`.
 */
export async function loadConfig(cwd: string, explicit?: string, from = cwd): Promise<RulectlConfig> {
  const abs = explicit ? path.resolve(cwd, explicit) : path.join(repositoryRoot(from, cwd), CONFIG_FILE);
  const shown = explicit ?? displayPath(abs, cwd);
  let text: string;
  try {
    const { size } = await stat(abs);
    if (size > MAX_FILE_BYTES) throw new ConfigError(`${shown} is ${size} bytes; the limit is ${MAX_FILE_BYTES}`);
    text = await readFile(abs, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return EMPTY_CONFIG;
    throw new ConfigError(`cannot read ${shown}: ${reason(e)}`);
  }
  const config = parseConfig(text.replace(/^\uFEFF/, ''), shown);
  const here = (p: string) => path.relative(cwd, path.resolve(path.dirname(abs), p)) || '.';
  return {
    ...config,
    file: abs,
    defaults: { ...config.defaults, paths: config.defaults.paths.map(here) },
    workspaces: config.workspaces.map(w => (w.data ? { ...w, data: here(w.data) } : w)),
  };
}
