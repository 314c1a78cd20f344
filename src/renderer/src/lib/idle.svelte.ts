/**
 * Clears personal data from the screen when the desk is left alone: a countdown appears for the
 * last quarter of `clearAfterMs` without input, then the app returns home (nothing stored is
 * touched: captures are already committed). Only armed while a screen shows personal data.
 */
export interface IdleOptions {
  /** Read at every tick, so a changed setting applies at once. The warning shows for the last quarter. */
  clearAfterMs: () => number;
  onClear: () => void;
  now?: () => number;
}

export class IdleGuard {
  armed = $state(false);
  warning = $state(false);
  secondsLeft = $state(0);
  private last = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: IdleOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Any keyboard, pointer or touch input. */
  activity = (): void => {
    this.last = this.now();
    this.warning = false;
  };

  arm(): void {
    this.armed = true;
    this.activity();
    this.timer ??= setInterval(() => this.tick(), 250);
  }

  disarm(): void {
    this.armed = false;
    this.warning = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  tick(): void {
    if (!this.armed) return;
    const idle = this.now() - this.last;
    const clearAfter = this.options.clearAfterMs();
    if (idle >= clearAfter) {
      this.disarm();
      this.options.onClear();
    } else if (idle >= clearAfter * 0.75) {
      this.warning = true;
      this.secondsLeft = Math.ceil((clearAfter - idle) / 1000);
    }
  }
}
