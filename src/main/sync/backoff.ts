/**
 * Exponential back-off with full jitter (a random wait between 0 and base·2^n, capped): a thousand
 * kiosks failing together spread out instead of retrying in lockstep. A provider's Retry-After is a
 * floor: never call again sooner than it asked.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export function backoffDelay(
  failures: number,
  options: BackoffOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
