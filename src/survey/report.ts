// The survey in text (terminal), markdown (a job summary) or JSON.
import { printable } from '../report/terminal-text.js';
import type { RuleSurvey, SurveyResult } from './survey.js';

export type SurveyFormat = 'text' | 'json' | 'markdown';

const perDay = (r: RuleSurvey, days: number) => (r.alerts / days).toFixed(1);
const busiest = (r: RuleSurvey) => (r.busiestDay ? `${r.busiestDay.day} (${r.busiestDay.alerts})` : '-');
const how = (r: RuleSurvey) => (r.batched ? 'batched' : `per run${r.perRunReason ? `: ${r.perRunReason}` : ''}`);

function summary(s: SurveyResult): string {
  const ratio = s.runs ? (s.queries / s.runs).toFixed(3) : '-';
  const alerts = s.rules.reduce((n, r) => n + r.alerts, 0);
  return `${s.rules.length} rule(s), ${s.runs} schedule runs replayed with ${s.queries} queries (ratio ${ratio}); ${alerts} alert(s) in ${s.days} day(s)`;
}

export function renderSurvey(s: SurveyResult, format: SurveyFormat): string {
  if (format === 'json') return `${JSON.stringify(s, null, 2)}\n`;
  if (format === 'markdown') {
    const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    const lines = [
      `### Alert survey: ${s.from} to ${s.to}`,
      '',
      '| Rule | Runs | Triggered | Alerts | Alerts/day | Busiest day | Note |',
      '|---|---:|---:|---:|---:|---|---|',
      ...s.rules.map(r =>
        r.error
          ? `| ${cell(r.name)} | ${r.runs} | - | - | - | - | not surveyed: ${cell(r.error)} |`
          : `| ${cell(r.name)} | ${r.runs} | ${r.triggered} | ${r.alerts} | ${perDay(r, s.days)} | ${busiest(r)} | ${r.truncatedRuns ? `${r.truncatedRuns} run(s) cut by the result limit (lower bound)` : ''} |`,
      ),
      '',
      summary(s),
      '',
    ];
    return lines.join('\n');
  }
  const out = [`Alert survey ${s.from} to ${s.to}`];
  for (const r of s.rules) {
    out.push('', `${printable(r.file)}  ${printable(r.name)} (${r.kind})`);
    if (r.error) {
      out.push(`  not surveyed: ${printable(r.error)}`);
      continue;
    }
    out.push(
      `  ${r.runs} runs, ${r.triggered} would trigger, ${r.alerts} alert(s), ${perDay(r, s.days)}/day, busiest ${busiest(r)}`,
      `  ${r.queries} query(ies), ${how(r)}`,
    );
    if (r.truncatedRuns) out.push(`  ${r.truncatedRuns} run(s) cut by the result limit: counts are lower bounds`);
  }
  out.push('', summary(s), '');
  return out.join('\n');
}
