/**
 * A simulator's clock: ms since the epoch. Token and transaction lifetimes, rate windows,
 * processing delays and ledger stamps all read it. Training mode uses the system clock; tests pass
 * a manual clock so expiry and rate windows move only when the test says so (no sleeps).
 */
export type SimulatorClock = () => number;

/** The default: the system's wall clock. */
export const systemClock: SimulatorClock = () => Date.now();
