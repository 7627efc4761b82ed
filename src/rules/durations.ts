// Durations as rule files write them: the YAML short form (`5m`, `1h`, `14d`) and ISO-8601 (`PT1H`,
// `P1D`, `PT1H30M`). Both are accepted everywhere a duration goes; anything else gets a suggestion.
import { describe } from '../diagnostics/quote.js';

export interface ParsedDuration {
  seconds: number;
  form: 'short' | 'iso';
}

export interface DurationError {
  error: string;
  /** The spelling the user most likely meant, when there is one. */
  suggestion?: string;
}

const SHORT = /^(\d+)([mhd])$/;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_SECONDS = { m: 60, h: 3600, d: 86400 } as const;

/** The ISO spelling of a number of seconds, in the largest exact units (`P1DT12H`, `PT90M` stays `PT1H30M`). */
export function secondsToIso(total: number): string {
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  if (!d && !time) return 'PT0S';
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/** Units written out or abbreviated (`5 minutes`, `5min`, `1hr`, `1 day`): each has exactly one short form. */
const WORD_UNIT = /^(\d+)\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?)$/i;

/**
 * The short form a near-miss spelling certainly means (`5 minutes`, `5min`, `1hr`, `1 day`, `1H` → `5m`, `1h`,
 * `1d`), or undefined. Only these are safe to rewrite without asking: ISO near misses such as `P30M` are ambiguous.
 */
export function unambiguousDuration(text: string): string | undefined {
  const m = WORD_UNIT.exec(text.trim());
  if (!m?.[1] || !m[2] || Number(m[1]) === 0) return undefined;
  return `${Number(m[1])}${m[2][0]?.toLowerCase()}`;
}

function suggestFor(text: string): string | undefined {
  const word = unambiguousDuration(text);
  if (word) return word;
  // Compound short forms such as 1h30m or 2d12h.
  const parts = [...text.toLowerCase().matchAll(/(\d+)\s*([dhms])/g)];
  if (parts.length && parts.map(p => p[0]).join('') === text.toLowerCase().replace(/\s+/g, '')) {
    const secs = parts.reduce((n, p) => n + Number(p[1]) * ({ d: 86400, h: 3600, m: 60, s: 1 }[p[2] as 'd'] ?? 0), 0);
    if (secs > 0) return secondsToIso(secs);
  }
  // ISO with components on the wrong side of the T (PT1D, P1H, P30M meaning minutes) or in lower case.
  const iso = /^P(?:T)?((?:\d+[DHMSW])+)$/.exec(text.toUpperCase());
  if (iso?.[1]) {
    const unit = { W: 604800, D: 86400, H: 3600, M: 60, S: 1 };
    let secs = 0;
    for (const [, n, u] of iso[1].matchAll(/(\d+)([DHMSW])/g)) secs += Number(n) * unit[u as keyof typeof unit];
    if (secs > 0) return secondsToIso(secs);
  }
  if (/^\d+$/.test(text)) return `${text}m`;
  return undefined;
}

export function parseDuration(value: unknown): ParsedDuration | DurationError {
  if (typeof value !== 'string') return { error: `expected a duration string such as "1h" or "PT1H", got ${describe(value)}` };
  const text = value.trim();
  const short = SHORT.exec(text);
  if (short) return { seconds: Number(short[1]) * UNIT_SECONDS[short[2] as 'm'], form: 'short' };
  const iso = ISO.exec(text);
  if (iso && text !== 'P' && !text.endsWith('T')) {
    const [, d, h, m, s] = iso;
    return { seconds: Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0), form: 'iso' };
  }
  const suggestion = suggestFor(text);
  return {
    error: `"${value}" is not a duration; write <n>m, <n>h or <n>d, or an ISO-8601 duration such as PT1H`,
    ...(suggestion ? { suggestion } : {}),
  };
}

export function isDurationError(d: ParsedDuration | DurationError): d is DurationError {
  return 'error' in d;
}

/** The API spelling of a valid duration: short forms keep their unit (`24h` -> `PT24H`), ISO passes through. */
export function toApiDuration(value: string): string {
  const short = SHORT.exec(value.trim());
  if (!short) return value.trim();
  const [, n, unit] = short;
  return unit === 'd' ? `P${n}D` : `PT${n}${unit?.toUpperCase()}`;
}

/** The YAML spelling of an API duration: single-unit ISO values become `5m`/`1h`/`1d`; compounds stay ISO. */
export function fromApiDuration(value: string): string {
  const m = /^(?:PT(\d+)([HM])|P(\d+)D)$/.exec(value);
  if (!m) return value;
  return m[3] !== undefined ? `${m[3]}d` : `${m[1]}${m[2]?.toLowerCase()}`;
}

/** A compact human spelling for messages: 300 -> "5m", 86400 -> "1d", 5400 -> "90m". */
export function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
