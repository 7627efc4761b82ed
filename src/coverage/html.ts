// Coverage as one self-contained HTML page: no network (a Content-Security-Policy forbids it), inline CSS and
// script, readable without the script and on paper. The script only filters (severity, tactic, data source).
import { diffIsEmpty, type CoverageDiff } from './diff.js';
import { coveredParentCount, type Coverage, type CoverageCell, type CoverageRule, type TechniqueRow } from './model.js';

export interface HtmlOptions {
  /** The link to a rule's file, relative to the page (default: its display path). */
  href?: (rule: CoverageRule) => string;
  title?: string;
  diff?: CoverageDiff;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Relative links to files: each path segment percent-encoded, `/` kept. */
export const fileHref = (p: string) => p.split('/').map(encodeURIComponent).join('/');

const SEVERITY_ORDER = ['High', 'Medium', 'Low', 'Informational'];

const STYLE = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
body{margin:1rem}
h1{font-size:1.4rem;margin:0 0 .25rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
a{color:#0b4fb3}
a:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #1f2328;outline-offset:2px}
form{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;margin:.75rem 0}
fieldset{border:1px solid #6e7781;padding:.25rem .75rem}
label{margin-right:.5rem}
select{font:inherit;padding:.15rem}
.matrix{border-collapse:collapse;table-layout:fixed;width:100%;min-width:1400px;font-size:.75rem}
.matrix th,.matrix td{border:1px solid #8c959f;vertical-align:top;padding:.2rem}
.matrix thead th{background:#f6f8fa;position:sticky;top:0}
.matrix caption{text-align:left;margin-bottom:.25rem}
.t{padding:.15rem;margin-bottom:.1rem}
.t.covered{background:#dbeafe}
.t.many{background:#bfdbfe}
.t:not(.covered){color:#424a53}
.tid{font-family:ui-monospace,monospace}
.n{float:right;font-weight:700}
.t ul{margin:.1rem 0 0;padding-left:1rem}
summary{cursor:pointer}
.sub{margin:.15rem 0 0 .5rem;border-left:3px solid #1f6feb}
.off{font-style:italic}
.count{display:block;font-weight:400}
.plain{border-collapse:collapse}
.plain th,.plain td{border:1px solid #8c959f;padding:.2rem .4rem;text-align:left}
@media print{form,#status,summary{display:none}details::details-content{content-visibility:visible;display:block}.matrix{min-width:0;font-size:6pt}.matrix thead th{position:static}a{color:#000}}
`;

// Kept small and free of dependencies: it reads the rule table, hides what the filters exclude, and recounts. The
// page as written is the unfiltered state, so nothing runs until a filter changes (a large matrix draws sooner).
const SCRIPT = `(function(){
var R=JSON.parse(document.getElementById('rules').textContent);
var sev=[].slice.call(document.querySelectorAll('input[name=severity]'));
var tac=document.getElementById('f-tactic'),src=document.getElementById('f-source'),st=document.getElementById('status');
function each(sel,root,f){[].forEach.call((root||document).querySelectorAll(sel),f)}
function apply(){
var on={};sev.forEach(function(c){if(c.checked)on[c.value]=1});
var t=tac.value,s=src.value,shown=0;
var ok=R.map(function(r){var v=!!on[r.s]&&(!s||r.d.indexOf(s)>=0);if(v)shown++;return v});
each('[data-tactic]',null,function(c){c.hidden=!!t&&c.getAttribute('data-tactic')!==t});
each('li[data-r]',null,function(li){li.hidden=!ok[+li.getAttribute('data-r')]});
each('.t',null,function(c){var n=0;each(':scope>details>ul>li',c,function(li){if(!li.hidden)n++});c.setAttribute('data-n',n);c.querySelector(':scope>.n').textContent=n});
each('.t:not(.sub)',null,function(c){var n=+c.getAttribute('data-n'),any=n>0;each('.sub',c,function(x){if(+x.getAttribute('data-n')>0)any=true});c.classList.toggle('covered',any);c.classList.toggle('many',n>=3)});
each('.sub',null,function(c){var n=+c.getAttribute('data-n');c.classList.toggle('covered',n>0);c.classList.toggle('many',n>=3)});
each('thead th[data-tactic]',null,function(th){
var rs=th.getAttribute('data-rules'),n=0;(rs?rs.split(' '):[]).forEach(function(i){if(ok[+i])n++});
var k=th.getAttribute('data-tactic'),cov=0;each('td[data-tactic="'+k+'"] .t.covered:not(.sub)',null,function(){cov++});
th.querySelector('.rc').textContent=n;th.querySelector('.cc').textContent=cov});
st.textContent='Showing '+shown+' of '+R.length+' rules';
}
addEventListener('beforeprint',function(){each('details',null,function(d){d.open=true})});
sev.forEach(function(c){c.addEventListener('change',apply)});tac.addEventListener('change',apply);src.addEventListener('change',apply);
})();`;

export function coverageHtml(coverage: Coverage, options: HtmlOptions = {}): string {
  const href = options.href ?? ((r: CoverageRule) => fileHref(r.file));
  const rules = coverage.rules;
  const ruleItem = (i: number) => {
    const r = rules[i];
    if (!r) return '';
    const off = r.enabled ? '' : ' class="off"';
    return `<li data-r="${i}"${off}><a href="${esc(href(r))}">${esc(r.name)}</a>${r.enabled ? '' : ' (disabled)'}</li>`;
  };
  const cell = (c: CoverageCell, sub: boolean, inner = '', coveredBelow = false) => {
    const n = c.rules.length;
    // A parent covered only through its sub-techniques is covered too.
    const cls = `t${sub ? ' sub' : ''}${n || coveredBelow ? ' covered' : ''}${n >= 3 ? ' many' : ''}`;
    // Closed lists are not laid out until opened: a thousand-rule matrix draws in a fraction of the time.
    const list = n ? `<details><summary>rules</summary><ul>${c.rules.map(ruleItem).join('')}</ul></details>` : '';
    return `<div class="${cls}" data-id="${c.technique.id}"><span class="n">${n}</span><span class="tid">${c.technique.id}</span> ${esc(c.technique.name)}${list}${inner}</div>`;
  };
  const row = (t: TechniqueRow) => {
    const subs = t.subtechniques.filter(s => s.rules.length);
    return cell(t, false, subs.map(s => cell(s, true)).join(''), subs.length > 0);
  };
  const depth = Math.max(...coverage.tactics.map(c => c.techniques.length));
  const body: string[] = [];
  for (let i = 0; i < depth; i++)
    body.push(
      '<tr>' +
        coverage.tactics
          .map(c => {
            const t = c.techniques[i];
            return `<td data-tactic="${c.tactic.apiName}">${t ? row(t) : ''}</td>`;
          })
          .join('') +
        '</tr>',
    );
  const head = coverage.tactics
    .map(
      c =>
        `<th scope="col" data-tactic="${c.tactic.apiName}" data-rules="${c.rules.join(' ')}">${esc(c.tactic.name)}` +
        `<span class="count"><span class="rc">${c.rules.length}</span> rules, <span class="cc">${c.coveredTechniques}</span> of ${c.techniques.length} techniques</span></th>`,
    )
    .join('');
  const severities = [...new Set(rules.map(r => r.severity))].sort(
    (a, b) => (SEVERITY_ORDER.indexOf(a) + 1 || 99) - (SEVERITY_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const sources = [...new Set(rules.flatMap(r => r.dataSources))].sort((a, b) => a.localeCompare(b, 'en'));
  const ruleData = rules.map(r => ({ s: r.severity, d: r.dataSources }));
  const disabled = rules.filter(r => !r.enabled).length;
  const title = options.title ?? 'ATT&CK coverage';
  const ruleRow = (i: number) => {
    const r = rules[i];
    return r
      ? `<tr><td><a href="${esc(href(r))}">${esc(r.name)}</a>${r.enabled ? '' : ' (disabled)'}</td><td>${esc(r.severity)}</td><td>${esc(r.tactics.join(', '))}</td></tr>`
      : '';
  };
  const without = coverage.withoutTechniques.length
    ? `<table class="plain"><caption>Rules that name no technique</caption><thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Tactics</th></tr></thead><tbody>${coverage.withoutTechniques.map(ruleRow).join('')}</tbody></table>`
    : '<p>None.</p>';
  const unknown = coverage.unknownTechniques.length
    ? `<h2>Techniques not in ATT&amp;CK Enterprise</h2><ul>${coverage.unknownTechniques
        .map(u => `<li>${esc(u.technique)}: ${esc(rules[u.rule]?.name ?? '')}</li>`)
        .join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(title)}</h1>
<p>MITRE ATT&amp;CK® Enterprise v${esc(coverage.attackVersion)}: ${rules.length} rules${disabled ? ` (${disabled} disabled)` : ''} cover ${coveredParentCount(coverage)} techniques. Each cell lists the rules that name the technique, under the tactics they list.</p>
<form id="filters" aria-label="Filter the matrix" onsubmit="return false">
<fieldset><legend>Severity</legend>${severities
    .map(s => `<label><input type="checkbox" name="severity" value="${esc(s)}" checked> ${esc(s || '(none)')}</label>`)
    .join('')}</fieldset>
<div><label for="f-tactic">Tactic</label><select id="f-tactic"><option value="">All tactics</option>${coverage.tactics
    .map(c => `<option value="${c.tactic.apiName}">${esc(c.tactic.name)}</option>`)
    .join('')}</select></div>
<div><label for="f-source">Data source</label><select id="f-source"><option value="">All data sources</option>${sources
    .map(s => `<option value="${esc(s)}">${esc(s)}</option>`)
    .join('')}</select></div>
</form>
<p id="status" role="status" aria-live="polite">Showing ${rules.length} of ${rules.length} rules</p>
${options.diff ? diffSection(options.diff, href) : ''}
<table class="matrix"><caption>Techniques per tactic (columns, in ATT&amp;CK matrix order), with the rules that cover each; the number is the rule count.</caption>
<thead><tr>${head}</tr></thead>
<tbody>${body.join('\n')}</tbody></table>
<h2>Rules without techniques</h2>
${without}
${unknown}
<script type="application/json" id="rules">${JSON.stringify(ruleData).replace(/</g, '\\u003c')}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

function diffSection(diff: CoverageDiff, href: (r: CoverageRule) => string): string {
  if (diffIsEmpty(diff)) return '<h2>Change against the base</h2><p>No rule and no technique changed.</p>';
  const part = (title: string, items: string[]) =>
    items.length ? `<h3>${title} (${items.length})</h3><ul>${items.map(i => `<li>${i}</li>`).join('')}</ul>` : '';
  const tech = (t: { id: string; name: string }) => `${esc(t.id)} ${esc(t.name)}`;
  const rule = (r: CoverageRule) => `<a href="${esc(href(r))}">${esc(r.name)}</a>`;
  return (
    '<h2>Change against the base</h2>' +
    part('Techniques gained', diff.gained.map(tech)) +
    part('Techniques lost', diff.lost.map(tech)) +
    part('Rules added', diff.added.map(rule)) +
    part(
      'Rules removed',
      diff.removed.map(r => esc(r.name)),
    ) +
    part('Rules changed', diff.changed.map(rule))
  );
}
