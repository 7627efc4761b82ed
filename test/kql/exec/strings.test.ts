// String operators and string functions: conformance cases from each Kusto documentation page named in the
// describe() titles (https://learn.microsoft.com/kusto/query/<page>).
import { describe, expect, it } from 'vitest';
import { problem, rows, value } from './helpers.js';

const refused = (query: string): string => {
  const p = problem(query);
  expect(p.kind).toBe('unsupported');
  return p.message;
};

describe('string operators (datatypes-string-operators)', () => {
  it('every example of the operator table yields true', () => {
    const examples = [
      '"aBc" == "aBc"',
      '"abc" != "ABC"',
      '"abc" =~ "ABC"',
      '"aBc" !~ "xyz"',
      '"North America" has "america"',
      '"North America" !has "amer"',
      '"North America" has_cs "America"',
      '"North America" !has_cs "amer"',
      '"North America" hasprefix "ame"',
      '"North America" !hasprefix "mer"',
      '"North America" hasprefix_cs "Ame"',
      '"North America" !hasprefix_cs "CA"',
      '"North America" hassuffix "ica"',
      '"North America" !hassuffix "americ"',
      '"North America" hassuffix_cs "ica"',
      '"North America" !hassuffix_cs "icA"',
      '"FabriKam" contains "BRik"',
      '"Fabrikam" !contains "xyz"',
      '"FabriKam" contains_cs "Kam"',
      '"Fabrikam" !contains_cs "Kam"',
      '"Fabrikam" startswith "fab"',
      '"Fabrikam" !startswith "kam"',
      '"Fabrikam" startswith_cs "Fab"',
      '"Fabrikam" !startswith_cs "fab"',
      '"Fabrikam" endswith "Kam"',
      '"Fabrikam" !endswith "brik"',
      '"Fabrikam" endswith_cs "kam"',
      '"Fabrikam" !endswith_cs "brik"',
      '"Fabrikam" matches regex "b.*k"',
      '"abc" in ("123", "345", "abc")',
      '"bca" !in ("123", "345", "abc")',
      '"abc" in~ ("123", "345", "ABC")',
      '"bca" !in~ ("123", "345", "ABC")',
      '"North America" has_any("south", "north")',
    ];
    const r = rows(`print ${examples.map((e, i) => `c${i} = ${e}`).join(', ')}`);
    expect(r[0]).toEqual(examples.map(() => true));
  });

  it('a term is a maximal run of alphanumerics: "has" does not find part of one', () => {
    expect(value('"KustoExplorerQueryRun" has "Explorer"')).toBe(false);
    expect(value('"KustoExplorerQueryRun" contains "Explorer"')).toBe(true);
    expect(value('"Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun" has "c1db"')).toBe(true);
    expect(value('"North America" has "North America"')).toBe(true);
  });

  it('a right side that starts or ends with a non-alphanumeric matches there as text (dataexplorer-docs issue 1005)', () => {
    const url =
      '"https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/test.rg000001?api-version=2021-04-01"';
    expect(value(`${url} has "resourcegroups/test.rg000001"`)).toBe(true);
    expect(value(`${url} has "/resourcegroups/test.rg000001?"`)).toBe(true);
    expect(value(`${url} has "resourcegroups/test.rg00000"`)).toBe(false);
  });

  it('has with an empty term is refused (its answer is undocumented)', () => {
    expect(refused('print x = "abc" has ""')).toMatch(/"has" with an empty term/);
    expect(refused('print x = "abc" hasprefix ""')).toMatch(/"hasprefix" with an empty term/);
    expect(value('"abc" contains ""')).toBe(true);
    expect(value('"abc" startswith ""')).toBe(true);
  });

  it('terms next to letters beyond ASCII are refused only where that decides the answer', () => {
    expect(refused('print x = "résumé" has "sum"')).toMatch(/letters beyond ASCII are parts of terms/);
    expect(value('"café bar" has "bar"')).toBe(true);
    expect(value('"café bar" has "baz"')).toBe(false);
  });

  it('case folding beyond ASCII is refused only where the folds disagree', () => {
    expect(refused('print x = "É" =~ "é"')).toMatch(/folding the case of letters beyond ASCII/);
    expect(refused('print x = "STRASSE" contains "straße"')).toMatch(/folding the case/);
    expect(value('"Ünïcode text ERROR" contains "error"')).toBe(true);
    expect(value('"ÀB" =~ "Àb"')).toBe(true);
    expect(value('"É" == "é"')).toBe(false);
  });

  it('non-string operands are compared as their text', () => {
    expect(value('dynamic(["test", "example"]) has "test"')).toBe(true);
    expect(value('dynamic({"a":"Bcd"}) contains "bcd"')).toBe(true);
  });
});

describe('strcat_delim (strcat-delim-function)', () => {
  it('joins forcibly cast arguments', () => {
    expect(value("strcat_delim('-', 1, '2', 'A', 1s)")).toBe('1-2-A-00:00:01');
    expect(value("strcat_delim(', ', 'a', '')")).toBe('a, ');
  });
  it('a datetime argument is refused (its text there is undocumented)', () => {
    expect(refused("print x = strcat_delim('-', 'a', datetime(2020-01-01))")).toMatch(/strcat_delim\(\) of a datetime/);
  });
});

describe('strlen (strlen-function) and string_size (string-size-function)', () => {
  it('strlen counts Unicode code points', () => {
    expect(value('strlen("hello")')).toBe(5);
    expect(value('strlen("⒦⒰⒮⒯⒪")')).toBe(5);
    expect(value("strlen('C\u0327edilla')")).toBe(8);
    expect(value('strlen("😀a")')).toBe(2);
    expect(value('strlen("")')).toBe(0);
  });
  it('string_size counts UTF-8 bytes', () => {
    expect(value('string_size("hello")')).toBe(5);
    expect(value('string_size("⒦⒰⒮⒯⒪")')).toBe(15);
  });
});

describe('tolower and toupper (tolower-function, toupper-function)', () => {
  it('map case; non-strings are cast to text', () => {
    expect(value('tolower("Hello")')).toBe('hello');
    expect(value('toupper("hello")')).toBe('HELLO');
    expect(value('toupper("éa")')).toBe('ÉA');
    expect(value('toupper(123)')).toBe('123');
    expect(value('tolower(dynamic({"A":"B"}))')).toBe('{"a":"b"}');
  });
  it('letters whose case maps to several characters are refused', () => {
    expect(refused('print x = toupper("straße")')).toMatch(/toupper\(\) of "straße"/);
    expect(refused('print x = tolower("İ")')).toMatch(/tolower\(\)/);
  });
});

describe('substring (substring-function)', () => {
  it('the examples of the page', () => {
    expect(value('substring("123456", 1)')).toBe('23456');
    expect(value('substring("123456", 2, 2)')).toBe('34');
    expect(value('substring("ABCD", 0, 2)')).toBe('AB');
    expect(value('substring("123456", -2, 2)')).toBe('56');
  });
  it('a length past the end stops at the end; a start past the end is empty', () => {
    expect(value('substring("abc", 1, 100)')).toBe('bc');
    expect(value('substring("abc", 5)')).toBe('');
    expect(value('substring("", 0, 2)')).toBe('');
  });
  it('undocumented positions are refused', () => {
    expect(refused('print x = substring("abc", -5)')).toMatch(/negative start/);
    expect(refused('print x = substring("abc", 0, -1)')).toMatch(/negative length/);
    expect(refused('print x = substring("a😀b", 1, 1)')).toMatch(/beyond U\+FFFF/);
  });
});

describe('split (split-function)', () => {
  it('the examples of the page', () => {
    expect(
      rows(
        'print split("aa_bb", "_"), split("aaa_bbb_ccc", "_", 1), split("", "_"), split("a__b", "_"), split("aabbcc", "bb")',
      )[0],
    ).toEqual(['["aa","bb"]', '["bbb"]', '[""]', '["a","","b"]', '["aa","cc"]']);
  });
  it('an index beyond the parts gives an empty array; an empty delimiter is refused', () => {
    expect(value('split("a_b", "_", 5)')).toBe('[]');
    expect(refused('print x = split("ab", "")')).toMatch(/empty delimiter/);
  });
});

describe('indexof (indexof-function)', () => {
  it('the examples of the page', () => {
    const r = rows(`print
      idx1 = indexof("abcdefg","cde"),
      idx2 = indexof("abcdefg","cde",1,4),
      idx3 = indexof("abcdefg","cde",1,2),
      idx4 = indexof("abcdefg","cde",3,4),
      idx5 = indexof("abcdefg","cde",-5),
      idx6 = indexof(1234567,5,1,4),
      idx7 = indexof("abcdefg","cde",2,-1),
      idx8 = indexof("abcdefgabcdefg", "cde", 1, 10, 2),
      idx9 = indexof("abcdefgabcdefg", "cde", 1, -1, 3)`);
    expect(r[0]).toEqual([2, 2, -1, -1, 2, 4, 2, 9, -1]);
  });
  it('invalid length and occurrence give null', () => {
    expect(value('indexof("abc", "b", 0, -2)')).toBe(null);
    expect(value('indexof("abc", "b", 0, -1, -1)')).toBe(null);
  });
  it('an occurrence whose answer depends on overlapping is refused', () => {
    expect(value('indexof("aXaXa", "a", 0, -1, 2)')).toBe(2);
    expect(refused('print x = indexof("aaaa", "aa", 0, -1, 2)')).toMatch(/overlaps/);
  });
});

describe('indexof_regex (indexof-regex-function)', () => {
  it('the examples of the page', () => {
    const r = rows(`print
      idx1 = indexof_regex("abcabc", @"a.c"),
      idx2 = indexof_regex("abcabcdefg", @"a.c", 0, 9, 2),
      idx3 = indexof_regex("abcabc", @"a.c", 1, -1, 2),
      idx4 = indexof_regex("ababaa", @"a.a", 0, -1, 2),
      idx5 = indexof_regex("abcabc", @"a|ab", -1)`);
    expect(r[0]).toEqual([0, 3, -1, -1, null]);
  });
  it('the corpus pattern ",OU|,CN"', () => {
    expect(value('indexof_regex("CN=x,OU=y", @",OU|,CN")')).toBe(4);
  });
});

describe('countof (countof-function)', () => {
  it('the examples of the page', () => {
    const r = rows(`print countof("aaa", "a"), countof("aaaa", "aa"), countof("ababa", "ab", "normal"),
      countof("ababa", "aba"), countof("ababa", "aba", "regex"), countof("abcabc", "a.c", "regex")`);
    expect(r[0]).toEqual([3, 3, 2, 2, 1, 2]);
  });
  it('an unknown kind is an error; empty matches are refused', () => {
    expect(problem('print x = countof("a", "a", "other")').kind).toBe('semantic');
    expect(refused('print x = countof("abc", "x*", "regex")')).toMatch(/matches empty text/);
  });
});

describe('reverse (reverse-function)', () => {
  it('the examples of the page', () => {
    expect(value('reverse("ABCDEFGHIJKLMNOPQRSTUVWXYZ")')).toBe('ZYXWVUTSRQPONMLKJIHGFEDCBA');
    const r =
      rows(`print ['int'] = 12345, ['double'] = 123.45, ['datetime'] = datetime(2017-10-15 12:00), ['timespan'] = 3h
      | project rint = reverse(['int']), rdouble = reverse(['double']), rdatetime = reverse(['datetime']), rtimespan = reverse(['timespan'])`);
    expect(r[0]).toEqual(['54321', '54.321', 'Z0000000.00:00:21T51-01-7102', '00:00:30']);
  });
});

describe('replace_string (replace-string-function)', () => {
  it('the example of the page', () => {
    const r = rows(`datatable(x:long) [1, 2]
      | extend str = strcat('Number is ', tostring(x))
      | extend replaced = replace_string(str, 'is', 'was')`);
    expect(r).toEqual([
      [1, 'Number is 1', 'Number was 1'],
      [2, 'Number is 2', 'Number was 2'],
    ]);
  });
  it('matches do not overlap; an empty lookup is refused', () => {
    expect(value("replace_string('aaa', 'aa', 'b')")).toBe('ba');
    expect(refused("print x = replace_string('abc', '', 'x')")).toMatch(/empty string/);
  });
});

describe('replace_regex (replace-regex-function) and replace (replace-function)', () => {
  it('the example of the page', () => {
    const r = rows(`datatable(x:long) [1, 2]
      | extend str = strcat('Number is ', tostring(x))
      | extend replaced = replace_regex(str, @'is (\\d+)', @'was: \\1'), old = replace(@'is (\\d+)', @'was: \\1', str)`);
    expect(r).toEqual([
      [1, 'Number is 1', 'Number was: 1', 'Number was: 1'],
      [2, 'Number is 2', 'Number was: 2', 'Number was: 2'],
    ]);
  });
  it('\\0 is the whole match, \\\\ a backslash; a group that takes no part is empty', () => {
    expect(value("replace_regex('a1b22', @'\\d+', @'<\\0>')")).toBe('a<1>b<22>');
    expect(value("replace_regex('ab', 'b', @'\\\\')")).toBe('a\\');
    expect(value("replace_regex('ab', '(x)?b', @'[\\1]')")).toBe('a[]');
  });
  it('empty matches follow RE2: none right after a match', () => {
    expect(value("replace_regex('abc', 'b*', '-')")).toBe('-a-c-');
  });
  it('the corpus forms: replace(@";", @"&", a) and a character class', () => {
    expect(value("replace(@';', @'&', 'a=1;b=2')")).toBe('a=1&b=2');
    expect(value("replace(@'[,\\(\\)]', '', 'f(a,b)')")).toBe('fab');
  });
  it('a rewrite naming a missing group or a bad escape is an error', () => {
    expect(problem("print x = replace_regex('ab', 'b', @'\\1')").kind).toBe('runtime');
    expect(problem("print x = replace_regex('ab', 'b', @'\\n')").kind).toBe('runtime');
  });
});

describe('trim, trim_start, trim_end (trim-function, trim-start-function, trim-end-function)', () => {
  it('the examples of the pages', () => {
    expect(value('trim("--", @"--https://bing.com--")')).toBe('https://bing.com');
    expect(value('trim_start("https://", @"https://bing.com")')).toBe('bing.com');
    expect(value('trim_end(".com", @"bing.com")')).toBe('bing');
    const r = rows(`datatable(x:long) [1, 2]
      | project str = strcat("-  ","Te st",x,@"// $")
      | extend t = trim(@"[^\\w]+",str), s = trim_start(@"[^\\w]+",str), e = trim_end(@"[^\\w]+",str)`);
    expect(r[0]).toEqual(['-  Te st1// $', 'Te st1', 'Te st1// $', '-  Te st1']);
    const ws = rows(
      'print a = trim(@"\\s+", @"    Hello, world!    "), b = trim_start(@"\\s+", @"    Hello, world!    "), c = trim_end(@"\\s+", @"    Hello, world!    ")',
    );
    expect(ws[0]).toEqual(['Hello, world!', 'Hello, world!    ', '    Hello, world!']);
  });
  it('repeated matches are all trimmed; the corpus form trim_start(@"[[]", …)', () => {
    expect(value('trim("ab", "ababxab")')).toBe('x');
    expect(value("trim_start(@'[[]', '[2001:db8::1')")).toBe('2001:db8::1');
  });
});

describe('translate (translate-function)', () => {
  it('the examples of the page', () => {
    expect(value('translate("abc", "x", "abc")')).toBe('xxx');
    expect(value('translate("abc", "", "ab")')).toBe('');
    expect(value('translate("krasp", "otsku", "spark")')).toBe('kusto');
  });
  it('the corpus form removes NUL characters', () => {
    expect(value("translate('\\0', '', 'a\\0b')")).toBe('ab');
  });
});

describe('strrep (strrep-function)', () => {
  it('the example of the page', () => {
    expect(
      rows("print from_str = strrep('ABC', 2), from_int = strrep(123,3,'.'), from_time = strrep(3s,2,' ')")[0],
    ).toEqual(['ABCABC', '123.123.123', '00:00:03 00:00:03']);
  });
  it('a multiplier the page contradicts itself about is refused', () => {
    expect(refused("print x = strrep('a', 2000)")).toMatch(/outside 1 to 1024/);
  });
});

describe('extract (extract-function)', () => {
  it('the examples of the page', () => {
    const r = rows(`let Dates = datatable(DateString: string) ["15-12-2024", "21-07-2023", "10-03-2022"];
      Dates | extend Month = extract(@"-(\\d{2})-", 1, DateString, typeof(int)) | project DateString, Month`);
    expect(r).toEqual([
      ['15-12-2024', 12],
      ['21-07-2023', 7],
      ['10-03-2022', 3],
    ]);
    expect(value('extract("User: ([^,]+)", 1, "User: JohnDoe, Email: johndoe@example.com, Age: 29")')).toBe('JohnDoe');
  });
  it('no match: empty for a string, null when typed; group 0 is the whole match', () => {
    expect(value('extract("x(\\\\d)", 1, "abc")')).toBe('');
    expect(value('extract("x(\\\\d)", 1, "abc", typeof(long))')).toBe(null);
    expect(value('extract("b+", 0, "abbbc")')).toBe('bbb');
    expect(value('extract("x=([0-9.]+)", 1, "hello x=45.6|wo", typeof(real))')).toBe(45.6);
  });
  it('typed conversions refuse text whose reading is undocumented', () => {
    expect(value('extract("(\\\\w+)", 1, "abc", typeof(long))')).toBe(null);
    expect(refused('print x = extract("(.*)", 1, "12.5", typeof(long))')).toMatch(/reading "12.5" as long/);
    expect(value('extract("(.*)", 1, "2024-01-02", typeof(datetime))')).toBe('2024-01-02T00:00:00Z');
  });
  it('a group the pattern lacks is an error; one JavaScript keeps differently is refused', () => {
    expect(problem('print x = extract("(a)", 2, "a")').kind).toBe('runtime');
    expect(refused('print x = extract("((a)|b)+", 2, "ab")')).toMatch(/repeated group/);
  });
});

describe('extract_all (extract-all-function)', () => {
  const id = 'print Id="82b8be2d-dfa7-4bd1-8f63-24ad26d31449"';
  it('the examples of the page', () => {
    expect(value('extract_all(@"(\\d+)", "a set of numbers: 123, 567 and 789")')).toBe('["123","567","789"]');
    expect(rows(`${id} | extend b = extract_all(@"([\\da-f]{2})", Id)`)[0]![1]).toBe(
      '["82","b8","be","2d","df","a7","4b","d1","8f","63","24","ad","26","d3","14","49"]',
    );
    const three = '[["8","2b8be2","d"],["d","fa","7"],["4","bd","1"],["8","f6","3"],["2","4ad26d3144","9"]]';
    expect(rows(`${id} | extend b = extract_all(@"(\\w)(\\w+)(\\w)", Id)`)[0]![1]).toBe(three);
    expect(rows(`${id} | extend b = extract_all(@"(\\w)(\\w+)(\\w)", dynamic([1,3]), Id)`)[0]![1]).toBe(
      '[["8","d"],["d","7"],["4","1"],["8","3"],["2","9"]]',
    );
    expect(
      rows(
        `${id} | extend b = extract_all(@"(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", dynamic(['first',2,'last']), Id)`,
      )[0]![1],
    ).toBe(three);
  });
  it('no match is null; a pattern without groups is refused', () => {
    expect(value('extract_all(@"(\\d+)", "none")')).toBe(null);
    expect(refused('print x = extract_all(@"\\d+", "12")')).toMatch(/without capture groups/);
  });
});

describe('parse_url (parse-url-function)', () => {
  it('the example of the page (Path keeps its "/", as Kusto returns it)', () => {
    expect(value('parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")')).toBe(
      JSON.stringify({
        Scheme: 'scheme',
        Host: 'host',
        Port: '1234',
        Path: '/this/is/a/path',
        Username: 'username',
        Password: 'password',
        'Query Parameters': { k1: 'v1', k2: 'v2' },
        Fragment: 'fragment',
      }),
    );
  });
  it('query keys in sorted order, missing parts empty (Kusto-Query-Language issue 112)', () => {
    expect(value('parse_url("https://www.example.com:123/forum/questions/?tag=networking&order=newest#top")')).toBe(
      JSON.stringify({
        Scheme: 'https',
        Host: 'www.example.com',
        Port: '123',
        Path: '/forum/questions/',
        Username: '',
        Password: '',
        'Query Parameters': { order: 'newest', tag: 'networking' },
        Fragment: 'top',
      }),
    );
    expect(value('parse_url("http://a.com").Path')).toBe('""');
  });
  it('shapes Kusto reads oddly are refused', () => {
    expect(refused('print x = parse_url("https://john.doe@www.example.com/")')).toMatch(/parse_url\(\)/);
    expect(refused('print x = parse_url("mailto:John.Doe@example.com")')).toMatch(/parse_url\(\)/);
    expect(refused('print x = parse_url("http://a.com/?q=a%20b")')).toMatch(/escapes/);
  });
});

describe('parse_urlquery (parse-urlquery-function)', () => {
  it('the example of the page', () => {
    expect(value('parse_urlquery("k1=v1&k2=v2&k3=v3")')).toBe('{"Query Parameters":{"k1":"v1","k2":"v2","k3":"v3"}}');
  });
});

describe('parse_path (parse-path-function)', () => {
  it('the examples of the page', () => {
    const r = rows(`datatable(p:string)
      [
        @"C:\\temp\\file.txt",
        @"temp\\file.txt",
        "file://C:/temp/file.txt:some.exe",
        @"\\\\shared\\users\\temp\\file.txt.gz",
        "/usr/lib/temp/file.txt"
      ]
      | extend path_parts = parse_path(p)`);
    const obj = (s: string, r: string, dp: string, f: string, e: string, ads: string) =>
      JSON.stringify({
        Scheme: s,
        RootPath: r,
        DirectoryPath: dp,
        DirectoryName: 'temp',
        Filename: f,
        Extension: e,
        AlternateDataStreamName: ads,
      });
    expect(r.map(x => x[1])).toEqual([
      obj('', 'C:', 'C:\\temp', 'file.txt', 'txt', ''),
      obj('', '', 'temp', 'file.txt', 'txt', ''),
      obj('file', 'C:', 'C:/temp', 'file.txt', 'txt', 'some.exe'),
      obj('', '', '\\\\shared\\users\\temp', 'file.txt.gz', 'gz', ''),
      obj('', '', '/usr/lib/temp', 'file.txt', 'txt', ''),
    ]);
  });
  it('shapes the page does not show are refused', () => {
    expect(refused('print x = parse_path(@"C:\\file.txt")')).toMatch(/directly under a root/);
    expect(refused('print x = parse_path("file.txt")')).toMatch(/parse_path\(\)/);
  });
});

describe('url_decode, url_encode, url_encode_component (url-decode-function, url-encode-function, url-encode-component-function)', () => {
  it('the examples of the pages', () => {
    expect(value("url_decode(@'https%3a%2f%2fwww.bing.com%2f')")).toBe('https://www.bing.com/');
    expect(value("url_encode(@'https://www.bing.com/hello world')")).toBe('https%3a%2f%2fwww.bing.com%2fhello+world');
    expect(value("url_encode_component(@'https://www.bing.com/hello world')")).toBe(
      'https%3a%2f%2fwww.bing.com%2fhello%20world',
    );
  });
  it('UTF-8 both ways; malformed escapes and undocumented characters are refused', () => {
    expect(value("url_encode('é')")).toBe('%c3%a9');
    expect(value("url_decode('%C3%A9+x')")).toBe('é x');
    expect(refused("print x = url_decode('%zz')")).toMatch(/malformed escape/);
    expect(refused("print x = url_decode('%ff')")).toMatch(/not UTF-8/);
    expect(refused("print x = url_encode('a(b)')")).toMatch(/url_encode\(\)/);
  });
});

describe('base64 (base64-decode-tostring-function, base64-decode-toarray-function, base64-encode-tostring-function)', () => {
  it('the examples of the pages', () => {
    expect(value('base64_decode_tostring("S3VzdG8=")')).toBe('Kusto');
    expect(value('base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")')).toBe('');
    expect(value('base64_decode_toarray("S3VzdG8=")')).toBe('[75,117,115,116,111]');
    expect(value('base64_encode_tostring("Kusto")')).toBe('S3VzdG8=');
  });
  it('unpadded or malformed base64 is refused', () => {
    expect(refused('print x = base64_decode_tostring("S3VzdG8")')).toMatch(/padded base64/);
  });
});

describe('hash_sha256 (hash-sha256-function) and hash_md5 (hash-md5-function)', () => {
  it('the examples of the pages', () => {
    expect(rows('print h1=hash_sha256("World"), h2=hash_sha256(datetime(2020-01-01))')[0]).toEqual([
      '78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524',
      'ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d',
    ]);
    expect(rows('print h1=hash_md5("World"), h2=hash_md5(datetime(2020-01-01))')[0]).toEqual([
      'f5a7924e621e84c9280a9a27e1bcb7f6',
      '786c530672d1f8db31fee25ea8a9390b',
    ]);
    expect(value('hash_sha256("TEXAS")')).toBe('9087f20f23f91b5a77e8406846117049029e6798ebbd0d38aea68da73a00ca37');
  });
});

describe('parse_command_line (parse-command-line-function)', () => {
  it('the example of the page and CommandLineToArgvW quoting', () => {
    expect(value(String.raw`parse_command_line("echo \"hello world!\"", "windows")`)).toBe('["echo","hello world!"]');
    expect(value(String.raw`parse_command_line(@'a.exe "b c" d\\\"e f\g', 'windows')`)).toBe(
      String.raw`["a.exe","b c","d\\\"e","f\\g"]`,
    );
    expect(value(String.raw`parse_command_line(@'"C:\Program Files\x.exe" -a', 'windows')`)).toBe(
      String.raw`["C:\\Program Files\\x.exe","-a"]`,
    );
  });
});

describe('parse_xml (parse-xml-function)', () => {
  it('every row of the conversion table', () => {
    const cases: [string, unknown][] = [
      ['<e/>', { e: null }],
      ['<e>text</e>', { e: 'text' }],
      ['<e name="value" />', { e: { '@name': 'value' } }],
      ['<e name="value">text</e>', { e: { '@name': 'value', '#text': 'text' } }],
      ['<e> <a>text</a> <b>text</b> </e>', { e: { a: 'text', b: 'text' } }],
      ['<e> <a>text</a> <a>text</a> </e>', { e: { a: ['text', 'text'] } }],
      ['<e> text <a>text</a> </e>', { e: { '#text': 'text', a: 'text' } }],
    ];
    for (const [xml, json] of cases) expect(value(`parse_xml('${xml}')`)).toBe(JSON.stringify(json));
  });

  it('Windows event XML as the corpus reads it (.DataItem.EventData.Data)', () => {
    const xml =
      '<?xml version="1.0"?><DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">' +
      '<Data Name="SubjectUserSid">S-1-5-18</Data><Data Name="SubjectUserName">SYSTEM</Data><!-- note --></EventData></DataItem>';
    expect(value(`parse_xml('${xml}').DataItem.EventData.Data`)).toBe(
      JSON.stringify([
        { '@Name': 'SubjectUserSid', '#text': 'S-1-5-18' },
        { '@Name': 'SubjectUserName', '#text': 'SYSTEM' },
      ]),
    );
  });

  it('entities are decoded; invalid XML is null', () => {
    expect(value(`parse_xml('<a b="x &amp; y">&lt;&#65;&gt;</a>')`)).toBe('{"a":{"@b":"x & y","#text":"<A>"}}');
    expect(value(`parse_xml('<a><b></a>')`)).toBe(null);
    expect(value(`parse_xml('not xml')`)).toBe(null);
    expect(value(`parse_xml('<a/><b/>')`)).toBe(null);
  });

  it('what the page leaves open is refused: numeric text, padded text, CDATA', () => {
    expect(refused(`print x = parse_xml('<value>118.0</value>')`)).toMatch(/a number or a string/);
    expect(refused(`print x = parse_xml('<e> text </e>')`)).toMatch(/leading or trailing spaces/);
    expect(refused(`print x = parse_xml('<e><![CDATA[x]]></e>')`)).toMatch(/CDATA/);
  });
});

describe('unicode_codepoints_to_string (unicode-codepoints-to-string-function) and unicode_codepoints_from_string (unicode-codepoints-from-string-function)', () => {
  it('the examples of the pages', () => {
    expect(value('unicode_codepoints_to_string(75, 117, 115, 116, 111)')).toBe('Kusto');
    expect(value('unicode_codepoints_to_string(dynamic([75, 117, 115, 116, 111]))')).toBe('Kusto');
    expect(value('unicode_codepoints_to_string(dynamic([75, 117, 115]), 116, 111)')).toBe('Kusto');
    expect(value('make_string(75, 10, 117)')).toBe('K\nu');
    expect(value('unicode_codepoints_from_string("⒦⒰⒮⒯⒪")')).toBe('[9382,9392,9390,9391,9386]');
    expect(value('unicode_codepoints_from_string("קוסטו - Kusto")')).toBe(
      '[1511,1493,1505,1496,1493,32,45,32,75,117,115,116,111]',
    );
    expect(value('unicode_codepoints_to_string(unicode_codepoints_from_string("Kusto"))')).toBe('Kusto');
  });
  it('a value that is not a code point gives null (empty)', () => {
    expect(value('unicode_codepoints_to_string(75, 1114112)')).toBe('');
  });
});

describe('deprecated aliases (parse-url-function, parse-urlquery-function)', () => {
  it('parseurl and parseurlquery', () => {
    expect(value('parseurl("http://a.com/x").Path')).toBe('"/x"');
    expect(value('parseurlquery("a=1")')).toBe('{"Query Parameters":{"a":"1"}}');
  });
});

describe('contains_cs (contains-cs-operator): the spellings the parser reads as it', () => {
  it('containscs is contains_cs, notcontainscs is !contains_cs, notcontains is !contains', () => {
    // The corpus shape: UserAgent containscs "Mozilla".
    expect(
      rows(
        'print a = "Mozilla/5.0" containscs "Mozilla", b = "mozilla" containscs "Mozilla", c = "Fabrikam" notcontainscs "Kam", d = "Fabrikam" notcontains "BRIK"',
      ),
    ).toEqual([[true, false, true, false]]);
  });
});

describe('in~ beyond ASCII (datatypes-string-operators)', () => {
  it('folds as =~ does: refused where the folds disagree, answered where they agree', () => {
    expect(refused('print x = "É" in~ ("é", "a")')).toMatch(/folding the case/);
    expect(refused('print x = "strasse" in~ ("STRAßE")')).toMatch(/folding the case/);
    expect(value('"ÀB" in~ ("x", "Àb")')).toBe(true);
    expect(value('"ÀB" !in~ ("x", "y")')).toBe(true);
    expect(value('"abc" in~ ("ABC")')).toBe(true);
  });
});
