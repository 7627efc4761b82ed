// What a team tunes in validate's report: a level per check (rulectl.yaml `checks:`) and suppression comments in rule
// files (`# rulectl-disable-next-line <id>[, <id>] -- reason`, `# rulectl-disable <id> -- reason`). Suppressed
// findings are kept aside, not dropped, so reports can list them (SARIF `suppressions`) and count them.
import { Lexer } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';
import type { RuleFile } from '../rules/load.js';
import { BUILTIN_CHECKS } from './builtin-checks.js';
import { CHECKS } from './checks/index.js';
import { closest } from './suggest.js';

export const CHECK_LEVELS = ['off', 'warning', 'error'] as const;
export type CheckLevel = (typeof CHECK_LEVELS)[number];

/** The check id of a suppression comment that is malformed, names an unknown check or suppresses nothing. */
export const SUPPRESSION_CHECK_ID = 'unused-suppression';

/** Every id `checks:` and suppression comments may name. */
export function knownCheckIds(): string[] {
  return [...BUILTIN_CHECKS, ...CHECKS].map(c => c.id);
}

export interface SuppressedDiagnostic {
  diagnostic: Diagnostic;
  /** The text after `--` in the comment; empty when the comment gives none. */
  justification: string;
}

export interface TuningOptions {
  levels?: Readonly<Record<string, CheckLevel>>;
  /**
   * Ids whose findings this run could not have produced (the KQL stage's with `--kql off`): a suppression of one is
   * not reported as unused, since nothing says it would be.
   */
  notRun?: (id: string) => boolean;
}

export interface Tuned {
  diagnostics: Diagnostic[];
  suppressed: SuppressedDiagnostic[];
}

interface Directive {
  kind: 'disable' | 'disable-next-line';
  ids: { id: string; used: boolean }[];
  justification: string;
  /** The comment's own range, where a problem with it is reported. */
  line: number;
  column: number;
  endColumn: number;
  /** The lines it covers (next-line: the entry on the next line, with the block it opens). */
  from: number;
  to: number;
}

const DIRECTIVE = /^#\s*rulectl-(disable-next-line|disable)(?=\s|$)(.*)$/;
/** Tokens yaml's lexer emits that are not in the source (document, flow and scalar markers). */
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

const indentOf = (line: string) => line.length - line.trimStart().length;
const blankOrComment = (line: string) => !line.trim() || line.trimStart().startsWith('#');

/**
 * The lines a next-line directive on line `at` covers: the next line that holds YAML, and, when it opens a block
 * (a `query: |`, a mapping, a list item), every line inside it: deeper indented, or a list at the key's own
 * indentation (`entityMappings:` then `- entityType: …`, the style of Microsoft's content repository).
 */
function nextEntry(lines: readonly string[], at: number): { from: number; to: number } {
  let from = at + 1;
  while (from <= lines.length && blankOrComment(lines[from - 1] ?? '')) from++;
  const head = lines[from - 1] ?? '';
  const indent = indentOf(head);
  const opensList = /:\s*(#.*)?$/.test(head);
  let to = from;
  for (let n = from + 1; n <= lines.length; n++) {
    const text = lines[n - 1] ?? '';
    if (!text.trim()) continue;
    const i = indentOf(text);
    if (i > indent || (opensList && i === indent && /^\s*- /.test(text))) to = n;
    else break;
  }
  return { from, to };
}

/** The suppression comments of a rule file: YAML comments only, never `#` inside a block scalar (the query). */
export function parseDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  let index: LineIndex | undefined;
  let lines: string[] | undefined;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    const start = offset;
    offset += token.length;
    if (!token.startsWith('#')) continue;
    const m = DIRECTIVE.exec(token);
    if (!m) continue;
    index ??= new LineIndex(text);
    lines ??= text.split(/\r\n|\r|\n/);
    const at = index.position(start);
    const rest = m[2] ?? '';
    const cut = rest.indexOf('--');
    const ids = (cut < 0 ? rest : rest.slice(0, cut))
      .split(',')
      .map(s => s.trim())
      .filter(Boolean)
      .map(id => ({ id, used: false }));
    const kind = m[1] === 'disable' ? 'disable' : 'disable-next-line';
    const scope = kind === 'disable' ? { from: 1, to: Infinity } : nextEntry(lines, at.line);
    out.push({
      kind,
      ids,
      justification: cut < 0 ? '' : rest.slice(cut + 2).trim(),
      line: at.line,
      column: at.column,
      endColumn: at.column + token.length,
      ...scope,
    });
  }
  return out;
}

/** Applies the configured levels, then the files' suppression comments, then reports the comments that did nothing. */
export function tuneDiagnostics(
  diagnostics: readonly Diagnostic[],
  files: readonly RuleFile[],
  options: TuningOptions = {},
): Tuned {
  const levels = options.levels ?? {};
  const level = (id: string): CheckLevel | undefined => (Object.hasOwn(levels, id) ? levels[id] : undefined);
  const leveled: Diagnostic[] = [];
  for (const d of diagnostics) {
    const l = level(d.check);
    if (l === 'off') continue;
    leveled.push(l ? { ...d, severity: l } : d);
  }
  const byFile = new Map<string, { file: RuleFile; directives: Directive[] }>();
  for (const file of files) {
    // A cheap look first: most files hold no directive and need no lexing.
    if (!file.text.includes('rulectl-disable')) continue;
    byFile.set(file.file, { file, directives: parseDirectives(file.text) });
  }
  const kept: Diagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  for (const d of leveled) {
    const directive = byFile
      .get(d.file)
      ?.directives.find(x => d.line >= x.from && d.line <= x.to && x.ids.some(i => i.id === d.check));
    if (!directive) {
      kept.push(d);
      continue;
    }
    for (const i of directive.ids) if (i.id === d.check) i.used = true;
    suppressed.push({ diagnostic: d, justification: directive.justification });
  }
  const known = knownCheckIds();
  const problemLevel = level(SUPPRESSION_CHECK_ID);
  if (problemLevel !== 'off') {
    for (const { file, directives } of byFile.values()) {
      for (const x of directives) {
        const comment = `rulectl-${x.kind}`;
        const report = (message: string, hint?: string) =>
          kept.push({
            check: SUPPRESSION_CHECK_ID,
            severity: problemLevel ?? 'warning',
            message,
            file: file.file,
            line: x.line,
            column: x.column,
            endLine: x.line,
            endColumn: x.endColumn,
            ...(hint ? { hint } : {}),
          });
        if (!x.ids.length)
          report(`${comment} names no check`, `name the check ids to suppress: # ${comment} <id> -- reason`);
        for (const { id, used } of x.ids) {
          if (used) continue;
          if (!known.includes(id)) {
            const near = closest(id, known);
            report(
              `${comment} names an unknown check "${id}"${near ? `; did you mean "${near}"?` : ''}`,
              '"rulectl checks" lists every check id',
            );
          } else if (file.data !== undefined && level(id) !== 'off' && !options.notRun?.(id)) {
            // A file that did not load ran no checks: its comments cannot be judged.
            const where =
              x.kind === 'disable'
                ? 'in this file'
                : x.to > x.from
                  ? `on lines ${x.from}-${x.to}`
                  : `on line ${x.from}`;
            report(`${comment} ${id} suppresses nothing: no ${id} finding ${where}`, 'remove the comment, or the id');
          }
        }
      }
    }
  }
  return { diagnostics: kept, suppressed };
}
