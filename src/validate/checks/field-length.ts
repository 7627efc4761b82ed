// Text limits the service enforces: name <= 256, description <= 5000, query 1-10000 characters (UTF-16 units).
import { MAX_QUERY_LENGTH } from '../../api/enums.js';
import { defineCheck } from '../check.js';

const LIMITS = [
  { key: 'name', max: 256 },
  { key: 'description', max: 5000 },
  { key: 'query', max: MAX_QUERY_LENGTH },
] as const;

export const fieldLength = defineCheck({
  id: 'field-length',
  severity: 'error',
  summary: 'name must be at most 256 characters, description at most 5000, query 1 to 10000',
  run(ctx) {
    for (const { key, max } of LIMITS) {
      const value: unknown = ctx.rule[key];
      if (typeof value !== 'string') continue;
      if (value.length > max) {
        ctx.report({ path: [key], message: `${key} is ${value.length} characters long; the limit is ${max}` });
      } else if (key === 'query' && value.trim() === '') {
        ctx.report({ path: [key], message: 'query is empty' });
      }
    }
  },
});
