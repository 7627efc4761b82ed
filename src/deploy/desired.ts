// From rule files to what this workspace should hold: validate, apply the workspace's overrides, run the one mapping.
// Rules with errors are not deployed, and nothing they might have been is pruned.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RuleFile } from '../rules/load.js';
import type { AnalyticRule } from '../rules/model.js';
import { apiVersion as apiVersionCheck } from '../validate/checks/api-version.js';
import { buildMapping } from '../validate/checks/build-mapping.js';
import { validateRules, toDiagnostic } from '../validate/validate.js';
import { toApiRule, type MappingOptions } from '../mapping/to-api.js';
import { applyOverrides } from '../config/overrides.js';
import type { Overrides } from '../config/config.js';
import type { DesiredRule } from './types.js';

export interface DesiredSet {
  rules: DesiredRule[];
  /** Error and warning diagnostics from validation and mapping. */
  diagnostics: Diagnostic[];
  /** Resource names of rules in the repository that are not deployed this run (errors): never pruned. */
  keep: Set<string>;
  /** False when a file with errors has no readable id: then no owned rule may be deleted this run. */
  pruneSafe: boolean;
  /** Resource names of the rules the workspace excludes by configuration. */
  excluded: Set<string>;
}

export function desiredRules(
  files: readonly RuleFile[],
  loadDiagnostics: readonly Diagnostic[],
  overrides: Overrides,
  mapping: MappingOptions,
): DesiredSet {
  const diagnostics = [
    ...loadDiagnostics,
    ...validateRules(files, mapping.apiVersion ? { apiVersion: mapping.apiVersion } : {}),
  ];
  const failed = new Set(diagnostics.filter(d => d.severity === 'error').map(d => d.file));
  const out: DesiredSet = { rules: [], diagnostics, keep: new Set(), pruneSafe: true, excluded: new Set() };
  for (const file of files) {
    const data = file.data as AnalyticRule | undefined;
    const id = typeof data?.id === 'string' ? data.id.toLowerCase() : undefined;
    if (!data || failed.has(file.file)) {
      if (id) out.keep.add(id);
      else out.pruneSafe = false;
      continue;
    }
    const rule = applyOverrides(data, overrides);
    if (!rule) {
      if (id) out.excluded.add(id);
      continue;
    }
    const mapped = toApiRule(rule, mapping);
    if (!mapped.rule) {
      const check = mapped.versionLacks ? apiVersionCheck : buildMapping;
      for (const f of mapped.errors) diagnostics.push(toDiagnostic(file, check, f));
      if (id) out.keep.add(id);
      else out.pruneSafe = false;
      continue;
    }
    const { name, kind, apiVersion, properties } = mapped.rule;
    out.rules.push({ name, kind, apiVersion, properties, file: file.file });
  }
  return out;
}
