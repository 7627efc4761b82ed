// Per-workspace overrides applied to a rule's YAML data before the one mapping turns it into API properties.
import type { AnalyticRule } from '../rules/model.js';
import type { Overrides } from './config.js';

/** Every rule id the overrides name, in order, without repeats. */
export function overrideIds(overrides: Overrides): string[] {
  const severity = typeof overrides.severity === 'object' ? Object.keys(overrides.severity) : [];
  return [...new Set([...(overrides.disabled ?? []), ...(overrides.exclude ?? []), ...severity])];
}

/** The rule as this workspace gets it, or undefined when the workspace excludes it. The input is not changed. */
export function applyOverrides(rule: AnalyticRule, overrides: Overrides): AnalyticRule | undefined {
  const id = typeof rule.id === 'string' ? rule.id.toLowerCase() : '';
  const listed = (ids?: string[]) => ids?.some(x => x.toLowerCase() === id) ?? false;
  if (listed(overrides.exclude)) return undefined;
  const out: AnalyticRule = { ...rule };
  if (overrides.namePrefix && typeof rule.name === 'string') out.name = `${overrides.namePrefix}${rule.name}`;
  const severity = overrides.severity;
  if (typeof severity === 'string') out.severity = severity;
  else if (severity) {
    const match = Object.entries(severity).find(([k]) => k.toLowerCase() === id);
    if (match) out.severity = match[1];
  }
  if (listed(overrides.disabled)) out.enabled = false;
  return out;
}
