// parse_xml(): https://learn.microsoft.com/kusto/query/parse-xml-function
// XML to dynamic by the page's table: an element is a property named after it; its attributes are "@name"
// properties, its text "#text" (or the element's value when it has nothing else), repeated child elements an array,
// an empty element null. Comments, processing instructions and the XML declaration are skipped ("only element
// nodes, attributes and text nodes will be translated"); invalid XML and text over 1 MB give null.
// Left open by the page, so refused: text that reads as a number (the page's table keeps text as strings, its
// example turns "118.0" into 118.0), an element's only text with leading or trailing spaces (the page trims text
// only beside other content), several text nodes in one element, CDATA sections and document types.
import { unsupported } from '../errors.js';
import { defineFunction, simpleFunction } from '../registry.js';
import { newBag, toText, type Dyn, type DynBag } from '../values.js';

const MAX_BYTES = 1_048_576;

class Invalid extends Error {}

interface Element {
  name: string;
  attributes: [string, string][];
  children: Element[];
  texts: string[];
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&([^;&<]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new Invalid('a bare &');
    const named = ENTITIES[ref];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (!m) throw new Invalid(`the entity ${whole}`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new Invalid('a character reference');
    return String.fromCodePoint(cp);
  });
}

class XmlReader {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): Element {
    this.misc(true);
    if (this.s[this.i] !== '<') throw new Invalid('no root element');
    const root = this.element();
    this.misc(false);
    if (this.i < this.s.length) throw new Invalid('content after the root element');
    return root;
  }

  /** White space, comments, processing instructions (and, first, the XML declaration). */
  private misc(prolog: boolean): void {
    for (;;) {
      while (/\s/.test(this.s[this.i] ?? '')) this.i++;
      if (this.s.startsWith('<!--', this.i)) this.comment();
      else if (this.s.startsWith('<?', this.i)) this.instruction();
      else if (prolog && this.s.startsWith('<!DOCTYPE', this.i)) throw unsupported('parse_xml() of a document type');
      else return;
    }
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.i + 4);
    if (end < 0) throw new Invalid('an unclosed comment');
    this.i = end + 3;
  }

  private instruction(): void {
    const end = this.s.indexOf('?>', this.i + 2);
    if (end < 0) throw new Invalid('an unclosed processing instruction');
    this.i = end + 2;
  }

  private name(): string {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    if (!m) throw new Invalid('a name');
    this.i += m[0].length;
    return m[0];
  }

  private spaces(): boolean {
    const start = this.i;
    while (/\s/.test(this.s[this.i] ?? '')) this.i++;
    return this.i > start;
  }

  private element(): Element {
    this.i++; // <
    const el: Element = { name: this.name(), attributes: [], children: [], texts: [] };
    for (;;) {
      const spaced = this.spaces();
      if (this.s.startsWith('/>', this.i)) {
        this.i += 2;
        return el;
      }
      if (this.s[this.i] === '>') {
        this.i++;
        break;
      }
      if (!spaced) throw new Invalid('an attribute without space before it');
      const name = this.name();
      this.spaces();
      if (this.s[this.i] !== '=') throw new Invalid('an attribute without a value');
      this.i++;
      this.spaces();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") throw new Invalid('an unquoted attribute');
      const end = this.s.indexOf(q, this.i + 1);
      if (end < 0) throw new Invalid('an unclosed attribute');
      const raw = this.s.slice(this.i + 1, end);
      if (raw.includes('<')) throw new Invalid('"<" in an attribute');
      if (el.attributes.some(a => a[0] === name)) throw new Invalid('a repeated attribute');
      // Attribute-value normalization: each white-space character becomes a space.
      el.attributes.push([name, decode(raw.replace(/[\t\n\r]/g, ' '))]);
      this.i = end + 1;
    }
    let text = '';
    const flush = () => {
      if (text !== '') el.texts.push(decode(text));
      text = '';
    };
    for (;;) {
      if (this.i >= this.s.length) throw new Invalid(`an unclosed <${el.name}>`);
      if (this.s.startsWith('</', this.i)) {
        flush();
        this.i += 2;
        if (this.name() !== el.name) throw new Invalid('a mismatched end tag');
        this.spaces();
        if (this.s[this.i] !== '>') throw new Invalid('an end tag');
        this.i++;
        return el;
      }
      if (this.s.startsWith('<!--', this.i)) {
        flush();
        this.comment();
      } else if (this.s.startsWith('<![CDATA[', this.i)) throw unsupported('parse_xml() of a CDATA section');
      else if (this.s.startsWith('<?', this.i)) {
        flush();
        this.instruction();
      } else if (this.s[this.i] === '<') {
        flush();
        el.children.push(this.element());
      } else {
        if (this.s.startsWith(']]>', this.i)) throw new Invalid('"]]>" in text');
        text += this.s[this.i++];
      }
    }
  }
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$|^\s*[-+]?(nan|infinity)\s*$/i;

function textValue(t: string): string {
  if (NUMERIC.test(t)) throw unsupported(`parse_xml() of the text "${t.trim()}" (a number or a string)`);
  return t;
}

/** An element's value (without its name). */
function valueOf(el: Element): Dyn {
  // White-space-only text between elements is not content.
  const texts = el.texts.filter(t => t.trim() !== '');
  if (texts.length > 1) throw unsupported('parse_xml() of an element with several text nodes');
  if (el.attributes.length === 0 && el.children.length === 0) {
    if (!texts.length) return null;
    if (texts[0]!.trim() !== texts[0])
      throw unsupported('parse_xml() of an element whose text has leading or trailing spaces');
    return textValue(texts[0]);
  }
  const bag: DynBag = newBag();
  for (const [name, value] of el.attributes) bag[`@${name}`] = textValue(value);
  // Beside attributes or elements, text is trimmed (the page: "<e> text <a>text</a> </e>" has "#text": "text").
  if (texts.length) bag['#text'] = textValue(texts[0]!.trim());
  // Same-named children become one array, at the place of the first.
  const groups = new Map<string, Dyn[]>();
  for (const child of el.children) {
    const list = groups.get(child.name) ?? [];
    list.push(valueOf(child));
    groups.set(child.name, list);
  }
  for (const [name, list] of groups) bag[name] = list.length === 1 ? list[0]! : list;
  return bag;
}

defineFunction(
  'parse_xml',
  simpleFunction('https://learn.microsoft.com/kusto/query/parse-xml-function', ([v], site) => {
    const s = toText(v ?? null, site.args[0]!.type);
    if (Buffer.byteLength(s, 'utf8') > MAX_BYTES) return null;
    try {
      // Line ends are normalized to \n before parsing, as XML requires.
      const root = new XmlReader(s.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')).document();
      const out = newBag();
      out[root.name] = valueOf(root);
      return out;
    } catch (e) {
      if (e instanceof Invalid) return null;
      throw e;
    }
  }),
);
