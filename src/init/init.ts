// `rulectl init`: the files a new rules repository starts from (data/init/), filled in for this repository and this
// version of rulectl. Everything is checked before anything is written, so a refusal leaves the folder untouched.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { toolVersion } from '../version.js';

/** The GitHub repository of rulectl's composite action (action.yml at its top). */
export const ACTION_REPOSITORY = 'rulectl/rulectl';

const TEMPLATES = new URL('../../data/init/', import.meta.url);

/** Target path (relative, `/`-separated) ← template in data/init/ (dot files are stored without the dot: npm drops some). */
const FILES: readonly (readonly [string, string])[] = [
  ['rulectl.yaml', 'rulectl.yaml'],
  ['rules/example.yaml', 'rules/example.yaml'],
  ['rules/example.tests.yaml', 'rules/example.tests.yaml'],
  ['.github/workflows/rules-pr.yml', 'workflows/rules-pr.yml'],
  ['.github/workflows/rules-deploy.yml', 'workflows/rules-deploy.yml'],
  ['.gitignore', 'gitignore'],
  ['.vscode/settings.json', ''],
];

export interface InitFile {
  path: string;
  text: string;
}

/** A repository id for rulectl.yaml from the folder's name: letters, digits, `.`, `_`, `-`, starting with one of the first two. */
function repositoryId(dir: string): string {
  const id = path
    .basename(path.resolve(dir))
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
  return id || 'rules';
}

/**
 * The editor mapping of the two schemas. The path is where `npm install` puts rulectl in this repository, so it
 * follows the installed version; the tests glob comes first in the rules mapping as an exclusion, or an editor would
 * check a test file against both schemas.
 */
function vscodeSettings(): string {
  const schemas = './node_modules/rulectl/schemas';
  const settings = {
    'yaml.schemas': {
      [`${schemas}/analytic-rule.schema.json`]: [
        'rules/**/*.yaml',
        'rules/**/*.yml',
        '!rules/**/*.tests.yaml',
        '!rules/**/*.tests.yml',
      ],
      [`${schemas}/rule-tests.schema.json`]: ['rules/**/*.tests.yaml', 'rules/**/*.tests.yml'],
    },
  };
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/** The files `init` writes into `dir`, filled in. */
export function initFiles(dir: string): InitFile[] {
  const fill = (text: string) =>
    text
      .replaceAll('__REPOSITORY__', repositoryId(dir))
      .replaceAll('__RULE_ID__', randomUUID())
      .replaceAll('__ACTION__', `${ACTION_REPOSITORY}@v${toolVersion()}`);
  return FILES.map(([target, template]) => ({
    path: target,
    text: template ? fill(readFileSync(new URL(template, TEMPLATES), 'utf8')) : vscodeSettings(),
  }));
}

export type InitResult = { written: string[] } | { existing: string[] };

/**
 * Writes the starter files into `dir`, or, when any of them exists and `force` is not set, writes nothing and
 * returns every one that exists.
 */
export function initRepository(dir: string, options: { force?: boolean } = {}): InitResult {
  const files = initFiles(dir);
  const existing = files.map(f => f.path).filter(p => existsSync(path.join(dir, p)));
  if (existing.length && !options.force) return { existing };
  for (const f of files) writeFileAtomicSync(path.join(dir, f.path), f.text);
  return { written: files.map(f => f.path) };
}
