// JSON text functions: extract_json() (a JSONPath into JSON text) and dynamic_to_json() (a dynamic value's
// canonical text). Each cites its page of https://learn.microsoft.com/kusto/query/.
import { ExecError, unsupported } from '../errors.js';
import { defineFunction, doc, type CallSite } from '../registry.js';
import { dynToJson, isBag, parseDyn, toText, type Dyn, type Value } from '../values.js';
import { textAs } from './strings.js';

// ---------------------------------------------------------------- extract_json

/** One step of a path: a property name or an array index. */
type Step = string | number;

/**
 * The JSONPath subset of the JSONPath expressions page (https://learn.microsoft.com/kusto/query/jsonpath): `$`, then
 * `.name`, `['name']` (or double quotes) and `[n]`. Wildcards, recursive descent, negative indexes, unions, slices
 * and filters are refused.
 */
export function parseJsonPath(path: string, site: CallSite): Step[] {
  const refuse = (why: string) => unsupported(`${site.name}() with the JSONPath "${path}" (${why})`, site.node);
  const p = path.trim();
  if (!p.startsWith('$')) throw refuse('it does not start at the root, $');
  const steps: Step[] = [];
  let i = 1;
  while (i < p.length) {
    const rest = p.slice(i);
    let m = /^\.([A-Za-z_$@][\w$@-]*)/.exec(rest);
    if (m) {
      steps.push(m[1]!);
      i += m[0].length;
      continue;
    }
    m = /^\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\]/.exec(rest);
    if (m) {
      steps.push(m[1] ?? m[2]!);
      i += m[0].length;
      continue;
    }
    m = /^\[\s*(\d+)\s*\]/.exec(rest);
    if (m) {
      steps.push(Number(m[1]));
      i += m[0].length;
      continue;
    }
    throw refuse(`"${rest}" is not a documented child or subscript step`);
  }
  return steps;
}

function follow(v: Dyn | undefined, steps: readonly Step[]): Dyn | undefined {
  for (const s of steps) {
    if (v === undefined || v === null) return undefined;
    if (typeof s === 'number') v = Array.isArray(v) ? v[s] : undefined;
    else v = isBag(v) && Object.hasOwn(v, s) ? v[s] : undefined;
  }
  return v;
}

// extract_json() / extractjson(): https://learn.microsoft.com/kusto/query/extract-json-function. The element at the
// path, as the optional typeof(T) says (string without it). Where the path finds nothing, the result is the type's
// null (the empty string for strings); an empty source is the empty (null) string, so it is null too. Text that is
// not JSON is refused (the page only speaks of valid JSON), and so is an element the page does not say how to
// convert: an object, an array or a fraction as text, or a value whose kind is not the type's.
defineFunction(['extract_json', 'extractjson'], {
  doc: doc('extract-json-function'),
  compile(site) {
    const [pathArg, source] = [site.args[0]!, site.args[1]!];
    const type = site.resultType;
    const empty = type === 'string' ? '' : null;
    const constantPath = pathArg.constant
      ? parseJsonPath(toText(pathArg.constant.value, pathArg.type), site)
      : undefined;
    const convert = (v: Dyn): Value => {
      if (v === null) return empty;
      if (type === 'dynamic') return v;
      if (typeof v === 'object') throw unsupported(`${site.name}() of an object or array as ${type}`, site.node);
      if (typeof v === 'number' && type === 'string' && !Number.isInteger(v))
        throw unsupported(
          `${site.name}() of the fraction ${v} as text (its digits may be written otherwise)`,
          site.node,
        );
      const kind = typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool';
      const fits =
        type === 'string' ||
        (kind === 'number' && ['int', 'long', 'real', 'decimal'].includes(type)) ||
        (kind === 'bool' && type === 'bool');
      if (!fits) throw unsupported(`${site.name}() of a JSON ${kind} as ${type}`, site.node);
      return textAs(String(v), type, `${site.name}()`);
    };
    return row => {
      const path = constantPath ?? parseJsonPath(toText(pathArg.eval(row), pathArg.type), site);
      const raw = source.eval(row);
      let doc: Dyn | undefined;
      if (source.type === 'dynamic' && typeof raw !== 'string') doc = raw as Dyn;
      else {
        const text = toText(raw, source.type);
        if (text === '') return empty;
        doc = parseDyn(text);
        if (doc === undefined)
          throw new ExecError(
            `${site.name}() of text that is not JSON (the page does not say what Kusto returns)`,
            'unsupported',
            site.node,
          );
      }
      const found = follow(doc, path);
      return found === undefined ? empty : convert(found);
    };
  },
});

// ---------------------------------------------------------------- dynamic_to_json

// dynamic_to_json(): https://learn.microsoft.com/kusto/query/dynamic-to-json-function. Arrays keep their order, a
// property bag's pairs are sorted by name, nested values likewise; elements are written as JSON (strings quoted,
// so the text reads back with todynamic()). A non-dynamic argument is its tostring(). The page's examples do not
// tell an ordinal sort from a case-insensitive one: names whose order differs between the two are refused. A null
// or a string at the top is refused too: the page's rules do not say what its text is.
function canonical(v: Dyn, site: CallSite): string {
  if (Array.isArray(v)) return `[${v.map(e => canonical(e, site)).join(',')}]`;
  if (!isBag(v)) return dynToJson(v);
  let caseTie = false;
  const names = Object.keys(v).sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    if (x === y && a !== b) caseTie = true;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const caseless = names.map(n => n.toLowerCase());
  if (caseTie || caseless.some((n, i) => i > 0 && n < caseless[i - 1]!))
    throw unsupported(`dynamic_to_json() of names whose order depends on letter case (${names.join(', ')})`, site.node);
  return `{${names.map(n => `${JSON.stringify(n)}:${canonical(v[n]!, site)}`).join(',')}}`;
}

defineFunction('dynamic_to_json', {
  doc: doc('dynamic-to-json-function'),
  compile(site) {
    const arg = site.args[0]!;
    if (arg.type !== 'dynamic') return row => toText(arg.eval(row), arg.type);
    return row => {
      const v = arg.eval(row) as Dyn;
      if (v === null || v === undefined || typeof v === 'string')
        throw unsupported(`dynamic_to_json() of a dynamic ${v == null ? 'null' : 'string'}`, site.node);
      return canonical(v, site);
    };
  },
});
