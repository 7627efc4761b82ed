// Small typed checks over untrusted JSON values, each reporting into Problems with the service's wording.
import { isDurationError, parseDuration, secondsToIso } from '../rules/durations.js';
import { pascal, type Problems } from './problems.js';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** A string field (null and absent are left to the required check); returns it when valid. */
export function checkString(p: Problems, obj: Json, key: string, member: string, max?: number): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    p.add(member, `The value '${show(v)}' is not valid for ${pascal(key)}; a string is expected.`);
    return undefined;
  }
  if (max !== undefined && v.length > max)
    p.add(member, `The field ${pascal(key)} must be a string with a maximum length of '${max}'.`);
  return v;
}

export function checkBoolean(p: Problems, obj: Json, key: string, member: string): void {
  const v = obj[key];
  if (v !== undefined && v !== null && typeof v !== 'boolean')
    p.add(member, `The value '${show(v)}' is not valid for ${pascal(key)}; true or false is expected.`);
}

export function checkEnum(p: Problems, obj: Json, key: string, member: string, allowed: readonly string[]): void {
  const v = checkString(p, obj, key, member);
  if (v !== undefined && !allowed.includes(v))
    p.add(member, `The value '${v}' is not valid for ${pascal(key)}. Valid values are: ${allowed.join(', ')}.`);
}

/** A list of strings; each item is checked by `item` (which reports its own problem). */
export function checkStringList(
  p: Problems,
  obj: Json,
  key: string,
  member: string,
  item?: (value: string, member: string) => void,
): void {
  const v = obj[key];
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) {
    p.add(member, `The value '${show(v)}' is not valid for ${pascal(key)}; a list is expected.`);
    return;
  }
  v.forEach((x, i) => {
    if (typeof x !== 'string') p.add(`${member}[${i}]`, `The value '${show(x)}' is not valid; a string is expected.`);
    else item?.(x, `${member}[${i}]`);
  });
}

export function checkEnumList(p: Problems, obj: Json, key: string, member: string, allowed: readonly string[]): void {
  checkStringList(p, obj, key, member, (x, m) => {
    if (!allowed.includes(x))
      p.add(m, `The value '${x}' is not valid for ${pascal(key)}. Valid values are: ${allowed.join(', ')}.`);
  });
}

/**
 * An ISO-8601 duration within [min, max] seconds. The RP holds durations as .NET TimeSpans, so the value is
 * returned in the canonical spelling it echoes (`PT24H` comes back as `P1D`) [INFERRED, docs/api-contract.md §4.2].
 */
export function checkDuration(
  p: Problems,
  obj: Json,
  key: string,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  const d = parseDuration(v);
  if (isDurationError(d) || d.form !== 'iso') {
    p.add(
      member,
      `The value '${show(v)}' is not valid for ${pascal(key)}; an ISO 8601 duration such as PT1H is expected.`,
    );
    return undefined;
  }
  if (d.seconds < min || d.seconds > max) {
    p.add(member, `The field ${pascal(key)} must be between ${secondsToIso(min)} and ${secondsToIso(max)}.`);
    return undefined;
  }
  obj[key] = secondsToIso(d.seconds);
  return d.seconds;
}

export function checkRequired(p: Problems, obj: Json, keys: readonly string[], prefix: string): void {
  for (const k of keys) {
    if (obj[k] === undefined || obj[k] === null) p.add(`${prefix}${k}`, `The ${pascal(k)} field is required.`);
  }
}
