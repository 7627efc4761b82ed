// Kusto regular expressions on JavaScript (src/kql/exec/regex.ts), from the RE2 syntax page
// (https://learn.microsoft.com/kusto/query/re2-library) and Kusto's regex syntax page
// (https://learn.microsoft.com/kusto/query/regex): what both readings agree on runs, the rest is refused by name.
import { describe, expect, it } from 'vitest';
import { forEachMatch, regexOf, withRegex, type KustoRegex } from '../../../src/kql/exec/regex.js';
import { problem, value } from './helpers.js';

/** Whether `pattern` finds a match in `text`, as `matches regex` decides. */
const test = (pattern: string, text: string, flags?: string): boolean => {
  const k = regexOf(pattern, { flags });
  return withRegex(k, text, v => v.re.test(text));
};

/** The matched text of group `g` (0: the whole match) of the first match. */
const group = (pattern: string, text: string, g = 0): string | undefined => {
  const k = regexOf(pattern);
  return withRegex(k, text, v => v.re.exec(text)?.[g]);
};

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { kind?: string }).kind}: ${(e as Error).message}`;
  }
  throw new Error('expected a refusal');
};

describe('single characters (re2-library, regex)', () => {
  it('. is any character but \\n, \\r included; (?s) lets it match \\n', () => {
    expect(test('a.b', 'a\rb')).toBe(true);
    expect(test('a.b', 'a\u2028b')).toBe(true);
    expect(test('a.b', 'a\nb')).toBe(false);
    expect(test('(?s)a.b', 'a\nb')).toBe(true);
    expect(test('a(?s:.)b', 'a\nb')).toBe(true);
    expect(test('a.b', 'a\nb', 's')).toBe(true);
  });

  it('character classes, ranges and negation', () => {
    expect(test('^[a-c]+$', 'abcab')).toBe(true);
    expect(test('^[^a-c]+$', 'xyz')).toBe(true);
    expect(test('^[^a-c]+$', 'xaz')).toBe(false);
    expect(test('^[]a]+$', ']a]')).toBe(true);
    expect(test('^[a-]+$', 'a-a')).toBe(true);
    expect(test('[$-_]', 'A')).toBe(true);
    expect(test('^[\\]\\\\]+$', ']\\')).toBe(true);
  });

  it('POSIX classes inside brackets, and their negation', () => {
    expect(test('^[[:alpha:]]+$', 'abcXYZ')).toBe(true);
    expect(test('^[[:alpha:]]+$', 'abc1')).toBe(false);
    expect(test('^[[:^alpha:]]+$', '123-')).toBe(true);
    expect(test('^[[:xdigit:]]+$', '09afAF')).toBe(true);
    expect(test('^[[:punct:]]+$', '!/:@[`{~')).toBe(true);
    expect(refusal(() => regexOf('[[:nope:]]'))).toMatch(/^runtime: .*unknown class/);
  });

  it('an unescaped [ in brackets is RE2 literal when no other reading exists ("[[]" in the corpus)', () => {
    expect(test('^[[]+$', '[[')).toBe(true);
    expect(refusal(() => regexOf('[a[b]c]'))).toMatch(/^unsupported: an unescaped "\[" inside brackets/);
  });

  it('class set operations of the newer syntax are refused', () => {
    expect(refusal(() => regexOf('[a-y&&xyz]'))).toMatch(/^unsupported: "&&" inside brackets/);
    expect(refusal(() => regexOf('[0-9--4]'))).toMatch(/^unsupported: "--"/);
    expect(refusal(() => regexOf('[a-g~~b-h]'))).toMatch(/^unsupported: "~~"/);
  });

  it('Unicode classes: one-letter, general categories, scripts, negated', () => {
    expect(test('^\\pL+$', 'abcé')).toBe(true);
    expect(test('^\\p{Lu}+$', 'ABC')).toBe(true);
    expect(test('^\\p{Greek}+$', 'αβγ')).toBe(true);
    expect(test('^\\P{Greek}+$', 'abc')).toBe(true);
    expect(test('^[\\p{Greek}\\d]+$', 'α1β2')).toBe(true);
    expect(test('^\\p{^Greek}+$', 'abc')).toBe(true);
    expect(refusal(() => regexOf('\\p{NoSuchScript}'))).toMatch(/^runtime: .*unknown Unicode class/);
  });

  it('escapes: punctuation, control characters, hex', () => {
    expect(test('^\\+\\.\\*\\/\\-\\_$', '+.*/-_')).toBe(true);
    expect(test('^a\\tb$', 'a\tb')).toBe(true);
    expect(test('^\\x41\\x{1F600}$', 'A😀')).toBe(true);
    expect(test('^\\u0041$', 'A')).toBe(true);
    expect(test('^\\Qa.b*c\\E$', 'a.b*c')).toBe(true);
    expect(test('^\\Qa.b*c\\E$', 'axbbc')).toBe(false);
    expect(refusal(() => regexOf('\\e'))).toMatch(/^runtime: .*invalid escape/);
    expect(refusal(() => regexOf('a\\'))).toMatch(/^runtime: .*trailing backslash/);
    expect(refusal(() => regexOf('\\C'))).toMatch(/^unsupported: \\C/);
  });

  it('a { that starts no repetition is a literal, as RE2 reads it (corpus patterns)', () => {
    expect(test('^\\w+{.*}$', 'ab{x}')).toBe(true);
    expect(test('^a{1-3}+$', 'a{1-3}}}')).toBe(true);
    expect(test('^a{2}$', 'aa')).toBe(true);
  });
});

describe('repetition (re2-library, regex)', () => {
  it('greedy and lazy forms', () => {
    expect(group('a(.*)b', 'a1b2b', 1)).toBe('1b2');
    expect(group('a(.*?)b', 'a1b2b', 1)).toBe('1');
    expect(group('(a{2,3})', 'aaaa', 1)).toBe('aaa');
    expect(group('(a{2,3}?)', 'aaaa', 1)).toBe('aa');
    expect(group('(a{2,})', 'aaaaa', 1)).toBe('aaaaa');
  });

  it('the U flag swaps greedy and lazy', () => {
    const k = regexOf('a(.*)b', { flags: 'U' });
    expect(k.ascii.re.exec('a1b2b')?.[1]).toBe('1');
    expect(regexOf('(?U)a(.*?)b').ascii.re.exec('a1b2b')?.[1]).toBe('1b2');
  });

  it('repetition errors are errors, as in Kusto', () => {
    expect(refusal(() => regexOf('*a'))).toMatch(/^runtime: .*missing argument/);
    expect(refusal(() => regexOf('a**'))).toMatch(/^runtime: .*bad repetition/);
    expect(refusal(() => regexOf('a++'))).toMatch(/^runtime: .*bad repetition/);
    expect(refusal(() => regexOf('a{1001}'))).toMatch(/^runtime: .*bad repetition/);
  });
});

describe('empty strings: anchors and boundaries (re2-library, regex)', () => {
  it('\\A and \\z anchor the whole text even in multi-line mode', () => {
    expect(test('\\Aab\\z', 'ab')).toBe(true);
    expect(test('(?m)\\Ab$', 'a\nb')).toBe(false);
    expect(test('(?m)^b\\z', 'a\nb')).toBe(true);
    expect(test('a\\z', 'a\n')).toBe(false);
  });

  it('$ is the end of the text, not before a final newline', () => {
    expect(test('a$', 'a\n')).toBe(false);
    expect(test('(?m)a$', 'a\n')).toBe(true);
  });

  it('multi-line ^ and $ see \\n only, not \\r or U+2028', () => {
    expect(test('(?m)^b', 'a\nb')).toBe(true);
    expect(test('(?m)^b', 'a\rb')).toBe(false);
    expect(test('(?m)^b', 'a\u2028b')).toBe(false);
    expect(test('(?m)a$', 'a\rb')).toBe(false);
  });

  it('\\b and \\B on ASCII text', () => {
    expect(test('\\bcat\\b', 'a cat!')).toBe(true);
    expect(test('\\bcat\\b', 'concat')).toBe(false);
    expect(test('\\Bcat', 'concat')).toBe(true);
  });

  it('\\< \\> and \\b{…} mean different things in RE2 and the newer syntax: refused', () => {
    expect(refusal(() => regexOf('\\<a'))).toMatch(/^unsupported: \\</);
    expect(refusal(() => regexOf('\\b{start}a'))).toMatch(/^unsupported: \\b\{/);
  });
});

describe('Perl classes: RE2 (ASCII) and the newer syntax (Unicode) must agree', () => {
  it('ASCII text: \\d \\w \\s as RE2 defines them', () => {
    expect(test('^\\d+$', '0123456789')).toBe(true);
    expect(test('^\\w+$', 'a_Z9')).toBe(true);
    expect(test('^\\s+$', ' \t\n\r\f')).toBe(true);
    expect(test('^[\\D]+$', 'ab')).toBe(true);
    expect(test('^[^\\d]+$', 'ab')).toBe(true);
  });

  it('text beyond ASCII that both readings treat alike is answered', () => {
    expect(test('^\\d+ é$', '12 é')).toBe(true);
    expect(group('(\\w+)', 'ab é', 1)).toBe('ab');
  });

  it('text where the readings differ is refused (an Arabic-Indic digit, a vertical tab, a letter)', () => {
    expect(refusal(() => test('^\\d$', '\u0663'))).toMatch(/^unsupported: .*RE2/);
    expect(refusal(() => test('^\\s$', '\v'))).toMatch(/^unsupported: .*RE2/);
    expect(refusal(() => test('^\\w+$', 'héllo'))).toMatch(/^unsupported: .*RE2/);
    expect(refusal(() => test('\\bé', ' é'))).toMatch(/^unsupported: .*RE2/);
  });

  it('\\W inside brackets has no Unicode spelling: refused only on text beyond ASCII', () => {
    expect(test('^[\\W]+$', '-+')).toBe(true);
    expect(refusal(() => test('^[\\W]+$', '-é'))).toMatch(/^unsupported: .*\\W inside brackets/);
  });
});

describe('groups and flags (re2-library, regex)', () => {
  it('numbered and named groups, (?P<n>) and (?<n>)', () => {
    const k = regexOf('(?P<key>\\w+)=(?<value>\\d+)(?:;)?(x)?');
    expect(k.groups).toBe(3);
    expect(k.names).toEqual([undefined, 'key', 'value', undefined]);
    expect(group('(?P<key>\\w+)=(?<value>\\d+)', 'a=1', 2)).toBe('1');
  });

  it('flags: leading (?i), flag groups scoped to their group and alternatives', () => {
    expect(test('(?i)abc', 'ABC')).toBe(true);
    expect(test('abc', 'ABC', 'i')).toBe(true);
    expect(test('(?s:a.)b.', 'a\nb\n')).toBe(false);
    expect(test('(x(?s)a.|b.)', 'b\n')).toBe(true);
    expect(test('(?m)(?-m)a$', 'a\n')).toBe(false);
  });

  it('case-insensitivity that changes inside the pattern is refused; unknown flags are errors', () => {
    expect(refusal(() => regexOf('a(?i)b'))).toMatch(/^unsupported: changing case-insensitivity/);
    expect(refusal(() => regexOf('(?i:a)b'))).toMatch(/^unsupported: changing case-insensitivity/);
    expect(refusal(() => regexOf('(?x)a b'))).toMatch(/^unsupported: the flag x/);
    expect(refusal(() => regexOf('(?q)a'))).toMatch(/^runtime: .*unknown flag/);
  });

  it('look-around and back-references are not RE2: errors', () => {
    expect(refusal(() => regexOf('a(?=b)'))).toMatch(/^runtime: .*look-around/);
    expect(refusal(() => regexOf('(?<!a)b'))).toMatch(/^runtime: .*look-around/);
    expect(refusal(() => regexOf('(a)\\1'))).toMatch(/^unsupported: \\1/);
    expect(refusal(() => regexOf('(?P=n)'))).toMatch(/^runtime: .*unknown group/);
  });

  it('unbalanced parentheses and duplicate names are errors', () => {
    expect(refusal(() => regexOf('(a'))).toMatch(/^runtime: .*missing "\)"/);
    expect(refusal(() => regexOf('a)'))).toMatch(/^runtime: .*\)/);
    expect(refusal(() => regexOf('(?P<n>a)(?P<n>b)'))).toMatch(/^runtime: .*duplicate group name/);
  });

  it('groups inside a repeated group are flagged: JavaScript clears them on each pass', () => {
    const k: KustoRegex = regexOf('(([a-z]+)(-[a-z]+)*\\.)+');
    expect([...k.unstable]).toEqual([2, 3]);
    expect(regexOf('([-:](\\d+))?').unstable.size).toBe(0);
  });
});

describe('global iteration (RE2: no empty match right after a match)', () => {
  const all = (pattern: string, text: string): string[] => {
    const out: string[] = [];
    forEachMatch(regexOf(pattern).ascii.g, text, m => {
      out.push(`${m.index}:${m[0]}`);
    });
    return out;
  };

  it('skips the empty match where the previous match ended', () => {
    expect(all('b*', 'abc')).toEqual(['0:', '1:b', '3:']);
    expect(all('x*', 'ab')).toEqual(['0:', '1:', '2:']);
    expect(all('a', 'aaa')).toEqual(['0:a', '1:a', '2:a']);
  });

  it('advances by code points, not UTF-16 units', () => {
    expect(all('x*', '😀')).toEqual(['0:', '2:']);
  });
});

describe('matches regex (datatypes-string-operators)', () => {
  it('the doc example and case-sensitivity', () => {
    expect(value('"Fabrikam" matches regex "b.*k"')).toBe(true);
    expect(value('"Fabrikam" matches regex "B.*K"')).toBe(false);
    expect(value('"Fabrikam" matches regex "(?i)B.*K"')).toBe(true);
  });

  it('an invalid pattern is an error at its place in the query', () => {
    const p = problem('print x = "a" matches regex "(a"');
    expect(p.kind).toBe('runtime');
    expect(p.message).toMatch(/invalid regular expression/);
  });

  it('a row-dependent pattern is translated per value', () => {
    expect(
      value('toscalar(datatable(s:string, p:string)["ab", "^a", "ab", "^b"] | where s matches regex p | count)'),
    ).toBe(1);
  });
});

describe('matching time (RE2 is linear; JavaScript backtracks)', () => {
  it('the corpus URL pattern on a long URL without its ";" answers at once', () => {
    const url = `see http://${'a'.repeat(200)} end`;
    const k = regexOf('(http[s]?://(?:[a-zA-Z]|[0-9]|[$-_@.&+]|[!*\\(\\),]|(?:%[0-9a-fA-F][0-9a-fA-F]))+);');
    const started = Date.now();
    expect(withRegex(k, url, v => v.re.test(url))).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    const nested = regexOf('\\b(a+)+$');
    const text = ` ${'a'.repeat(60)}!`;
    expect(withRegex(nested, text, v => v.re.test(text))).toBe(false);
  });

  it('text beyond ASCII still gets the Unicode-aware expression (case folding of U+212A)', () => {
    expect(test('(?i)k', '\u212a')).toBe(true);
    expect(test('(?i)\u212a', 'k')).toBe(true);
  });
});
