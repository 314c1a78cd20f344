/** The relay's settings and their defaults (times in ms). */
import type { BackoffOptions } from '../backoff';
import { PROVIDER_RATE_LIMITS, type ProviderRateLimits } from './rate-limits';
import type { ProviderId } from '../../../shared/domain/flows';

export interface RelayOptions {
  /** Cases worked on at the same time. */
  concurrency: number;
  /** Longest a single provider call (authenticate, run, reconcile) may take. */
  stepTimeoutMs: number;
  /** Lease on a claimed step; must outlast a call. Defaults to stepTimeoutMs + 30 s. */
  leaseMs?: number;
  backoff: BackoffOptions;
  /**
   * Failed attempts in a row after which a step stops retrying on its own and its case goes to
   * the needs-attention inbox (reason 'retries_exhausted') with the last error. With the default
   * back-off (2 s doubling, capped at 15 min) 10 failures span roughly half an hour to an hour.
   */
  retryCeiling: number;
  /**
   * The ceiling applies only once the run's first failure is at least this old (ms, injected
   * clock): a burst of fast failures (a short back-off, Retry-After of 0, a transient socket error
   * class) keeps retrying instead of sending the case to a person (decide.ts).
   */
  retryCeilingSpanMs: number;
  /** Per provider; defaults to the published limits (rate-limits.ts). */
  rateLimits: Partial<Record<ProviderId, ProviderRateLimits>>;
  /** Sessions are renewed this long before they expire. */
  sessionRefreshMarginMs: number;
  /** A random wait up to this long before the first claim and after coming back online. */
  startJitterMs: number;
  /** Look for work at least this often even without a wake-up (deadlines, foreign leases). */
  idlePollMs: number;
  /** How long a case waits before asking again for a subject another case holds (StepDefinition.serialise). */
  serialWaitMs: number;
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  concurrency: 4,
  stepTimeoutMs: 60_000,
  backoff: { baseMs: 2_000, capMs: 15 * 60_000 },
  retryCeiling: 10,
  retryCeilingSpanMs: 10 * 60_000,
  rateLimits: PROVIDER_RATE_LIMITS,
  sessionRefreshMarginMs: 60_000,
  startJitterMs: 10_000,
  idlePollMs: 30_000,
  serialWaitMs: 2_000,
};
