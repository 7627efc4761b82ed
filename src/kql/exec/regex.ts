// Kusto regular expressions use RE2 syntax (https://learn.microsoft.com/kusto/query/re2). They run here on
// JavaScript's RegExp after a translation of the RE2 forms that JavaScript spells differently; a construct that would
// mean something else in JavaScript, or that RE2 refuses (look-around, back-references), is refused by name.
import { ExecError } from './errors.js';

const cache = new Map<string, RegExp>();

/** The JavaScript RegExp for an RE2 pattern, compiled once per pattern and flag set. */
export function regexOf(pattern: string, extraFlags = ''): RegExp {
  const key = `${extraFlags}\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = translate(pattern, extraFlags);
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

function translate(pattern: string, extraFlags: string): RegExp {
  const flags = new Set(extraFlags.split('').filter(Boolean));
  let src = pattern;
  // Leading flag groups such as (?i) or (?is): JavaScript takes them as RegExp flags.
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1] ?? '') {
      if (f === 'U')
        throw new ExecError("the RE2 flag U (ungreedy) is not supported by rulectl's KQL engine", 'unsupported');
      flags.add(f);
    }
    src = src.slice(lead[0].length);
  }
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (n === 'A') out += '^';
      else if (n === 'z') out += '$(?![\\s\\S])';
      else if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end < 0 ? undefined : end);
        out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      } else if (/[1-9]/.test(n)) throw refuse('back-references');
      else if (n === 'C') throw refuse('\\C');
      else if (n === 'p' || n === 'P') {
        flags.add('u');
        if (src[i + 2] === '{') {
          out += src.slice(i, src.indexOf('}', i) + 1);
          i = src.indexOf('}', i);
          continue;
        }
        out += `\\${n}{${src[i + 2] ?? ''}}`;
        i += 2;
        continue;
      } else out += c + n;
      i++;
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2);
      if (rest.startsWith(':')) {
        out += '(?:';
        i += 2;
        continue;
      }
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^<[=!]|^[=!]/.test(rest)) throw refuse('look-around assertions');
      if (rest.startsWith('<')) {
        out += '(?<';
        i += 2;
        continue;
      }
      throw refuse(`the group "(?${rest.slice(0, 3)}"`);
    }
    if (c === '[' && src[i + 1] === '[' && src[i + 2] === ':') throw refuse('POSIX classes such as [[:alpha:]]');
    out += c;
  }
  try {
    return new RegExp(out, [...flags].join(''));
  } catch (e) {
    throw new ExecError(`invalid regular expression "${pattern}": ${(e as Error).message}`, 'runtime');
  }
}

const refuse = (what: string) =>
  new ExecError(`${what} in regular expressions is not supported by rulectl's KQL engine`, 'unsupported');
