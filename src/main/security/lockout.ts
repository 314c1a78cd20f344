/**
 * Lockout with back-off after failed sign-ins: the first `freeAttempts` failures cost nothing, then
 * each further failure locks the account for `baseMs · 2^(extra failures − 1)`, capped at `capMs`.
 * With the defaults (5 free, 30 s base, 15 min cap) a 6-digit PIN takes years to guess at the
 * kiosk. A successful sign-in (or an administrator setting a new secret) resets the count.
 */
export interface LockoutPolicy {
  freeAttempts: number;
  /** ms */
  baseMs: number;
  /** ms */
  capMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { freeAttempts: 5, baseMs: 30_000, capMs: 15 * 60_000 };

/** How long (ms) to lock the account after its `failures`-th consecutive failure (0: not locked). */
export function lockoutAfter(failures: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): number {
  const extra = failures - policy.freeAttempts;
  if (extra <= 0) return 0;
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(extra - 1, 30));
}
