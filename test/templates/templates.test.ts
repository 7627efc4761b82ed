// Content Hub templates: the emulator serves the test set (test/fixtures/templates, built from corpus rules) over
// alertRuleTemplates, `rulectl templates` finds the two rules behind their template with the field and query diff,
// lists the templates with no rule, and `templates adopt` writes a rule file that deploys as the template says.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/options.js';
import { loadTemplates } from '../../src/emulator/templates.js';
import type { TemplatesReport } from '../../src/templates/templates.js';
import { asRuleResource, compareVersions } from '../../src/templates/templates.js';
import { normalizeProperties } from '../../src/deploy/normalize.js';
import { diffProperties } from '../../src/deploy/diff.js';
import { toApiRule } from '../../src/mapping/to-api.js';
import type { AnalyticRule } from '../../src/rules/model.js';
import { CORE_SCHEMA, load } from 'js-yaml';
import { emulatorRepo, emulatorRequest, RULES_PATH, type Repo } from '../pull/helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/templates');
const TEMPLATES_PATH = RULES_PATH.replace(/alertRules$/, 'alertRuleTemplates');
const CISCO = '2b328487-162d-4034-b472-59f1d53684a1';
const VIP = 'f7f4a77e-f68f-4b56-9aaf-a0c9d87d7a8e';

describe('rulectl templates (CLI, emulator)', () => {
  let emu: RunningEmulator;
  let repo: Repo;
  beforeAll(async () => {
    // Two templates a page: the list is read to its last page.
    emu = await startEmulator({ templates: await loadTemplates(path.join(FIXTURES, 'templates')), pageSize: 2 });
    repo = await emulatorRepo(emu, 'team-a', path.join(FIXTURES, 'rules'));
  });
  afterAll(() => emu.close());

  it('serves templates read-only: list (paged), get, 404 for an unknown one, 405 for a write', async () => {
    const first = (await emulatorRequest(emu, 'GET', `${TEMPLATES_PATH}?api-version=2024-01-01-preview`)).body as {
      value: { name: string; type: string }[];
      nextLink?: string;
    };
    expect(first.value).toHaveLength(2);
    expect(first.value[0]?.type).toBe('Microsoft.SecurityInsights/AlertRuleTemplates');
    expect(first.nextLink).toMatch(/(\$|%24)skipToken=/);
    const one = await emulatorRequest(emu, 'GET', `${TEMPLATES_PATH}/${CISCO}?api-version=2024-01-01-preview`);
    expect(one.status).toBe(200);
    expect((one.body as { properties: { version: string } }).properties.version).toBe('1.1.0');
    const missing = await emulatorRequest(emu, 'GET', `${TEMPLATES_PATH}/nope?api-version=2024-01-01-preview`);
    expect(missing.status).toBe(404);
    const put = await emulatorRequest(emu, 'PUT', `${TEMPLATES_PATH}/${CISCO}?api-version=2024-01-01-preview`, {});
    expect(put.status).toBe(405);
  });

  it('finds the rules behind their template and shows the field and query diff', async () => {
    const r = await repo.run('templates', '-w', 'emu');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('5 templates; 2 rule(s) behind their template, 1 up to date, 2 template(s) with no rule');
    expect(r.out).toContain(
      '~ rules/cisco-umbrella-empty-user-agent.yaml  Cisco Umbrella - Empty User Agent Detected  1.0.0 -> 1.1.0',
    );
    expect(r.out).toContain('    severity: "Low" -> "Medium"');
    expect(r.out).toContain('      +| extend Message = "Empty User Agent"');
    expect(r.out).toContain('      -| project SrcIpAddr, DstIpAddr, UrlOriginal, TimeGenerated');
    expect(r.out).toContain('~ rules/new-cloudshell-user.yaml  New CloudShell User  1.0.1 -> 1.1.0');
    expect(r.out).toContain('      -let match_window = 5m;\n      +let match_window = 3m;');
    // Only what differs: the CloudShell rule's other fields (1d against P1D, gt against GreaterThan) are not listed.
    const cloudShell = r.out.slice(r.out.indexOf('~ rules/new-cloudshell-user.yaml'));
    expect(cloudShell.split('\nTemplates with no rule')[0]).not.toMatch(/^ {4}(?!query)\w+:/m);
    expect(r.out).toMatch(/\(none\) \(2\)\n.*Password Spray.*\n.*Users searching for VIP user activity/);
  });

  it('gives the same as JSON and as Markdown with a diff block', async () => {
    const json = await repo.run('templates', '-w', 'emu', '--format', 'json');
    const report = JSON.parse(json.out) as TemplatesReport;
    expect(report.outdated.map(o => [o.id, o.ruleVersion, o.templateVersion])).toEqual([
      [CISCO, '1.0.0', '1.1.0'],
      ['6d7214d9-4a28-44df-aafb-0910b9e6ae3e', '1.0.1', '1.1.0'],
    ]);
    expect(report.outdated[0]?.fields.map(f => f.path)).toEqual(['query', 'severity']);
    const md = await repo.run('templates', '-w', 'emu', '--format', 'markdown');
    expect(md.out).toContain('```diff\n@@');
    expect(md.out).toContain('+| extend Message = "Empty User Agent"');
  });

  it('adopt writes a rule file from a template that maps to exactly that rule, and refuses one already held', async () => {
    const adopted = await repo.run('templates', 'adopt', VIP, '-w', 'emu');
    expect(adopted.code).toBe(0);
    expect(adopted.out).toContain('wrote rules/users-searching-for-vip-user-activity.yaml');
    const text = await readFile(path.join(repo.dir, 'rules', 'users-searching-for-vip-user-activity.yaml'), 'utf8');
    expect(text).toMatch(new RegExp(`^id: ${VIP}\n`));
    expect(text).toContain('version: 1.1.1');
    expect(text).not.toMatch(/status|alertRulesCreatedByTemplateCount|createdDateUTC/);
    // Deploy would send the template's rule (its version as templateVersion, the id as alertRuleTemplateName).
    const template = (await loadTemplates(path.join(FIXTURES, 'templates'))).find(t => t.name === VIP);
    const mapped = toApiRule(load(text, { schema: CORE_SCHEMA }) as AnalyticRule).rule;
    if (!template || !mapped) throw new Error('fixture or mapping missing');
    const sent = asRuleResource(template);
    sent.properties.alertRuleTemplateName = VIP;
    // Only what a rule has and a template does not: the mapping's defaults for a new rule.
    expect(diffProperties(normalizeProperties(sent.properties), normalizeProperties(mapped.properties))).toEqual([
      { path: 'enabled', after: true },
      { path: 'suppressionDuration', after: 'PT1H' },
      { path: 'suppressionEnabled', after: false },
    ]);
    const after = await repo.run('templates', '-w', 'emu');
    expect(after.out).toContain('2 up to date, 1 template(s) with no rule');

    const again = await repo.run('templates', 'adopt', CISCO, 'nope', '-w', 'emu');
    expect(again.code).toBe(1);
    expect(again.err).toContain('rules/cisco-umbrella-empty-user-agent.yaml: already holds rule');
    expect(again.err).toContain('no template nope in the workspace');
  });

  it('refuses ids without adopt, and adopt without ids', async () => {
    expect((await repo.run('templates', 'adopt', '-w', 'emu')).code).toBe(2);
    expect((await repo.run('templates', '-w', 'emu', '--format', 'json', 'x')).code).toBe(2);
  });
});

describe('a rule made from a template in the portal, under a name of its own (issue 15)', () => {
  const SPRAY = '6a2e2ff4-5568-475e-bef2-b95f12b9367b';
  const NAME = '0a1b2c3d-0000-4000-8000-00000000abcd';

  it('pull keeps its template link: deploy plans no change, and templates links it to that template', async () => {
    const templates = await loadTemplates(path.join(FIXTURES, 'templates'));
    const emu = await startEmulator({ templates });
    try {
      const template = templates.find(t => t.name === SPRAY);
      if (!template) throw new Error('fixture missing');
      // What the portal's "Create rule" does: the template's rule under a new GUID, linked by alertRuleTemplateName
      // (its templateVersion an older one, and one field tuned).
      const { requiredDataConnectors: _, ...properties } = asRuleResource(template).properties;
      const put = await emulatorRequest(emu, 'PUT', `${RULES_PATH}/${NAME}?api-version=2024-01-01-preview`, {
        kind: 'Scheduled',
        properties: {
          ...properties,
          severity: 'High',
          enabled: true,
          suppressionDuration: 'PT1H',
          suppressionEnabled: false,
          alertRuleTemplateName: SPRAY,
          templateVersion: '1.0.0',
        },
      });
      expect(put.status).toBeLessThan(300);

      const repo = await emulatorRepo(emu, 'team-a');
      const pulled = await repo.run('pull', '-w', 'emu');
      expect(pulled.code, pulled.out + pulled.err).toBe(0);
      const file = path.join(repo.dir, 'rules', 'potential-password-spray-attack-uses-authentication-normalization.yaml');
      const text = await readFile(file, 'utf8');
      expect(text).toMatch(new RegExp(`^id: ${NAME}\nalertRuleTemplateName: ${SPRAY}\n`));
      expect(pulled.out).not.toContain('differs from');
      expect((await repo.run('validate', '--kql', 'off')).code).toBe(0);

      const plan = await repo.run('deploy', '-w', 'emu', '--dry-run', '--format', 'json');
      expect((JSON.parse(plan.out) as { counts: Record<string, number> }).counts).toMatchObject({
        create: 0,
        update: 0,
        drifted: 0,
        conflict: 0,
        unchanged: 1,
      });
      expect((await repo.run('deploy', '-w', 'emu', '--dry-run')).out).toContain('(ownership record written)');

      const report = JSON.parse((await repo.run('templates', '-w', 'emu', '--format', 'json')).out) as TemplatesReport;
      expect(report.outdated.map(o => [o.id, o.file, o.ruleVersion, o.templateVersion])).toEqual([
        [NAME, path.join('rules', path.basename(file)), '1.0.0', '1.1.1'],
      ]);
      // What differs from the template is the tuned field; the rule's own name and link are no difference.
      expect(report.outdated[0]?.fields.map(f => f.path)).toEqual(['severity']);
      expect(report.unused.flatMap(g => g.templates.map(t => t.name))).not.toContain(SPRAY);
      // Adopting that template again would deploy a second rule from it: refused, naming the file that holds it.
      const adopt = await repo.run('templates', 'adopt', SPRAY, '-w', 'emu');
      expect(adopt.code).toBe(1);
      expect(adopt.err).toContain(`already holds rule ${NAME}, made from template ${SPRAY}`);
    } finally {
      await emu.close();
    }
  });
});

describe('loadTemplates', () => {
  it('names the file that is not JSON or not a template, and a template id given twice', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-templates-'));
    await writeFile(path.join(dir, 'a.json'), '{"name": "x", "kind": "Scheduled"');
    await expect(loadTemplates(dir)).rejects.toThrow(/a\.json: not valid JSON/);
    await writeFile(path.join(dir, 'a.json'), '{"name": "x", "kind": "Scheduled", "properties": []}');
    await expect(loadTemplates(dir)).rejects.toThrow(/a\.json: "properties" must be an object/);
    await writeFile(path.join(dir, 'a.json'), '{"value": [{"name": "x", "kind": "NRT", "properties": {}}]}');
    await writeFile(path.join(dir, 'b.json'), '[{"name": "X", "kind": "NRT", "properties": {}}]');
    await expect(loadTemplates(dir)).rejects.toThrow(/b\.json: template X is also in .*a\.json/);
    await expect(loadTemplates(path.join(dir, 'missing'))).rejects.toThrow(/cannot read the templates folder/);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.0.10', '1.0.9')).toBe(1);
    expect(compareVersions('1.1', '1.1.0')).toBe(0);
    expect(compareVersions('1.0.0', '2.0.0')).toBe(-1);
    expect(compareVersions('1.0.0-beta', '1.0.0')).toBeUndefined();
  });
});
