// The workflow runs' fixtures: a rulectl.yaml with two emulator workspaces, a broken rule, the GitHub contexts of
// a pull request and a push, and the doubles that stand in for third-party actions.
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { artifactDoubles } from './artifacts.js';
import type { Value } from './expression.js';
import { git } from './repo.js';
import type { ActionDouble } from './types.js';

// The emulator's data files are under `.rulectl/`, which git ignores (as README advises): a checkout keeps them, since
// they stand in for Azure, not for the repository.
export const RULECTL_YAML = `repository: contoso-rules
workspaces:
  dev:
    emulator: embedded
    data: .rulectl/emulator-dev.json
  prod:
    emulator: embedded
    data: .rulectl/emulator-prod.json
    environment: production
    prune: true
`;

// `Recon%0A` must reach the annotation as text, not as an escaped line break; the comma in the file name must not
// end the `file=` property.
export const BAD_FILE = 'rules/bad,rule.yaml';
export const BAD_RULE = `id: 5b7f3c1e-2a4d-4e8f-9c6b-1d2e3f4a5b6c
name: Sign-ins from 100% of countries
description: Counts sign-ins per country.
severity: Medium
requiredDataConnectors: []
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Recon%0A
query: |
  SigninLogs
  | summarize count() by Location
version: 1.0.0
kind: Scheduled
`;

// Parses, so only KQL analysis finds it: the composite action's `args: --kql off` must hide it everywhere.
export const BAD_KQL_RULE = BAD_RULE.replace('5b7f3c1e', '0b7f3c1e')
  .replace('Sign-ins from 100% of countries', 'Broken query')
  .replace('Recon%0A', 'Persistence')
  .replace('| summarize count() by Location', '| where (');

export const VARS = {
  AZURE_CLIENT_ID: '11111111-1111-1111-1111-111111111111',
  AZURE_PLAN_CLIENT_ID: '44444444-4444-4444-4444-444444444444',
  AZURE_TENANT_ID: '22222222-2222-2222-2222-222222222222',
  AZURE_SUBSCRIPTION_ID: '33333333-3333-3333-3333-333333333333',
};

/**
 * A pull request's contexts. `base` is the commit it is compared with (`pull_request.base.sha`); without one the
 * event has none, and the workflow's base-dependent steps have nothing to compare with.
 */
export function pullRequest(headRepo = 'contoso/sentinel-rules', base?: string): Record<string, Value> {
  return {
    repository: 'contoso/sentinel-rules',
    event_name: 'pull_request',
    ref: 'refs/pull/7/merge',
    ref_name: '7/merge',
    sha: 'a'.repeat(40),
    event: {
      pull_request: { number: 7, head: { repo: { full_name: headRepo } }, ...(base ? { base: { sha: base } } : {}) },
      repository: { default_branch: 'main' },
    },
  };
}

export function push(branch: string, event = 'push'): Record<string, Value> {
  return {
    repository: 'contoso/sentinel-rules',
    event_name: event,
    ref: `refs/heads/${branch}`,
    ref_name: branch,
    sha: 'b'.repeat(40),
    event: { repository: { default_branch: 'main' } },
  };
}

export interface Calls {
  logins: Record<string, string>[];
  sarif: { file: string; log: { version: string; runs: { results: { ruleId: string; locations: unknown[] }[] }[] } }[];
}

/**
 * The `uses:` doubles for one run in `repo` at commit `sha`: checkout resets the repository to that commit, as a fresh
 * runner's checkout has it; setup-node and login do nothing; upload-sarif checks; artifacts pass between the jobs.
 */
export function doubles(calls: Calls, repo: string, sha: string): Record<string, ActionDouble> {
  return {
    ...artifactDoubles(repo),
    'actions/checkout': async (w, job) => {
      // Only a job that pushes may keep the token in the checkout's git configuration.
      const pushes = (job.permissions as Record<string, Value> | undefined)?.contents === 'write';
      if (!pushes) expect(w['persist-credentials']).toBe('false');
      // Earlier jobs' edits and staged changes are not in a new job's checkout; ignored files (node_modules, the
      // emulator's data) stay, since they are not the repository's.
      await git(repo, 'checkout', '--quiet', '--force', '--detach', sha);
      await git(repo, 'clean', '--quiet', '-fd');
    },
    'actions/setup-node': w => expect(Number(w['node-version'])).toBeGreaterThanOrEqual(20),
    'azure/login': w => void calls.logins.push(w),
    'github/codeql-action/upload-sarif': async w => {
      const file = w.sarif_file ?? '';
      const log = JSON.parse(await readFile(file, 'utf8')) as Calls['sarif'][number]['log'];
      if (log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new Error(`${file} is not SARIF 2.1.0`);
      calls.sarif.push({ file, log });
    },
  };
}

// A rules repository that uses the composite action (`uses: ./` here; `uses: OWNER/rulectl@SHA` elsewhere).
export const USE_ACTION = `name: Rules with the rulectl action
on: pull_request
permissions:
  contents: read
jobs:
  rules:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - name: Validate
        id: validate
        uses: ./
        with:
          paths: |
            rules/endpoint
            rules/identity
          args: --kql off
      - name: Plan
        id: plan
        if: \${{ !cancelled() }}
        uses: ./
        with:
          command: deploy
          workspace: dev
          args: --dry-run
      - name: Plan an unknown workspace
        if: \${{ !cancelled() }}
        continue-on-error: true
        uses: ./
        with:
          command: deploy
          workspace: nope
          format: markdown
          args: --dry-run
      - name: Paths that look like options
        id: dashes
        if: \${{ !cancelled() }}
        continue-on-error: true
        uses: ./
        with:
          paths: --help
          summary: false
      - name: Hostile input
        id: hostile
        if: \${{ !cancelled() }}
        continue-on-error: true
        uses: ./
        with:
          command: "validate $(touch pwned) \`touch pwned\`\\n::warning title=injected::x%0A::notice::y"
`;
