// Finds rules and their test files under the given paths, reads them, runs every case. No CLI here: the command
// (src/cli/commands/test.ts) only turns options into a call and the outcome into output and an exit code.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadSchemas } from '../kql/schemas.js';
import { displayPath, findRuleFiles, loadRuleFiles, TEST_FILE, type RuleFile } from '../rules/load.js';
import { MAX_FILE_BYTES, tooLarge } from '../rules/parse-rule.js';
import { runTestFile, type CaseResult, type Schemas } from './run.js';
import { readTestFile } from './test-file.js';

export interface SuiteOptions {
  paths: readonly string[];
  cwd: string;
  filter?: string;
  /** A rule without tests, or without a case where it fires and one where it stays quiet, is an error. */
  requireTests?: boolean;
  schemaDirs?: readonly string[];
}

export interface SuiteOutcome {
  results: CaseResult[];
  /** Problems in test files or rule files (exit 2). */
  badInput: Diagnostic[];
  /** --require-tests findings (exit 1). */
  missing: Diagnostic[];
  rules: number;
}

/** The test file of a rule file (`x.yaml` → `x.tests.yaml`, `.yml` too), when one exists. */
export function testFileOf(ruleAbs: string): string | undefined {
  const base = ruleAbs.replace(/\.ya?ml$/i, '');
  return ['.tests.yaml', '.tests.yml'].map(e => base + e).find(f => existsSync(f));
}

/** The rule file a test file tests, when one exists. */
export function ruleFileOf(testAbs: string): string | undefined {
  const base = testAbs.replace(TEST_FILE, '');
  return ['.yaml', '.yml'].map(e => base + e).find(f => existsSync(f));
}

function pointAt(file: string, check: string, message: string, hint?: string): Diagnostic {
  return {
    check,
    severity: 'error',
    message,
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    ...(hint ? { hint } : {}),
  };
}

export function schemasFor(
  cwd: string,
  dirs: readonly string[] = [],
): Schemas & { schemaOf: (t: string) => TableLike } {
  const s = loadSchemas(cwd, dirs);
  const tables = new Map(s.tables.map(t => [t.name.toLowerCase(), t.columns]));
  // A parser function's rows are typed by the function's declared output columns.
  for (const f of s.functions)
    if (f.columns && !tables.has(f.name.toLowerCase())) tables.set(f.name.toLowerCase(), f.columns);
  return { tables: s.tables, functions: s.functions, schemaOf: t => tables.get(t.toLowerCase()) };
}
type TableLike = ReturnType<Parameters<typeof readTestFile>[3]>;

export async function runSuite(options: SuiteOptions): Promise<SuiteOutcome> {
  const { cwd } = options;
  const found = await findRuleFiles(options.paths, cwd);
  const ruleAbs = new Set<string>();
  const testAbs = new Map<string, string>(); // rule → test
  const out: SuiteOutcome = { results: [], badInput: [], missing: [], rules: 0 };
  for (const f of found) {
    if (TEST_FILE.test(f)) {
      const rule = ruleFileOf(f);
      if (!rule) {
        out.badInput.push(
          pointAt(
            displayPath(f, cwd),
            'test-file',
            'no rule file beside this test file',
            'x.tests.yaml tests x.yaml in the same folder',
          ),
        );
        continue;
      }
      ruleAbs.add(rule);
      testAbs.set(rule, f);
    } else {
      ruleAbs.add(f);
      const t = testFileOf(f);
      if (t) testAbs.set(f, t);
    }
  }
  const loaded = await loadRuleFiles([...ruleAbs].sort(), cwd);
  out.badInput.push(...loaded.diagnostics);
  const schemas = schemasFor(cwd, options.schemaDirs);
  const byAbs = new Map<string, RuleFile>(loaded.files.map(f => [f.absPath, f]));
  for (const abs of [...ruleAbs].sort()) {
    const rule = byAbs.get(abs);
    if (!rule?.data) continue;
    out.rules++;
    const shown = displayPath(abs, cwd);
    const t = testAbs.get(abs);
    if (!t) {
      if (options.requireTests)
        out.missing.push(
          pointAt(
            shown,
            'test-missing',
            'the rule has no tests',
            `write ${path.basename(abs).replace(/\.ya?ml$/i, '.tests.yaml')} beside it (rulectl test --init ${shown})`,
          ),
        );
      continue;
    }
    const bytes = readFileSync(t);
    const tShown = displayPath(t, cwd);
    if (bytes.length > MAX_FILE_BYTES) {
      out.badInput.push(tooLarge(tShown, bytes.length));
      continue;
    }
    const { test, diagnostics } = readTestFile(tShown, t, bytes, schemas.schemaOf);
    if (diagnostics.length) {
      out.badInput.push(...diagnostics);
      continue;
    }
    const results = runTestFile(rule, test, schemas, options.filter);
    out.results.push(...results);
    if (options.requireTests && !options.filter) {
      // A test that only ever fires (or never does) cannot tell a broken rule from a working one.
      const expects = test.cases.map(
        c => c.expect.fires ?? (c.expect.alerts === undefined ? undefined : c.expect.alerts > 0),
      );
      if (!expects.includes(true)) out.missing.push(pointAt(tShown, 'test-missing', 'no case in which the rule fires'));
      if (!expects.includes(false))
        out.missing.push(pointAt(tShown, 'test-missing', 'no case in which the rule stays quiet'));
    }
  }
  return out;
}
