// A syntax error that Kusto reports as an empty range at blank space (an expression missing before the next token)
// points at that next token, so the column and the code frame's marker land on something to fix.
import path from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { analyzeQueries } from '../../src/kql/analyze-queries.js';
import { parseRuleText } from '../../src/rules/load.js';

const rule = (body: string) =>
  parseRuleText('r.yaml', path.join(tmpdir(), 'r.yaml'), new TextEncoder().encode(body)).rule;
const range = (body: string) =>
  analyzeQueries([rule(body)], { mode: 'syntax', cwd: tmpdir() }).map(
    d => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.check}`,
  );

describe('kql-syntax ranges', () => {
  it('an operator repeated: the second one, not the blank before it', () => {
    expect(
      range(
        'id: a\nquery: |\n  SecurityEvent\n  | where CommandLine contains "powershell" and and CommandLine has "x"\n',
      ),
    ).toEqual(['4:49-4:52 kql-syntax']);
  });

  it('a missing expression at the end of the query stays where the query ends', () => {
    const [only] = range('id: a\nquery: |\n  SecurityEvent\n  | where\n');
    expect(only).toMatch(/^4:10-4:10 kql-syntax$/);
  });
});
