import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/deploy/plan.js';
import { planMarkdown, planValue, renderPlan } from '../../src/report/plan.js';

const change = (kind: Change['kind'], name: string, over: Partial<Change> = {}): Change => ({
  kind,
  name,
  displayName: name,
  diff: [],
  recordOwnership: false,
  ...over,
});

const changes: Change[] = [
  change('create', 'aaa', { displayName: 'New rule', file: 'rules/new.yaml' }),
  change('update', 'bbb', {
    displayName: 'Changed | rule',
    file: 'rules/changed.yaml',
    diff: [
      { path: 'severity', before: 'Low', after: 'High' },
      { path: 'query', before: 'SecurityEvent\n| where EventID == 4625', after: 'x'.repeat(100) },
      { path: 'tags', after: ['a'] },
    ],
  }),
  change('drifted', 'ccc', { file: 'rules/drift.yaml', diff: [{ path: 'enabled', before: false, after: true }] }),
  change('orphaned', 'ddd'),
  change('unchanged', 'eee', { file: 'rules/same.yaml' }),
];

const rowsOf = (md: string) => md.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| ---'));

describe('planMarkdown', () => {
  it('renders the plan of a dry run: counts, then one row per rule that moves', () => {
    const md = planMarkdown(changes, { workspace: 'prod', dryRun: true });
    expect(md.startsWith('### rulectl deploy: prod (plan, dry run)\n\n')).toBe(true);
    expect(md).toContain('1 create, 1 update, 1 drifted, 0 delete, 1 orphaned, 1 unchanged');
    const rows = rowsOf(md);
    expect(rows[0]).toBe('| Change | Rule | File | Details |');
    expect(rows).toHaveLength(5);
    expect(rows[1]).toBe('| create | New rule (aaa) | rules/new.yaml | new rule |');
    expect(rows[2]).toBe(
      '| update | Changed &#124; rule (bbb) | rules/changed.yaml | severity: "Low" → "High"<br>' +
        `query:<br>@@ -1,2 +1 @@<br>-SecurityEvent<br>-&#124; where EventID == 4625<br>+${'x'.repeat(100)}<br>` +
        'tags: (absent) → \\["a"\\] |',
    );
    expect(rows[3]).toContain(
      "| drifted | ccc | rules/drift.yaml | changed in the workspace since the last deploy; the repository's version wins<br>enabled: false → true |",
    );
    expect(rows[4]).toBe(
      '| orphaned | ddd |  | deployed by this repository, no longer in it; kept because prune is off |',
    );
    expect(md).not.toContain('eee');
  });

  it("adds each change's outcome after apply and says whether all went through", () => {
    const md = planMarkdown(changes, {
      workspace: 'prod',
      dryRun: false,
      outcomes: [
        { name: 'AAA', ok: true },
        { name: 'bbb', ok: false, error: 'Invalid data model. [severity]' },
      ],
    });
    expect(md).toContain('❌ 1 change failed');
    const rows = rowsOf(md);
    expect(rows[0]).toBe('| Change | Rule | File | Details | Result |');
    expect(rows[1]).toMatch(/\| ✅ done \|$/);
    expect(rows[2]).toMatch(/\| ❌ failed: Invalid data model. \\\[severity\\\] \|$/);
    expect(rows[3]).toMatch(/\| not applied \|$/);
    expect(rows[4]).toMatch(/\| kept \|$/);
  });

  it('says when there is nothing to change', () => {
    const md = planMarkdown([change('unchanged', 'eee')], { workspace: 'dev', dryRun: false, outcomes: [] });
    expect(md).toBe(
      '### rulectl deploy: dev\n\n0 create, 0 update, 0 drifted, 0 delete, 0 orphaned, 1 unchanged\n\n✅ every change applied\n\nNothing to change.\n',
    );
  });

  it('caps the rows', () => {
    const many = Array.from({ length: 30 }, (_, i) => change('create', `r${String(i).padStart(2, '0')}`));
    const md = planMarkdown(many, { workspace: 'w', dryRun: true, maxRows: 10 });
    expect(rowsOf(md)).toHaveLength(11);
    expect(md).toContain('… and 20 more changes');
  });

  it('shows a field value as the text plan does: one value formatter for every format', () => {
    const long = { path: 'tactics', before: 'Execution', after: Array.from({ length: 30 }, (_, i) => `Tactic${i}`) };
    const plan = [change('update', 'fff', { diff: [long, { path: 'enabled', before: 'true', after: true }] })];
    const shown = planValue(long.after);
    expect(shown).toHaveLength(80);
    expect(shown.endsWith('…')).toBe(true);
    expect(renderPlan('w', plan)).toContain(`tactics: "Execution" -> ${shown}`);
    // Markdown escapes the same text for a table cell (brackets and underscores), nothing else differs.
    expect(planMarkdown(plan, { workspace: 'w', dryRun: true })).toContain(
      `tactics: "Execution" → ${shown.replace(/[[\]]/g, c => `\\${c}`)}`,
    );
    // The string "true" and the boolean true stay apart in both.
    expect(renderPlan('w', plan)).toContain('enabled: "true" -> true');
    expect(planMarkdown(plan, { workspace: 'w', dryRun: true })).toContain('enabled: "true" → true');
  });
});
