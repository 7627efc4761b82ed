// The workflow runner's expression evaluator follows GitHub's rules where the workflows depend on them.
import { describe, expect, it } from 'vitest';
import { condition, evaluate, interpolate } from './sim/expression.js';
import { parseKeyValueFile } from './sim/runner.js';

const ok = { failed: false, cancelled: false };
const failed = { failed: true, cancelled: false };
const ctx = {
  vars: { AZURE_CLIENT_ID: 'abc' },
  github: { repository: 'o/r', event: { pull_request: { head: { repo: { full_name: 'o/r' } } } } },
  needs: { workspaces: { outputs: { matrix: '{"include":[{"workspace":"a"}]}', count: '1' } } },
};

describe('expressions', () => {
  it('compares an unset variable with the empty string as equal (both are 0 as numbers)', () => {
    expect(evaluate("vars.MISSING != ''", ctx, ok)).toBe(false);
    expect(evaluate("vars.AZURE_CLIENT_ID != ''", ctx, ok)).toBe(true);
  });

  it('compares strings case-insensitively and reads properties case-insensitively', () => {
    expect(evaluate("github.REPOSITORY == 'O/R'", ctx, ok)).toBe(true);
    expect(evaluate('github.event.pull_request.head.repo.full_name == github.repository', ctx, ok)).toBe(true);
  });

  it('returns operands from && and || like JavaScript', () => {
    expect(evaluate('vars.MISSING || vars.AZURE_CLIENT_ID', ctx, ok)).toBe('abc');
    expect(evaluate("vars.MISSING && 'x'", ctx, ok)).toBe(null);
  });

  it('evaluates fromJSON and indexes into the result', () => {
    expect(evaluate('fromJSON(needs.workspaces.outputs.matrix).include[0].workspace', ctx, ok)).toBe('a');
    expect(evaluate("needs.workspaces.outputs.count != '0'", ctx, ok)).toBe(true);
  });

  it('adds success() to a condition without a status function, as the runner does', () => {
    expect(condition("vars.AZURE_CLIENT_ID != ''", ctx, failed)).toBe(false);
    expect(condition('${{ !cancelled() }}', ctx, failed)).toBe(true);
    expect(condition(undefined, ctx, failed)).toBe(false);
    expect(condition('${{ always() }}', ctx, failed)).toBe(true);
  });

  it('formats strings with numbered placeholders and escaped braces', () => {
    const push = { github: { ref: 'refs/tags/main', event: { repository: { default_branch: 'main' } } } };
    expect(evaluate("format('refs/heads/{0}', github.event.repository.default_branch)", push, ok)).toBe(
      'refs/heads/main',
    );
    expect(evaluate("github.ref == format('refs/heads/{0}', 'main')", push, ok)).toBe(false);
    expect(evaluate("format('{{{0}}}-{1}-{0}', 'a', 'b')", push, ok)).toBe('{a}-b-a');
  });

  it('interpolates and refuses what it does not know', () => {
    expect(interpolate('x-${{ vars.AZURE_CLIENT_ID }}-${{ vars.NONE }}', ctx, ok)).toBe('x-abc-');
    expect(() => evaluate('secretz.X', ctx, ok)).toThrow(/unknown context/);
    expect(() => evaluate("hashFiles('x')", ctx, ok)).toThrow(/not simulated/);
  });
});

describe('runner files', () => {
  it('reads name=value lines and heredoc blocks', () => {
    expect(parseKeyValueFile('a=1\nb=x=y\nc<<EOF\nline 1\nline 2\nEOF\n')).toEqual({
      a: '1',
      b: 'x=y',
      c: 'line 1\nline 2',
    });
  });
});
