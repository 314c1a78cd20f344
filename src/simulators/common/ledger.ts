/**
 * Every effect a simulator had (a token issued, an image stored, a step approved, a transaction
 * finalised), in order, for tests to assert on and for the training UI to show. Details hold ids,
 * sizes and digests, never image bytes.
 */
import { systemClock, type SimulatorClock } from './clock';

export interface LedgerEntry {
  seq: number;
  at: string;
  vendor: string;
  effect: string;
  details: Record<string, unknown>;
}

export class Ledger {
  private readonly list: LedgerEntry[] = [];
  private seq = 0;

  constructor(
    private readonly vendor: string,
    private readonly clock: SimulatorClock = systemClock,
  ) {}

  record(effect: string, details: Record<string, unknown> = {}): LedgerEntry {
    this.seq += 1;
    const entry = {
      seq: this.seq,
      at: new Date(this.clock()).toISOString(),
      vendor: this.vendor,
      effect,
      details,
    };
    this.list.push(entry);
    // Training mode runs for days: keep the most recent effects only.
    if (this.list.length > 5_000) this.list.splice(0, this.list.length - 5_000);
    return entry;
  }

  entries(effect?: string): LedgerEntry[] {
    return this.list.filter((e) => effect === undefined || e.effect === effect).map((e) => ({ ...e }));
  }

  count(effect: string): number {
    return this.list.filter((e) => e.effect === effect).length;
  }

  clear(): void {
    this.list.length = 0;
  }
}
