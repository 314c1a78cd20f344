/**
 * Exponential back-off with "equal jitter" (a random wait between half and all of base·2^(n-1),
 * capped): a thousand kiosks failing together spread out instead of retrying in lockstep, and no
 * retry is ever immediate. Plain full jitter (0 to the ceiling) draws a wait of 0 ms one time in
 * `baseMs` at the first failure: a hot retry against a provider that just failed. A provider's
 * Retry-After is a floor: never call again sooner than it asked.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/**
 * The wait in ms before the next try after `failures` failures in a row (1 = the first), never
 * below `retryAfterMs` (the provider's Retry-After, in ms).
 */
export function backoffDelay(
  failures: number,
  options: BackoffOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const half = ceiling / 2;
  const jittered = Math.floor(half + random() * half);
  return Math.max(jittered, retryAfterMs ?? 0);
}
