// A small rules repository for coverage tests: rules with known tactics, techniques, severities and connectors.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FixtureRule {
  file: string;
  id: string;
  name: string;
  severity?: string;
  tactics?: string[];
  techniques?: string[];
  connector?: string;
  enabled?: boolean;
}

const list = (xs: string[] | undefined) => (xs?.length ? `[${xs.join(', ')}]` : '[]');

export function ruleYaml(r: FixtureRule): string {
  return [
    `id: ${r.id}`,
    `name: ${JSON.stringify(r.name)}`,
    'description: A test rule.',
    `severity: ${r.severity ?? 'Medium'}`,
    ...(r.enabled === false ? ['enabled: false'] : []),
    'kind: Scheduled',
    'queryFrequency: 1h',
    'queryPeriod: 1h',
    'triggerOperator: gt',
    'triggerThreshold: 0',
    `tactics: ${list(r.tactics)}`,
    `relevantTechniques: ${list(r.techniques)}`,
    ...(r.connector
      ? ['requiredDataConnectors:', `  - connectorId: ${r.connector}`, '    dataTypes: [SigninLogs]']
      : []),
    'query: SigninLogs | take 1',
    'version: 1.0.0',
    '',
  ].join('\n');
}

export const RULES: FixtureRule[] = [
  {
    file: 'rules/identity/spray.yaml',
    id: '11111111-1111-4111-8111-111111111111',
    name: 'Password spray',
    severity: 'High',
    tactics: ['CredentialAccess'],
    techniques: ['T1110.003'],
    connector: 'AzureActiveDirectory',
  },
  {
    file: 'rules/identity/brute.yaml',
    id: '22222222-2222-4222-8222-222222222222',
    name: 'Brute force',
    severity: 'Medium',
    tactics: ['CredentialAccess'],
    techniques: ['T1110'],
    connector: 'AzureActiveDirectory',
  },
  {
    file: 'rules/endpoint/cloud account.yaml',
    id: '33333333-3333-4333-8333-333333333333',
    name: 'Cloud account <sign-in>',
    severity: 'Low',
    tactics: ['InitialAccess', 'Persistence'],
    techniques: ['T1078.004'],
    connector: 'Office365',
  },
  {
    file: 'rules/endpoint/no-technique.yaml',
    id: '44444444-4444-4444-8444-444444444444',
    name: 'Tactic only',
    severity: 'Informational',
    tactics: ['Discovery'],
  },
];

/** A temporary repository with the rules and a rulectl.yaml whose `prod` workspace disables rule 2. */
export function fixtureRepo(rules: FixtureRule[] = RULES): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rulectl-coverage-'));
  for (const r of rules) {
    mkdirSync(path.dirname(path.join(dir, r.file)), { recursive: true });
    writeFileSync(path.join(dir, r.file), ruleYaml(r));
  }
  writeFileSync(
    path.join(dir, 'rulectl.yaml'),
    [
      'defaults:',
      '  paths: [rules]',
      'workspaces:',
      '  prod:',
      '    subscription: 00000000-0000-0000-0000-000000000000',
      '    resourceGroup: rg',
      '    workspace: law-prod',
      '    overrides:',
      `      disabled: [${RULES[1]?.id}]`,
      '',
    ].join('\n'),
  );
  return dir;
}
