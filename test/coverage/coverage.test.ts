// `rulectl coverage`: placement of rules in the ATT&CK matrix, workspace overrides, the change against a base (a
// folder or a git ref), and each output format (the Navigator layer against the layer 4.5 schema).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { diffCoverage } from '../../src/coverage/diff.js';
import { buildCoverage, coverageRule, type Coverage } from '../../src/coverage/model.js';
import { navigatorLayer } from '../../src/coverage/render.js';
import { fixtureRepo, RULES, ruleYaml } from './helpers.js';

const schema = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'fixtures/navigator-layer-4.5.schema.json'), 'utf8'),
) as object;

async function cli(cwd: string, ...argv: string[]) {
  const io = memoryIo(cwd);
  const code = await runCli(['coverage', ...argv], io);
  return { code, out: io.out, err: io.err };
}

const cellRules = (c: Coverage, tactic: string, id: string) => {
  const column = c.tactics.find(t => t.tactic.apiName === tactic);
  const row = column?.techniques.find(t => t.technique.id === id.split('.')[0]);
  const cell = id.includes('.') ? row?.subtechniques.find(s => s.technique.id === id) : row;
  return cell?.rules.map(i => c.rules[i]?.name);
};

describe('coverage model', () => {
  const rules = RULES.map(r =>
    coverageRule(
      JSON.parse(
        JSON.stringify({
          ...r,
          relevantTechniques: r.techniques,
          requiredDataConnectors: r.connector ? [{ connectorId: r.connector }] : [],
        }),
      ) as Record<string, unknown>,
      r.file,
    ),
  );
  const c = buildCoverage(rules);

  it('places each technique under the tactics the rule lists, sub-techniques in their own cell', () => {
    expect(cellRules(c, 'CredentialAccess', 'T1110')).toEqual(['Brute force']);
    expect(cellRules(c, 'CredentialAccess', 'T1110.003')).toEqual(['Password spray']);
    // T1078.004 belongs to four tactics; the rule lists two of them.
    expect(cellRules(c, 'InitialAccess', 'T1078.004')).toEqual(['Cloud account <sign-in>']);
    expect(cellRules(c, 'Persistence', 'T1078.004')).toEqual(['Cloud account <sign-in>']);
    expect(cellRules(c, 'DefenseEvasion', 'T1078.004')).toEqual([]);
  });

  it('counts rules per tactic, technique coverage per tactic, and lists rules without techniques apart', () => {
    const column = (t: string) => c.tactics.find(x => x.tactic.apiName === t);
    expect(column('CredentialAccess')?.rules).toHaveLength(2);
    expect(column('CredentialAccess')?.coveredTechniques).toBe(1);
    expect(column('Discovery')?.rules).toHaveLength(1);
    expect(column('Discovery')?.coveredTechniques).toBe(0);
    expect(c.withoutTechniques.map(i => c.rules[i]?.name)).toEqual(['Tactic only']);
    expect(c.tactics.map(t => t.tactic.name)[0]).toBe('Reconnaissance');
    expect(c.attackVersion).toBe('18.0');
  });

  it('places a technique whose tactics the rule misses under all its tactics, and reports ids ATT&CK lacks', () => {
    const odd = buildCoverage([
      coverageRule(
        { id: 'x', name: 'Odd', tactics: ['Impact'], relevantTechniques: ['T1059', 'T0800', 'T9999'] },
        'x.yaml',
      ),
    ]);
    expect(cellRules(odd, 'Execution', 'T1059')).toEqual(['Odd']);
    expect(odd.unknownTechniques.map(u => u.technique)).toEqual(['T0800', 'T9999']);
  });

  it('diffs by rule id: techniques gained and lost by enabled rules, rules added, removed and changed', () => {
    const base = buildCoverage([rules[0]!, rules[1]!]);
    const changed = { ...rules[1]!, fingerprint: 'other' };
    const head = buildCoverage([changed, rules[2]!, { ...rules[3]!, enabled: false }]);
    const d = diffCoverage(base, head);
    expect(d.gained.map(t => t.id)).toEqual(['T1078.004']);
    expect(d.lost).toEqual([{ id: 'T1110.003', name: 'Password Spraying' }]);
    expect(d.added.map(r => r.name)).toEqual(['Cloud account <sign-in>', 'Tactic only']);
    expect(d.removed.map(r => r.name)).toEqual(['Password spray']);
    expect(d.changed.map(r => r.name)).toEqual(['Brute force']);
  });

  it('writes a Navigator layer that the layer 4.5 schema accepts, scored by rule count', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const layer = navigatorLayer(c) as { techniques: Record<string, unknown>[]; versions: unknown; domain: string };
    expect(validate(layer), JSON.stringify(validate.errors)).toBe(true);
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.versions).toEqual({ attack: '18', navigator: '5.1.0', layer: '4.5' });
    expect(layer.techniques).toContainEqual(
      expect.objectContaining({
        techniqueID: 'T1110.003',
        tactic: 'credential-access',
        score: 1,
        comment: 'Password spray',
      }),
    );
    // The schema is not a rubber stamp: a wrong layer version, an unknown key, a bad id fail.
    expect(validate({ ...layer, versions: { navigator: '5.1.0', layer: '4.4' } })).toBe(false);
    expect(validate({ ...layer, colour: 'red' })).toBe(false);
    expect(validate({ ...layer, techniques: [{ techniqueID: 'T12' }] })).toBe(false);
  });
});

describe('rulectl coverage', () => {
  it('markdown: counts per tactic, disabled rules with -w, and rules without techniques', async () => {
    const dir = fixtureRepo();
    const plain = await cli(dir, '-f', 'markdown');
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('4 rules cover 2 of 216 techniques and 2 sub-techniques; 1 rules name no technique.');
    expect(plain.out).toContain('| Credential Access | 2 | 1 / 17 |');
    const prod = await cli(dir, '-f', 'markdown', '-w', 'prod');
    expect(prod.out).toContain('4 rules (1 disabled)');
    const json = JSON.parse((await cli(dir, '-f', 'json', '-w', 'prod')).out) as {
      rules: { name: string; enabled: boolean }[];
    };
    expect(json.rules.filter(r => !r.enabled).map(r => r.name)).toEqual(['Brute force']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('html to a file: rule links relative to the page, names escaped', async () => {
    const dir = fixtureRepo();
    const r = await cli(dir, '-o', 'out/report.html', '-w', 'prod');
    expect(r.code).toBe(0);
    const html = readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    expect(html).toContain('href="../rules/endpoint/cloud%20account.yaml"');
    expect(html).toContain('Cloud account &lt;sign-in&gt;');
    expect(html).toContain('Brute force</a> (disabled)');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    rmSync(dir, { recursive: true, force: true });
  });

  it('--base DIR and --base-ref REF report the change; the working tree is left as it was', async () => {
    const dir = fixtureRepo();
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
    rmSync(path.join(dir, RULES[0]!.file));
    writeFileSync(
      path.join(dir, 'rules/identity/new.yaml'),
      ruleYaml({
        file: '',
        id: '55555555-5555-4555-8555-555555555555',
        name: 'New one',
        tactics: ['Execution'],
        techniques: ['T1059.001'],
      }),
    );
    const status = git('status', '--porcelain');
    const byRef = await cli(dir, '-f', 'markdown', '--base-ref', 'HEAD');
    expect(byRef.err).toBe('');
    expect(byRef.out).toContain('**Techniques gained** (1)\n\n- T1059.001 PowerShell');
    expect(byRef.out).toContain('**Techniques lost** (1)\n\n- T1110.003 Password Spraying');
    expect(byRef.out).toContain('**Rules added** (1)\n\n- New one (`rules/identity/new.yaml`)');
    expect(byRef.out).toContain('**Rules removed** (1)\n\n- Password spray (`rules/identity/spray.yaml`)');
    expect(git('status', '--porcelain')).toBe(status);
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);

    git('worktree', 'add', '-q', path.join(dir, '.base'), 'HEAD');
    const byDir = await cli(dir, '-f', 'json', 'rules', '--base', '.base/rules');
    const change = (JSON.parse(byDir.out) as { change: { gained: { id: string }[]; removed: { name: string }[] } })
      .change;
    expect(change.gained.map(t => t.id)).toEqual(['T1059.001']);
    expect(change.removed.map(r => r.name)).toEqual(['Password spray']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('bad input: a clear message and exit 2, no file written', async () => {
    const dir = fixtureRepo();
    const cases: [string[], RegExp][] = [
      [['--base-ref', 'no-such-ref'], /not a git repository|no such commit/],
      [['--base', 'missing'], /no such file or directory: missing/],
      [['nowhere'], /no such file or directory: nowhere/],
      [['-w', 'prd'], /no workspace "prd".*did you mean "prod"/],
      [['-o', 'rulectl.yaml/x.html'], /cannot write rulectl.yaml\/x.html/],
      [['-f', 'pdf'], /Invalid values|choices/i],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(dir, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect(existsSync(path.join(dir, 'x.html'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
