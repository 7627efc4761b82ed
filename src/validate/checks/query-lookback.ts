// A literal lookback longer than queryPeriod: Sentinel runs the query over the last queryPeriod of data only, so
// `ago(30d)` with a 5h period sees 5h, and `between (ago(14d) .. ago(1d))` sees nothing. The literals come from the
// KQL stage's syntax tree (src/kql/lookbacks.ts), so this check needs `--kql syntax` or `full`.
import { formatSeconds } from '../../rules/durations.js';
import { defineCheck } from '../check.js';
import { DAY, PERIOD, secondsOf } from '../duration-fields.js';

const MAX_PERIOD = 14 * DAY;

export const queryLookback = defineCheck({
  id: 'query-lookback',
  severity: 'warning',
  summary: 'A literal lookback in the query (ago(30d)) should not reach beyond queryPeriod, the data the query sees',
  run({ rule, query, report }) {
    if (rule.kind === 'NRT' || !query?.lookbacks.length || typeof rule.query !== 'string') return;
    const period = secondsOf(rule, PERIOD);
    if (period === undefined) return;
    for (const { start, length, seconds } of query.lookbacks) {
      if (seconds <= period) continue;
      const literal = rule.query.slice(start, start + length);
      report({
        path: ['query'],
        queryRange: { start, length },
        message: `the query looks back ${literal}, but queryPeriod is ${formatSeconds(period)}: Sentinel gives the query only the last ${formatSeconds(period)} of data, so nothing older is there`,
        hint: `look back no further than ${formatSeconds(period)}, or raise queryPeriod${seconds <= MAX_PERIOD ? ` to ${formatSeconds(seconds)}` : ' (it can be at most 14d)'}`,
      });
    }
  },
});
