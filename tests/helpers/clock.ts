/** The injected clock for relay and store tests: time moves only when the test says so. */
export interface ManualClock {
  /** ms since the epoch. */
  now: () => number;
  /** Moves the clock forward by `ms` (ms). */
  advance: (ms: number) => void;
  /**
   * From now on the clock also moves with real time, from where it stands (for the part of a test
   * that waits on real servers whose own schedules run on real time); `advance` still adds to it.
   */
  follow: () => void;
}

export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  let followingSince: number | undefined;
  return {
    now: () => t + (followingSince === undefined ? 0 : Date.now() - followingSince),
    advance: (ms) => {
      t += ms;
    },
    follow: () => {
      followingSince ??= Date.now();
    },
  };
}
