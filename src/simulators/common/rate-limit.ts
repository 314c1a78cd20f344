import { systemClock, type SimulatorClock } from './clock';

/** A sliding one-second window: the simulators' 429 when a configured rate is exceeded. */
export class RateLimiter {
  private readonly stamps = new Map<string, number[]>();

  constructor(
    private readonly perWindow: number,
    private readonly windowMs = 1_000,
    private readonly clock: SimulatorClock = systemClock,
  ) {}

  /** True when the call may go ahead (and counts it); false means answer 429. */
  allow(key = '*', now: number = this.clock()): boolean {
    const recent = (this.stamps.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.perWindow) {
      this.stamps.set(key, recent);
      return false;
    }
    recent.push(now);
    this.stamps.set(key, recent);
    return true;
  }
}
