/** The injected clock for relay and store tests: time moves only when the test says so. */
export interface ManualClock {
  /** ms since the epoch. */
  now: () => number;
  advance: (ms: number) => void;
}

export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}
