// The outputs of `rulectl test`: stylish (a person at a terminal), json, github (workflow annotations at the
// failing case's line) and junit (JUnit XML for CI test reports). Problems in test files are diagnostics and go
// through the same formatters as `validate`.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics, summarize } from '../diagnostics/order.js';
import { workflowCommand } from '../report/formatters/github.js';
import { stylish } from '../report/formatters/stylish.js';
import { printable } from '../report/terminal-text.js';
import type { CaseResult, Failure } from './run.js';
import type { SuiteOutcome } from './suite.js';

export const TEST_FORMATS = ['stylish', 'json', 'github', 'junit'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function tally(out: SuiteOutcome): string {
  const failed = out.results.filter(r => !r.passed).length;
  return `${plural(out.results.length, 'case')}: ${out.results.length - failed} passed, ${failed} failed (${plural(out.rules, 'rule')})`;
}

function failureDiagnostic(r: CaseResult, f: Failure): Diagnostic {
  return {
    check: 'test-failed',
    severity: 'error',
    message: `${r.name}: ${f.message}${f.diff ? `\n${f.diff}` : ''}`,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.line,
    endColumn: f.column,
  };
}

export function formatSuite(
  out: SuiteOutcome,
  format: TestFormat,
  ctx: { cwd: string; version: string; color: boolean },
): string {
  const problems = sortDiagnostics([...out.badInput, ...out.missing]);
  const diagText = () =>
    problems.length
      ? stylish(problems, { ...ctx, summary: summarize(problems, new Set(problems.map(p => p.file)).size), checks: [] })
      : '';
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          results: out.results.map(r => ({
            rule: r.rule,
            testFile: r.testFile,
            name: r.name,
            line: r.line,
            passed: r.passed,
            failures: r.failures,
            ...(r.outcome ? { alerts: r.outcome.alerts.length, fired: r.outcome.fired } : {}),
          })),
          diagnostics: problems,
        },
        null,
        2,
      )}\n`;
    case 'github': {
      const lines = problems.map(d => workflowCommand(d));
      for (const r of out.results) for (const f of r.failures) lines.push(workflowCommand(failureDiagnostic(r, f)));
      lines.push(tally(out));
      return lines.join('\n') + '\n';
    }
    case 'junit':
      return junit(out);
    default: {
      const lines: string[] = [];
      let current: string | undefined;
      for (const r of out.results) {
        if (r.testFile !== current) {
          if (current !== undefined) lines.push('');
          lines.push(printable(r.testFile));
          current = r.testFile;
        }
        lines.push(`  ${r.passed ? '✓' : '✗'} ${printable(r.name)}`);
        for (const f of r.failures) {
          lines.push(`      ${printable(f.file)}:${f.line}:${f.column}: ${printable(f.message)}`);
          if (f.diff) for (const d of f.diff.split('\n')) lines.push(`        ${d}`);
        }
      }
      if (lines.length) lines.push('');
      const diags = diagText();
      return `${lines.join('\n')}${lines.length ? '\n' : ''}${diags}${tally(out)}\n`;
    }
  }
}

// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xml = (s: string) =>
  s
    .replace(XML_INVALID, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** JUnit XML: a testsuite per test file, a testcase per case; bad input is a failed testcase of its file. */
function junit(out: SuiteOutcome): string {
  const suites = new Map<string, string[]>();
  const counts = new Map<string, { tests: number; failures: number; time: number }>();
  const add = (suite: string, body: string, failed: boolean, ms: number) => {
    if (!suites.has(suite)) suites.set(suite, []);
    suites.get(suite)!.push(body);
    const c = counts.get(suite) ?? { tests: 0, failures: 0, time: 0 };
    c.tests++;
    if (failed) c.failures++;
    c.time += ms;
    counts.set(suite, c);
  };
  for (const r of out.results) {
    const time = (r.ms / 1000).toFixed(3);
    const head = `    <testcase classname="${xml(r.rule)}" name="${xml(r.name)}" file="${xml(r.testFile)}" line="${r.line}" time="${time}"`;
    if (r.passed) add(r.testFile, `${head}/>`, false, r.ms);
    else {
      const text = r.failures
        .map(f => `${f.file}:${f.line}:${f.column}: ${f.message}${f.diff ? `\n${f.diff}` : ''}`)
        .join('\n\n');
      const first = r.failures[0]?.message ?? 'failed';
      add(
        r.testFile,
        `${head}>\n      <failure message="${xml(first)}" type="test-failed">${xml(text)}</failure>\n    </testcase>`,
        true,
        r.ms,
      );
    }
  }
  for (const d of [...out.badInput, ...out.missing])
    add(
      d.file,
      `    <testcase classname="${xml(d.file)}" name="${xml(`${d.check} ${d.line}:${d.column}`)}" file="${xml(d.file)}" line="${d.line}" time="0">\n      <failure message="${xml(d.message)}" type="${xml(d.check)}">${xml(`${d.file}:${d.line}:${d.column}: ${d.message}`)}</failure>\n    </testcase>`,
      true,
      0,
    );
  let tests = 0;
  let failures = 0;
  const body: string[] = [];
  for (const [name, cases] of suites) {
    const c = counts.get(name)!;
    tests += c.tests;
    failures += c.failures;
    body.push(
      `  <testsuite name="${xml(name)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="0" time="${(c.time / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rulectl test" tests="${tests}" failures="${failures}" errors="0">\n${body.join('\n')}${body.length ? '\n' : ''}</testsuites>\n`;
}
