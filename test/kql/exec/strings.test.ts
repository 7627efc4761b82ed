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
