// LIST pages: `{"value": [...], "nextLink": "<absolute url with $skipToken>"}`; nextLink only when more remain.
import { badRequest } from './http.js';
import type { RequestContext } from './context.js';

export function page<T>(ctx: RequestContext, items: readonly T[]): { value: T[]; nextLink?: string } {
  const token = ctx.url.searchParams.get('$skipToken');
  let start = 0;
  if (token !== null) {
    start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0)
      throw badRequest(`The $skipToken '${token}' is invalid.`, 'InvalidSkipToken');
  }
  const end = start + ctx.pageSize;
  const value = items.slice(start, end);
  if (end >= items.length) return { value };
  const next = new URL(ctx.url.pathname, ctx.origin);
  for (const [k, v] of ctx.url.searchParams) if (k !== '$skipToken') next.searchParams.append(k, v);
  next.searchParams.append('$skipToken', Buffer.from(String(end)).toString('base64url'));
  return { value, nextLink: next.toString() };
}
