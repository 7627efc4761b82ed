// `--format sarif`: a SARIF 2.1.0 log (one run) for GitHub code scanning and other SARIF viewers.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import type { CheckInfo, Formatter } from '../formatter.js';

/** Where the project documents itself; SARIF wants absolute URIs for the tool and its check pages. */
export const PROJECT_URI = 'https://github.com/rulectl/rulectl';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning'> = { error: 'error', warning: 'warning' };

function ruleDescriptor(check: CheckInfo) {
  return {
    id: check.id,
    name: check.id,
    shortDescription: { text: check.summary },
    helpUri: `${PROJECT_URI}/blob/main/docs/checks/${check.id}.md`,
    defaultConfiguration: { level: LEVEL[check.severity] },
  };
}

/** A relative, `/`-separated, percent-encoded URI under %SRCROOT%, or a file: URI for paths outside it. */
function artifactLocation(file: string) {
  if (path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** SARIF message strings reserve braces for placeholders ({0}); literal ones are written doubled (§3.11.5). */
function sarifText(text: string): string {
  return text.replace(/[{}]/g, '$&$&');
}

/**
 * Stable across unrelated edits: it hashes what the finding is about (check, file, document path or,
 * for file-level findings, the message) rather than line numbers, so code scanning can track it.
 */
export function fingerprint(d: Diagnostic): string {
  const where = d.path ? JSON.stringify(d.path) : `${d.line}:${d.column}`;
  return createHash('sha256').update(`${d.check}\0${d.file}\0${where}\0${d.message}`).digest('hex').slice(0, 32);
}

export const sarif: Formatter = (diagnostics, ctx) => {
  const catalog = new Map(ctx.checks.map(c => [c.id, c]));
  // A finding from a check the catalog does not list still needs a rule entry for its ruleIndex.
  for (const d of diagnostics)
    if (!catalog.has(d.check)) catalog.set(d.check, { id: d.check, severity: d.severity, summary: d.check });
  const rules = [...catalog.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  // The same finding made twice (an unknown column used on two lines of one query) would share a fingerprint,
  // and code scanning keeps one alert per fingerprint; later ones get their occurrence number, in document order.
  const seen = new Map<string, number>();
  const occurrence = (d: Diagnostic) => {
    const base = fingerprint(d);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}:${n}`;
  };
  const results = diagnostics.map(d => ({
    ruleId: d.check,
    ruleIndex: ruleIndex.get(d.check) ?? 0,
    level: LEVEL[d.severity],
    message: { text: sarifText(d.hint ? `${d.message}. Hint: ${d.hint}` : d.message) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(d.file),
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      },
    ],
    partialFingerprints: { 'rulectl/v1': occurrence(d) },
    // What `validate --fix` would write: the finding's region replaced by the corrected scalar.
    ...(d.fix !== undefined
      ? {
          fixes: [
            {
              description: { text: sarifText(`replace with ${d.fix}`) },
              artifactChanges: [
                {
                  artifactLocation: artifactLocation(d.file),
                  replacements: [
                    {
                      deletedRegion: {
                        startLine: d.line,
                        startColumn: d.column,
                        endLine: d.endLine,
                        endColumn: d.endColumn,
                      },
                      insertedContent: { text: d.fix },
                    },
                  ],
                },
              ],
            },
          ],
        }
      : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rulectl',
            version: ctx.version,
            informationUri: PROJECT_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
