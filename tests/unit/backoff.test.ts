import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/main/sync/backoff';
import { TokenBucket } from '../../src/main/sync/token-bucket';

const options = { baseMs: 100, capMs: 1_000 };

describe('backoff with equal jitter', () => {
  it('stays between half and all of base * 2^(n-1), capped', () => {
    expect(backoffDelay(1, options, undefined, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, undefined, () => 0.999)).toBe(399);
    expect(backoffDelay(30, options, undefined, () => 0.999)).toBe(999);
    expect(backoffDelay(5, options, undefined, () => 0)).toBe(500);
    expect(backoffDelay(1, options, undefined, () => 0)).toBe(50);
  });

  it('never retries at once, whatever the draw (a 0 ms wait would be a hot retry)', () => {
    for (let failures = 1; failures <= 12; failures++) {
      for (const draw of [0, 1e-9, 0.25, 0.5, 0.999_999]) {
        expect(
          backoffDelay(failures, { baseMs: 20, capMs: 300 }, undefined, () => draw),
        ).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it('spreads retries out (jittered, not lockstep)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, options)));
    expect(delays.size).toBeGreaterThan(20);
  });

  it('never retries sooner than Retry-After', () => {
    expect(backoffDelay(1, options, 5_000, () => 0.5)).toBe(5_000);
    expect(backoffDelay(10, { baseMs: 100, capMs: 60_000 }, 10, () => 0.999)).toBeGreaterThan(10);
  });
});

describe('token bucket', () => {
  it('allows a burst, then the configured rate', async () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, () => now);
    for (let i = 0; i < 3; i++) await bucket.take();
    let fourth = false;
    const pending = bucket.take().then(() => (fourth = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fourth).toBe(false); // the clock has not moved: no token yet
    now += 100; // one token's worth at 10/s
    await pending;
    expect(fourth).toBe(true);
  });

  it('gives up waiting when its signal aborts', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 0.001, burst: 1 }, () => 0);
    await bucket.take();
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    controller.abort(new Error('quit'));
    await expect(waiting).rejects.toThrow('quit');
  });
});
