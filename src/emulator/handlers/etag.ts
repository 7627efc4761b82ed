// Optimistic concurrency: an etag in the body or an If-Match header must match the stored one (409 otherwise).
import { ApiError, headerOf } from '../http.js';
import type { RequestContext } from '../context.js';

const bare = (etag: string): string => etag.replace(/^W\//, '').replace(/^"+|"+$/g, '');

/**
 * A stale etag is refused with 409 Conflict (docs/api-contract.md §4.3 recommends 409; the service's exact status and text
 * are [UNVERIFIED]). An etag on a create is accepted, as in EX CreateScheduledAlertRule (201 with an etag sent).
 */
export function checkEtag(ctx: RequestContext, body: unknown, current: string | undefined, what: string): void {
  const sent = typeof body === 'object' && body !== null ? (body as { etag?: unknown }).etag : undefined;
  const ifMatch = headerOf(ctx.req, 'if-match');
  if (current === undefined) {
    if (ifMatch !== undefined && ifMatch.trim() !== '')
      throw new ApiError(
        409,
        'Conflict',
        `The ${what} does not exist, so the If-Match precondition '${ifMatch}' cannot be met.`,
      );
    return;
  }
  for (const candidate of [typeof sent === 'string' ? sent : undefined, ifMatch]) {
    if (candidate === undefined || candidate.trim() === '*' || candidate.trim() === '') continue;
    if (bare(candidate) !== bare(current))
      throw new ApiError(
        409,
        'Conflict',
        `The ${what} was changed by another request: etag ${candidate} does not match the current etag ${current}. Read it again and retry.`,
      );
  }
}
