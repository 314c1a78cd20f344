/**
 * What to do when the renderer dies, for a kiosk nobody watches: reload it; if it keeps dying, the
 * shell relaunches the whole app; if relaunches keep happening, stop and show the service screen
 * instead of looping forever. Times are passed in so tests need no clock.
 */
export type CrashAction = 'reload' | 'relaunch' | 'give-up';

export interface CrashLoopOptions {
  /** Renderer crashes tolerated within `windowMs` before relaunching. */
  maxReloads: number;
  windowMs: number;
  /** Relaunches tolerated within `relaunchWindowMs` before giving up. */
  maxRelaunches: number;
  relaunchWindowMs: number;
}

export const DEFAULT_CRASH_LOOP: CrashLoopOptions = {
  maxReloads: 3,
  windowMs: 60_000,
  maxRelaunches: 3,
  relaunchWindowMs: 10 * 60_000,
};

export interface CrashHistory {
  /** Times of earlier relaunches, persisted by the shell across processes. */
  relaunches: number[];
}

export class CrashLoopPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly history: CrashHistory,
    private readonly options: CrashLoopOptions = DEFAULT_CRASH_LOOP,
  ) {}

  onRendererGone(now: number): CrashAction {
    this.crashes = [...this.crashes.filter((t) => now - t < this.options.windowMs), now];
    if (this.crashes.length <= this.options.maxReloads) return 'reload';
    const recent = this.history.relaunches.filter((t) => now - t < this.options.relaunchWindowMs);
    if (recent.length >= this.options.maxRelaunches) return 'give-up';
    this.history.relaunches = [...recent, now];
    return 'relaunch';
  }

  get relaunchHistory(): CrashHistory {
    return { relaunches: [...this.history.relaunches] };
  }
}
