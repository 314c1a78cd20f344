/**
 * The providers' published call limits, applied with one token bucket per limit (token-bucket.ts).
 * Sources: ../shared/docs/providers.md — ARGOS 2.1 (5,000 calls per second and 500,000 per day per
 * key), Jumio 3.1 (server token 10 requests/s; account initiation 1 request/s per tenant). Lumin
 * publishes none. A daily quota becomes a bucket holding a day's calls that refills at quota/86,400
 * per second: a burst may use the day at once, after which calls go out at the sustained rate.
 */
import type { ProviderId } from '../../../shared/domain/flows';
import { type RateLimit, TokenBucket } from '../token-bucket';

export interface ProviderRateLimits {
  /** Limits every call to the provider counts against (authentication, steps, status queries). */
  calls?: readonly RateLimit[];
  /** Authentication (session/token requests) only. */
  authenticate?: RateLimit;
  /** Per step key, e.g. Jumio's account initiation. */
  steps?: Readonly<Record<string, RateLimit>>;
}

const DAY_S = 86_400;

export const PROVIDER_RATE_LIMITS: Readonly<Record<ProviderId, ProviderRateLimits>> = {
  lumin: {},
  argos: {
    calls: [
      { ratePerSecond: 5_000, burst: 5_000 },
      { ratePerSecond: 500_000 / DAY_S, burst: 500_000 },
    ],
  },
  jumio: {
    authenticate: { ratePerSecond: 10, burst: 10 },
    steps: { 'start-transaction': { ratePerSecond: 1, burst: 1 } },
  },
};

/** One bucket per limit, shared by every flow of a provider (the limits are per key or tenant). */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly limits: Partial<Record<ProviderId, ProviderRateLimits>>) {}

  private bucket(name: string, limit: RateLimit): TokenBucket {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new TokenBucket(limit);
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  /**
   * Resolves when a call of kind `what` ('authenticate' or a step key) may go to `provider`;
   * rejects when `signal` aborts first.
   */
  async take(provider: ProviderId, what: string, signal: AbortSignal): Promise<void> {
    const limits = this.limits[provider];
    if (!limits) return;
    const specific = what === 'authenticate' ? limits.authenticate : limits.steps?.[what];
    if (specific) await this.bucket(`${provider}:${what}`, specific).take(signal);
    for (const [index, limit] of (limits.calls ?? []).entries()) {
      await this.bucket(`${provider}:calls:${index}`, limit).take(signal);
    }
  }
}
