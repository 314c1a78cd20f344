/**
 * A token bucket per provider: bursts up to `burst` calls, then `ratePerSecond` on average, so the
 * kiosk stays inside the provider's published limits (Jumio 1 request/s per tenant, ...).
 */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.last = this.now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.limit.burst,
      this.tokens + ((now - this.last) / 1000) * this.limit.ratePerSecond,
    );
    this.last = now;
  }

  /** Resolves when a call may go out; callers are served in order. Rejects if `signal` aborts. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.tokens) / this.limit.ratePerSecond) * 1000;
      await sleep(Math.ceil(waitMs), signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
