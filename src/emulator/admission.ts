// The front door of every request, in ARM's order: bearer token, then the throttle (per subscription).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TokenBucket } from './faults.js';
import { ApiError, headerOf } from './http.js';
import type { ThrottleOptions } from './options.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** 401 unless `Authorization: Bearer <token>` carries exactly the configured token. */
export function authenticate(req: IncomingMessage, token: string): void {
  const header = headerOf(req, 'authorization');
  const challenge = {
    'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  };
  if (!header)
    throw new ApiError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      challenge,
    );
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!m?.[1])
    throw new ApiError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is not a bearer token.",
      challenge,
    );
  if (!timingSafeEqual(digest(m[1]), digest(token)))
    throw new ApiError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', challenge);
}

export type Operation = 'read' | 'write' | 'delete';

export function operationOf(method: string): Operation {
  if (method === 'DELETE') return 'delete';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/** Remaining-quota headers as recorded (docs/api-contract.md §4.2); with a throttle they report the bucket. */
export function rateLimitHeaders(op: Operation, remaining: number | undefined): Record<string, string> {
  const recorded = { read: [1099, 16499], write: [799, 11999], delete: [14999, 14999] }[op];
  const name = `${op}s`;
  return {
    [`x-ms-ratelimit-remaining-subscription-${name}`]: String(remaining ?? recorded[0]),
    [`x-ms-ratelimit-remaining-subscription-global-${name}`]: String(remaining ?? recorded[1]),
  };
}

export class Throttle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly options: ThrottleOptions | undefined) {}

  /** Whether a request of this kind is metered at all. */
  applies(op: Operation): boolean {
    return this.options !== undefined && (this.options.scope === 'all' || op !== 'read');
  }

  /** Takes a token or throws the ARM 429 whose Retry-After says when the next token exists. */
  admit(subscription: string, op: Operation): number | undefined {
    if (!this.options || !this.applies(op)) return undefined;
    const id = subscription.toLowerCase();
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = new TokenBucket(this.options.burst, this.options.perSecond);
      this.buckets.set(id, bucket);
    }
    const got = bucket.take();
    if (got.ok) return got.remaining;
    const seconds = Math.ceil(got.waitMs / 1000);
    // Message verbatim in shape from docs/api-contract.md §4.5; retry-after-ms gives the exact wait (azure-core reads it first).
    throw new ApiError(
      429,
      'SubscriptionRequestsThrottled',
      `Number of '${op}' requests for subscription '${subscription}' actor 'rulectl-emulator' exceeded. Please try again after '${seconds}' seconds.`,
      { 'Retry-After': String(seconds), 'retry-after-ms': String(got.waitMs), ...rateLimitHeaders(op, 0) },
    );
  }
}
