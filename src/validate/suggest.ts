// "Did you mean": the closest known spelling of a misspelt name (case first, then edit distance).

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The candidate `value` most likely means, or undefined when nothing is close enough. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === value) return undefined;
    // Case-only and separator-only differences (`CommandandControl`, `File hash`) win outright.
    const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
    if (norm(c) === norm(value)) return c;
    const score = editDistance(lower, c.toLowerCase());
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(value.length / 4));
  return bestScore <= limit ? best : undefined;
}

/** The one allowed spelling that `value` differs from only in letter case, if there is exactly one. */
export function caseFix(value: string, allowed: readonly string[]): string | undefined {
  const same = allowed.filter(a => a !== value && a.toLowerCase() === value.toLowerCase());
  return same.length === 1 && !allowed.includes(value) ? same[0] : undefined;
}

/** `{ fix }` for a Finding when `value` is a string that differs from one allowed spelling only in case, else `{}`. */
export function fixOf(value: unknown, allowed: readonly string[]): { fix?: string } {
  const fix = typeof value === 'string' ? caseFix(value, allowed) : undefined;
  return fix === undefined ? {} : { fix };
}

/** ` (did you mean "X"?)` or the empty string, for the end of a message. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const c = closest(value, candidates);
  return c ? `; did you mean "${c}"?` : '';
}
