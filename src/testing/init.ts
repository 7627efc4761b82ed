// `rulectl test --init RULE`: a first test file, generated from the rule's query. One row per table the query
// reads, its TimeGenerated inside the window, and its columns set so that the query's comparisons with literals
// hold where the bound tree says so (`col == "x"`, `=~`, `has`, `contains`, `startswith`, `endswith`, `in`,
// `has_any`, `EventID == 4663`). The case records what the engine then returns, marked for a person to review:
// a generated expectation describes the rule as it is, not as it should be.
import { existsSync, readFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { KqlEngine } from '../kql/engine.js';
import { convertValue } from '../kql/exec/data.js';
import { scalarType } from '../kql/exec/values.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { displayPath, type RuleFile } from '../rules/load.js';
import { parseRuleText } from '../rules/parse-rule.js';
import { runCase } from './run.js';
import { mappedColumns } from './schedule.js';
import { schemasFor } from './suite.js';
import { readTestFile, TIME_COLUMN } from './test-file.js';

const NOW = '2024-01-15T12:00:00Z';
const EVENT_TIME = '2024-01-15T11:55:00Z';

type Rows = Record<string, Record<string, unknown>>;
interface DraftCase {
  name: string;
  now: string;
  data: Record<string, Record<string, unknown>[]>;
  expect: { alerts: number };
}

/** One binder per set of schemas: scaffolding a corpus binds every query against the same tables. */
const engines = new WeakMap<object, KqlEngine>();

/** A literal's value (string, number, bool), or undefined for anything else. */
function literal(node: Kusto.Language.Syntax.SyntaxNode | null | undefined): unknown {
  if (!(node instanceof Kusto.Language.Syntax.LiteralExpression)) return undefined;
  const v = node.LiteralValue as unknown;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

const STRING_OPS = new Set([
  '==',
  '=~',
  'has',
  'has_cs',
  'contains',
  'contains_cs',
  'startswith',
  'endswith',
  'hasprefix',
  'hassuffix',
]);

/** Rows (one per table the query reads) that satisfy its literal comparisons where they can be derived. */
export function scaffoldRows(
  query: string,
  schemas: ReturnType<typeof schemasFor>,
  mapped: readonly string[] = [],
): Rows {
  let engine = engines.get(schemas);
  if (!engine) engines.set(schemas, (engine = new KqlEngine(schemas.tables, schemas.functions)));
  const code = engine.bind(query);
  const rows: Rows = {};
  const tableColumns = new Map<string, Map<string, string>>();
  code.Syntax?.WalkElements(e => {
    if (!(e instanceof Kusto.Language.Syntax.NameReference)) return;
    const sym = e.ReferencedSymbol;
    if (!(sym instanceof Kusto.Language.Symbols.TableSymbol)) return;
    const name = sym.Name ?? '';
    const cols = schemas.schemaOf(name);
    if (!cols || rows[name]) return;
    rows[name] = { [TIME_COLUMN]: EVENT_TIME };
    tableColumns.set(name, new Map(cols.map(c => [c.name, c.type])));
  });
  const set = (column: string, value: unknown) => {
    for (const [table, cols] of tableColumns) {
      const type = scalarType(cols.get(column));
      if (!type || column === TIME_COLUMN) continue;
      if (!convertValue(value, type).ok) continue;
      // The first comparison met wins: a later `!=` or another branch must not undo it.
      if (rows[table]![column] === undefined) rows[table]![column] = value;
    }
  };
  code.Syntax?.WalkElements(e => {
    if (e instanceof Kusto.Language.Syntax.InExpression) {
      const op = (e.Operator?.Text ?? '').toLowerCase().replace(/\s+/g, '');
      if (op.startsWith('!')) return;
      const col = e.Left instanceof Kusto.Language.Syntax.NameReference ? e.Left.SimpleName : undefined;
      const list = e.Right instanceof Kusto.Language.Syntax.ExpressionList ? e.Right.Expressions : undefined;
      const first = list && list.Count > 0 ? literal(list.getItem$1(0).Element$1) : undefined;
      if (col && first !== undefined) set(col, first);
      return;
    }
    if (!(e instanceof Kusto.Language.Syntax.BinaryExpression)) return;
    const op = (e.Operator?.Text ?? '').toLowerCase();
    if (!STRING_OPS.has(op)) return;
    const col = e.Left instanceof Kusto.Language.Syntax.NameReference ? e.Left.SimpleName : undefined;
    const value = literal(e.Right);
    if (col && value !== undefined) set(col, value);
  });
  // Mapped entity columns get a value, so the generated alert has its entities (an empty one is a failure).
  for (const column of mapped) set(column, `example-${column}`);
  return rows;
}

/** The draft of a first test case for a rule, run once to record what the engine returns. */
export function scaffoldCase(
  rule: RuleFile,
  schemas: ReturnType<typeof schemasFor>,
): { draft: { cases: DraftCase[] }; alerts: number; tables: string[] } | { error: string } {
  const query = rule.data?.query;
  if (typeof query !== 'string') return { error: `${rule.file}: the rule has no query` };
  const data = scaffoldRows(query, schemas, mappedColumns(rule.data ?? {}));
  if (!Object.keys(data).length) return { error: `${rule.file}: the query reads no table with a known schema` };
  const draft = {
    cases: [
      {
        name: 'generated from the query: review',
        now: NOW,
        data: Object.fromEntries(Object.entries(data).map(([t, r]) => [t, [r]])),
        expect: { alerts: 0 },
      },
    ],
  };
  const target = rule.absPath.replace(/\.ya?ml$/i, '.tests.yaml');
  const text = dump(draft, { lineWidth: 120, noRefs: true });
  const parsed = readTestFile(target, target, Buffer.from(text), schemas.schemaOf);
  const tc = parsed.test.cases[0];
  if (parsed.diagnostics.length || !tc)
    return { error: `cannot scaffold ${rule.file}: ${parsed.diagnostics[0]?.message ?? 'no case'}` };
  const result = runCase(rule, parsed.test, tc, schemas);
  if (!result.outcome)
    return { error: `cannot scaffold ${rule.file}: ${result.failures[0]?.message ?? 'the query did not run'}` };
  const alerts = result.outcome.alerts.length;
  draft.cases[0]!.expect = { alerts };
  return { draft, alerts, tables: Object.keys(data) };
}

export function initTests(
  ruleAbs: string,
  cwd: string,
  dirs: readonly string[],
): { file: string; summary: string; fires: boolean } | { error: string } {
  const shown = displayPath(ruleAbs, cwd);
  if (!existsSync(ruleAbs)) return { error: `no such rule file: ${shown}` };
  const target = ruleAbs.replace(/\.ya?ml$/i, '.tests.yaml');
  const targetShown = displayPath(target, cwd);
  if (target === ruleAbs) return { error: `${shown} is not a .yaml rule file` };
  if (existsSync(target)) return { error: `${targetShown} exists; --init does not overwrite it` };
  const { rule, diagnostics } = parseRuleText(shown, ruleAbs, readFileSync(ruleAbs));
  if (diagnostics.length || typeof rule.data?.query !== 'string')
    return { error: `${shown}: cannot read the rule's query${diagnostics[0] ? `: ${diagnostics[0].message}` : ''}` };
  const made = scaffoldCase(rule, schemasFor(cwd, dirs));
  if ('error' in made) return made;
  const { draft, alerts } = made;
  const header = [
    `# generated: review. rulectl test --init ${shown} wrote this from the query (the run's clock: ${NOW});`,
    `# the expectation (alerts: ${alerts}) is what the rule does now, not necessarily what it should do. Add a case`,
    '# where the rule stays quiet, and rows that look like the attack.',
    '',
  ].join('\n');
  writeFileAtomicSync(target, header + dump(draft, { lineWidth: 120, noRefs: true }));
  return {
    file: targetShown,
    fires: alerts > 0,
    summary: `${made.tables.join(', ')}; the generated case ${alerts > 0 ? `fires (${alerts} alert(s))` : 'does not fire'}; review it`,
  };
}
