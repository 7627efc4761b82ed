// The templates report for people (text, Markdown for a pull request or job summary) and programs (JSON).
import { cell, plural, table } from '../report/markdown.js';
import { printable } from '../report/terminal-text.js';
import type { TemplatesReport } from './templates.js';

const MAX_VALUE = 80;

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value).replace(/\s+/g, ' ');
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function summary(r: TemplatesReport, workspace: string): string {
  const unused = new Set(r.unused.flatMap(g => g.templates.map(t => t.name))).size;
  return (
    `${workspace}: ${plural(r.templates, 'template')}; ${r.outdated.length} rule(s) behind their template, ` +
    `${r.current} up to date, ${unused} template(s) with no rule`
  );
}

export function templatesText(r: TemplatesReport, workspace: string): string {
  const out = [`${printable(summary(r, workspace))}\n`];
  for (const o of r.outdated) {
    out.push(
      `\n~ ${printable(o.file)}  ${printable(o.displayName)}  ${printable(o.ruleVersion)} -> ${printable(o.templateVersion)}\n`,
    );
    for (const f of o.fields) {
      if (f.lines) out.push(`    ${f.path}:\n${f.lines.map(l => `      ${printable(l)}\n`).join('')}`);
      else out.push(`    ${f.path}: ${printable(show(f.before))} -> ${printable(show(f.after))}\n`);
    }
  }
  if (r.unused.length) out.push('\nTemplates with no rule in the repository, by data connector:\n');
  for (const g of r.unused) {
    out.push(`  ${printable(g.dataSource)} (${g.templates.length})\n`);
    for (const t of g.templates)
      out.push(`    ${printable(t.name)}  ${printable(t.displayName)}  ${t.kind}${t.version ? ` ${t.version}` : ''}\n`);
  }
  return out.join('');
}

export function templatesMarkdown(r: TemplatesReport, workspace: string): string {
  const out = [`## Content Hub templates\n\n${cell(summary(r, workspace))}\n`];
  if (r.outdated.length) {
    out.push('\n### Rules behind their template\n');
    for (const o of r.outdated) {
      out.push(`\n#### ${cell(o.displayName)} (${cell(o.ruleVersion)} → ${cell(o.templateVersion)})\n\n`);
      out.push(`\`${o.file.replace(/`/g, "'")}\`\n\n`);
      const short = o.fields.filter(f => !f.lines);
      if (short.length)
        out.push(table(['field', 'rule', 'template'], short.map(f => [f.path, show(f.before), show(f.after)])).text);
      for (const f of o.fields.filter(f => f.lines)) {
        // A fence longer than any backtick run in the text, so a query cannot close it.
        const body = (f.lines ?? []).join('\n');
        const fence = '`'.repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map(m => m[0].length + 1)));
        out.push(`\n${cell(f.path)}:\n\n${fence}diff\n${body}\n${fence}\n`);
      }
    }
  }
  if (r.unused.length) {
    out.push('\n### Templates with no rule, by data connector\n\n');
    const rows = r.unused.flatMap(g =>
      g.templates.map(t => [g.dataSource, t.displayName, t.name, t.kind, t.version ?? '']),
    );
    out.push(table(['data connector', 'template', 'id', 'kind', 'version'], rows).text);
  }
  return out.join('');
}
