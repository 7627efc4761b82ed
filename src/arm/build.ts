// build-arm's pure part: validated rule files -> the template files they should produce, and what blocks them.
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { toApiRule, type ApiRule, type MappingOptions } from '../mapping/to-api.js';
import type { RuleFile } from '../rules/load.js';
import type { AnalyticRule } from '../rules/model.js';
import { apiVersion as apiVersionCheck } from '../validate/checks/api-version.js';
import { buildMapping } from '../validate/checks/build-mapping.js';
import { toDiagnostic } from '../validate/validate.js';
import { armTemplate, renderTemplate } from './template.js';

/** The portal imports at most 50 rules from one template file (docs/api-contract.md §2.8). */
export const BUNDLE_LIMIT = 50;

export interface TemplateFile {
  /** Absolute path. */
  path: string;
  text: string;
  /** The rule files it holds. */
  sources: string[];
}

export interface BuildPlan {
  targets: TemplateFile[];
  /** Mapping errors (a pinned api-version that lacks a field, a kind that cannot be built, …). */
  diagnostics: Diagnostic[];
}

/** Maps every rule file without errors; `blocked` are the files validation already failed. */
export function mapRules(
  files: readonly RuleFile[],
  blocked: ReadonlySet<string>,
  options: MappingOptions,
): { built: { file: RuleFile; api: ApiRule }[]; diagnostics: Diagnostic[] } {
  const built: { file: RuleFile; api: ApiRule }[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    if (!file.data || blocked.has(file.file)) continue;
    const result = toApiRule(file.data as AnalyticRule, options);
    const check = result.versionLacks ? apiVersionCheck : buildMapping;
    for (const f of result.errors) diagnostics.push(toDiagnostic(file, check, f));
    if (result.rule) built.push({ file, api: result.rule });
  }
  // Sorted by resource name, so moving or renaming a rule file does not reorder a bundle.
  built.sort((a, b) => (a.api.name < b.api.name ? -1 : a.api.name > b.api.name ? 1 : 0));
  return { built, diagnostics };
}

/** One `<out>/<id>.json` per rule. The name is a lower-case GUID (the mapping refuses others): no traversal. */
export function perRuleTargets(built: readonly { file: RuleFile; api: ApiRule }[], outDir: string): TemplateFile[] {
  return built.map(({ file, api }) => ({
    path: path.join(outDir, `${api.name}.json`),
    text: renderTemplate(armTemplate([api])),
    sources: [file.file],
  }));
}

/** The file names of a bundle: FILE itself for up to 50 rules, else FILE-1.json, FILE-2.json, … */
export function bundlePaths(bundle: string, count: number): string[] {
  if (count <= 1) return [bundle];
  const stem = bundle.replace(/\.json$/i, '');
  return Array.from({ length: count }, (_, i) => `${stem}-${i + 1}.json`);
}

export function bundleTargets(built: readonly { file: RuleFile; api: ApiRule }[], bundle: string): TemplateFile[] {
  const chunks: { file: RuleFile; api: ApiRule }[][] = [];
  for (let i = 0; i < built.length; i += BUNDLE_LIMIT) chunks.push(built.slice(i, i + BUNDLE_LIMIT));
  if (!chunks.length) chunks.push([]);
  const paths = bundlePaths(bundle, chunks.length);
  return chunks.map((chunk, i) => ({
    path: paths[i] ?? bundle,
    text: renderTemplate(armTemplate(chunk.map(c => c.api))),
    sources: chunk.map(c => c.file.file),
  }));
}
