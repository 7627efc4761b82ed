// A changed query in the deploy plan (text and Markdown) shows the lines that changed, not two cut-off copies.
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/deploy/plan.js';
import { renderPlan } from '../../src/report/plan.js';
import { planMarkdown } from '../../src/report/plan.js';

const before = [
  'DnsEvents',
  '| where strlen(Name) > 50',
  '| extend Parent = strcat_array(array_slice(split(Name, "."), -2, -1), ".")',
  '| summarize Queries = count() by Parent, ClientIP',
  '| where Queries > 200',
  '| project Parent, ClientIP, Queries',
].join('\n');
const after = before.replace('Queries > 200', 'Queries > 300');

const update: Change = {
  kind: 'update',
  name: 'aaa',
  displayName: 'DNS tunnel',
  file: 'rules/dns-tunnel.yaml',
  recordOwnership: false,
  diff: [
    { path: 'query', before, after },
    { path: 'severity', before: 'Low', after: 'High' },
  ],
};

describe('query diff in the deploy plan', () => {
  it('text: the changed line with a little context, under the field', () => {
    expect(renderPlan('prod', [update])).toContain(
      [
        '      query:',
        '        @@ -3,4 +3,4 @@',
        '         | extend Parent = strcat_array(array_slice(split(Name, "."), -2, -1), ".")',
        '         | summarize Queries = count() by Parent, ClientIP',
        '        -| where Queries > 200',
        '        +| where Queries > 300',
        '         | project Parent, ClientIP, Queries',
        '      severity: "Low" -> "High"',
        '',
      ].join('\n'),
    );
  });

  it('text: query lines cannot carry terminal escapes or workflow commands', () => {
    const hostile = {
      ...update,
      diff: [{ path: 'query', before: 'T\n::error::x', after: 'T\n::error::x\n\u001b[2J' }],
    };
    const text = renderPlan('prod', [hostile]);
    expect(text).not.toContain('\u001b');
    expect(text.split('\n').some(l => l.trimStart().startsWith('::'))).toBe(false);
    expect(text).toContain('+\\u001b[2J');
  });

  it('markdown: the same diff in the Details cell', () => {
    const md = planMarkdown([update], { workspace: 'prod', dryRun: true });
    expect(md).toContain(
      '| query:<br>@@ -3,4 +3,4 @@<br> &#124; extend Parent = ' +
        'strcat\\_array(array\\_slice(split(Name, "."), -2, -1), ".")<br> &#124; summarize Queries = count() by Parent, ClientIP' +
        '<br>-&#124; where Queries &gt; 200<br>+&#124; where Queries &gt; 300<br> &#124; project Parent, ClientIP, Queries' +
        '<br>severity: "Low" → "High" |',
    );
  });
});
