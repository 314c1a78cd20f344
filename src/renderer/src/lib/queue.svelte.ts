/**
 * The queue as the home, queue and inbox screens see it: counts per state and per list, the relay's
 * status (online, paused, storage), kept current by pushed events. The lists themselves are paged
 * from main (case-list.svelte.ts); nothing here holds more than the counts.
 */
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { CaseSummary, QueueTotals, RelayStatus } from '../../../shared/ipc/queue';

export class QueueState {
  totals = $state<QueueTotals | null>(null);
  status = $state<RelayStatus | null>(null);
  /** Bumped with every pushed case change; open lists merge `lastChanged` into their rows. */
  changes = $state(0);
  lastChanged: CaseSummary | null = null;
  private offs: (() => void)[] = [];

  constructor(private readonly api: KioskApi) {}

  /** Cases waiting to send (the "waiting" list: queued for the relay). */
  readonly waiting = $derived(this.totals?.byList.waiting ?? 0);
  /** Cases being captured or sent right now (the "in progress" list). */
  readonly inProgress = $derived(this.totals?.byList.in_progress ?? 0);
  /**
   * The case on the flow screen right now and whether it only waits for the teller in front of it
   * (a review, a side to capture, the customer's secret: flow-screens.ts); null on other screens.
   */
  onScreen = $state<{ caseId: string; waitsForTeller: boolean } | null>(null);
  /**
   * Cases waiting for a person (the inbox badge and Home's card). The store counts every case in
   * `needs_attention`, which includes the one the teller is reviewing or capturing on screen: that
   * one is being attended, so it is not counted. Pushed totals and the screen's view arrive
   * separately, so for a moment after a change the two may disagree (never below zero).
   */
  readonly attentionCount = $derived(
    Math.max(0, (this.totals?.byList.attention ?? 0) - (this.onScreen?.waitsForTeller ? 1 : 0)),
  );
  /** When the case waiting longest for a person last changed (ms since the epoch), null: none waits. */
  readonly oldestAttentionAt = $derived(this.totals?.oldestAttentionAt ?? null);
  /** Offline when the OS says so or a provider this kiosk uses could not be reached. */
  readonly online = $derived(
    this.status !== null &&
      this.status.online &&
      !Object.values(this.status.providers).some((state) => state === 'offline'),
  );

  async start(): Promise<void> {
    this.offs.push(
      this.api.queue.onCaseChanged((summary) => this.changed(summary)),
      this.api.queue.onTotalsChanged((totals) => (this.totals = totals)),
      this.api.queue.onStatusChanged((status) => (this.status = status)),
    );
    await Promise.all([this.loadTotals(), this.loadStatus()]);
  }

  async loadTotals(): Promise<void> {
    const result = await this.api.queue.totals();
    if (result.ok) this.totals = result.value;
  }

  async retry(caseId: string, uncertainStep?: 'resend' | 'confirmedDone') {
    const result = await this.api.queue.retry({ caseId, ...(uncertainStep ? { uncertainStep } : {}) });
    if (result.ok) this.changed(result.value);
    return result;
  }

  async cancel(caseId: string) {
    const result = await this.api.queue.cancel({ caseId });
    if (result.ok) this.changed(result.value);
    return result;
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  private async loadStatus(): Promise<void> {
    const result = await this.api.queue.status();
    if (result.ok) this.status = result.value;
  }

  private changed(summary: CaseSummary): void {
    this.lastChanged = summary;
    this.changes += 1;
  }
}
