// Checks raw rulectl.yaml data field by field and returns the typed configuration or the problems, each at a path.
import type { DocPath } from '../diagnostics/diagnostic.js';
import type { Anchor } from '../rules/positions.js';
import { SEVERITIES } from '../api/enums.js';
import { API_VERSIONS, unknownVersionHint } from '../api/versions.js';
import { closest } from '../validate/suggest.js';
import { isRecord } from '../rules/model.js';
import type { Overrides, RulectlConfig, WorkspaceConfig } from './config.js';

export interface ConfigProblem {
  path: DocPath;
  message: string;
  anchor?: Anchor;
}

/**
 * A rule changed in the workspace since this repository deployed it: `overwrite` it with the repository's version,
 * `keep` the workspace's (the rule is left as it is; `pull --drifted` brings the change into the repository), or
 * `fail` the deploy before anything is written.
 */
export const ON_DRIFT = ['overwrite', 'keep', 'fail'] as const;
export type OnDrift = (typeof ON_DRIFT)[number];

const TOP_KEYS = ['repository', 'default', 'defaults', 'workspaces', 'tests'];
const TESTS_KEYS = ['required'];
const DEFAULT_KEYS = ['paths', 'apiVersion', 'defaultStable', 'defaultPreview', 'concurrency'];
const WORKSPACE_KEYS = [
  'subscription',
  'resourceGroup',
  'workspace',
  'endpoint',
  'emulator',
  'data',
  'prune',
  'onDrift',
  'environment',
  'overrides',
];
const OVERRIDE_KEYS = ['namePrefix', 'severity', 'disabled', 'exclude'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$/;

class Checker {
  problems: ConfigProblem[] = [];

  fail(path: DocPath, message: string, anchor?: Anchor): undefined {
    this.problems.push({ path, message, ...(anchor ? { anchor } : {}) });
    return undefined;
  }

  keys(value: Record<string, unknown>, allowed: readonly string[], at: DocPath): void {
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const near = closest(key, allowed);
      this.fail([...at, key], `unknown key "${key}"${near ? `; did you mean "${near}"?` : ''}`, 'key');
    }
  }

  string(value: unknown, at: DocPath, pattern?: RegExp, what?: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !value) return this.fail(at, `${at.join('.')}: expected a non-empty string`);
    if (pattern && !pattern.test(value)) return this.fail(at, `${at.join('.')}: "${value}" is not ${what ?? 'valid'}`);
    return value;
  }

  required(value: unknown, at: DocPath, pattern?: RegExp, what?: string): string {
    if (value === undefined) {
      this.fail(at.slice(0, -1), `${at.join('.')}: required`, 'key');
      return '';
    }
    return this.string(value, at, pattern, what) ?? '';
  }

  ids(value: unknown, at: DocPath): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every(v => typeof v === 'string'))
      return this.fail(at, `${at.join('.')}: expected a list of rule ids`);
    return value;
  }

  version(value: unknown, at: DocPath): string | undefined {
    const v = this.string(value, at);
    if (v !== undefined && !API_VERSIONS.has(v)) {
      return this.fail(at, `${at.join('.')}: unknown alertRules api-version "${v}"${unknownVersionHint(v)}`);
    }
    return v;
  }

  severity(value: unknown, at: DocPath): boolean {
    if (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)) return true;
    this.fail(at, `${at.join('.')}: expected one of ${SEVERITIES.join(', ')}`);
    return false;
  }
}

function overrides(c: Checker, value: unknown, at: DocPath): Overrides {
  if (value === undefined) return {};
  if (!isRecord(value)) return c.fail(at, `${at.join('.')}: expected a mapping`) ?? {};
  c.keys(value, OVERRIDE_KEYS, at);
  const out: Overrides = {};
  const prefix = c.string(value.namePrefix, [...at, 'namePrefix']);
  if (prefix !== undefined) out.namePrefix = prefix;
  const sev = value.severity;
  if (typeof sev === 'string') {
    if (c.severity(sev, [...at, 'severity'])) out.severity = sev;
  } else if (isRecord(sev)) {
    if (Object.entries(sev).every(([id, s]) => c.severity(s, [...at, 'severity', id])))
      out.severity = sev as Record<string, string>;
  } else if (sev !== undefined)
    c.fail([...at, 'severity'], `${at.join('.')}.severity: expected a severity or a map of rule id to severity`);
  const disabled = c.ids(value.disabled, [...at, 'disabled']);
  if (disabled) out.disabled = disabled;
  const exclude = c.ids(value.exclude, [...at, 'exclude']);
  if (exclude) out.exclude = exclude;
  return out;
}

function workspace(c: Checker, name: string, value: unknown): WorkspaceConfig | undefined {
  const at = ['workspaces', name];
  if (!NAME.test(name)) c.fail(at, `workspace name "${name}" may use letters, digits, ".", "_" and "-"`, 'key');
  if (!isRecord(value)) return c.fail(at, `workspaces.${name}: expected a mapping`);
  c.keys(value, WORKSPACE_KEYS, at);
  const emulator = c.string(
    value.emulator,
    [...at, 'emulator'],
    /^(embedded|https:\/\/.+)$/,
    'embedded or an https URL',
  );
  const local = emulator !== undefined;
  // An emulator workspace needs no Azure coordinates; placeholders keep the resource ids well-formed.
  const subscription = local
    ? (c.string(value.subscription, [...at, 'subscription']) ?? '00000000-0000-0000-0000-000000000000')
    : c.required(value.subscription, [...at, 'subscription']);
  const resourceGroup = local
    ? (c.string(value.resourceGroup, [...at, 'resourceGroup']) ?? 'rulectl')
    : c.required(value.resourceGroup, [...at, 'resourceGroup']);
  const ws = local
    ? (c.string(value.workspace, [...at, 'workspace'], WORKSPACE_NAME, 'a Log Analytics workspace name') ??
      name.replace(/[^A-Za-z0-9-]/g, '-').padEnd(3, '0'))
    : c.required(value.workspace, [...at, 'workspace'], WORKSPACE_NAME, 'a Log Analytics workspace name');
  const endpoint = c.string(value.endpoint, [...at, 'endpoint'], /^https:\/\/[^\s]+$/, 'an https URL');
  const data = c.string(value.data, [...at, 'data']);
  if (value.prune !== undefined && typeof value.prune !== 'boolean')
    c.fail([...at, 'prune'], `${at.join('.')}.prune: expected true or false`);
  const onDrift = c.string(value.onDrift, [...at, 'onDrift']);
  if (onDrift !== undefined && !(ON_DRIFT as readonly string[]).includes(onDrift))
    c.fail([...at, 'onDrift'], `${at.join('.')}.onDrift: expected ${ON_DRIFT.join(', ')}`);
  const environment = c.string(value.environment, [...at, 'environment']) ?? name;
  return {
    name,
    subscription,
    resourceGroup,
    workspace: ws,
    ...(endpoint ? { endpoint } : {}),
    ...(emulator ? { emulator } : {}),
    ...(data ? { data } : {}),
    prune: value.prune === true,
    ...(onDrift && (ON_DRIFT as readonly string[]).includes(onDrift) ? { onDrift: onDrift as OnDrift } : {}),
    environment,
    overrides: overrides(c, value.overrides, [...at, 'overrides']),
  };
}

export function checkConfig(data: unknown): { config: RulectlConfig; problems: ConfigProblem[] } {
  const c = new Checker();
  const config: RulectlConfig = {
    defaults: { paths: ['rules'], concurrency: 4 },
    workspaces: [],
  };
  if (!isRecord(data)) {
    c.fail([], 'rulectl.yaml must be a mapping with "workspaces:"');
    return { config, problems: c.problems };
  }
  c.keys(data, TOP_KEYS, []);
  const repository = c.string(data.repository, ['repository'], NAME, 'a repository id (letters, digits, . _ -)');
  if (repository !== undefined) config.repository = repository;
  const d = data.defaults;
  if (isRecord(d)) {
    c.keys(d, DEFAULT_KEYS, ['defaults']);
    if (d.paths !== undefined) {
      if (Array.isArray(d.paths) && d.paths.length && d.paths.every(p => typeof p === 'string'))
        config.defaults.paths = d.paths;
      else c.fail(['defaults', 'paths'], 'defaults.paths: expected a list of files or folders');
    }
    for (const key of ['apiVersion', 'defaultStable', 'defaultPreview'] as const) {
      const v = c.version(d[key], ['defaults', key]);
      if (v) config.defaults[key] = v;
    }
    if (d.concurrency !== undefined) {
      if (Number.isInteger(d.concurrency) && (d.concurrency as number) >= 1 && (d.concurrency as number) <= 64)
        config.defaults.concurrency = d.concurrency as number;
      else c.fail(['defaults', 'concurrency'], 'defaults.concurrency: expected a whole number from 1 to 64');
    }
  } else if (d !== undefined) c.fail(['defaults'], 'defaults: expected a mapping');
  const t = data.tests;
  if (isRecord(t)) {
    c.keys(t, TESTS_KEYS, ['tests']);
    if (typeof t.required === 'boolean') config.tests = { required: t.required };
    else if (t.required !== undefined) c.fail(['tests', 'required'], 'tests.required: expected true or false');
  } else if (t !== undefined) c.fail(['tests'], 'tests: expected a mapping (required: true|false)');
  const ws = data.workspaces;
  if (isRecord(ws)) {
    for (const [name, value] of Object.entries(ws)) {
      const w = workspace(c, name, value);
      if (w) config.workspaces.push(w);
    }
  } else if (ws !== undefined) c.fail(['workspaces'], 'workspaces: expected a mapping of workspace name to settings');
  const def = c.string(data.default, ['default']);
  if (def !== undefined) {
    if (config.workspaces.some(w => w.name === def)) config.defaultWorkspace = def;
    else c.fail(['default'], `default: no workspace named "${def}" under workspaces`);
  }
  return { config, problems: c.problems };
}
