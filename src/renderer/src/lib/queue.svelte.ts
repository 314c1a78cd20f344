/**
 * The queue as the home, queue and inbox screens see it: counts per state, the relay's status
 * (online, paused, storage), and the list of cases, all kept current by pushed events.
 */
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { CaseSummary, QueueTotals, RelayStatus } from '../../../shared/ipc/queue';

export class QueueState {
  cases = $state<CaseSummary[]>([]);
  totals = $state<QueueTotals | null>(null);
  status = $state<RelayStatus | null>(null);
  private offs: (() => void)[] = [];

  constructor(private readonly api: KioskApi) {}

  readonly attention = $derived(this.cases.filter((c) => c.state === 'needs_attention'));
  readonly waiting = $derived((this.totals?.byState.queued ?? 0) + (this.totals?.byState.syncing ?? 0));
  readonly attentionCount = $derived(this.totals?.byState.needs_attention ?? 0);
  /** Offline when the OS says so or a provider this kiosk uses could not be reached. */
  readonly online = $derived(
    this.status !== null &&
      this.status.online &&
      !Object.values(this.status.providers).some((state) => state === 'offline'),
  );

  async start(): Promise<void> {
    this.offs.push(
      this.api.queue.onCaseChanged((summary) => this.upsert(summary)),
      this.api.queue.onTotalsChanged((totals) => (this.totals = totals)),
      this.api.queue.onStatusChanged((status) => (this.status = status)),
    );
    await Promise.all([this.reload(), this.loadStatus()]);
  }

  async reload(): Promise<void> {
    const result = await this.api.queue.list({ limit: 200, offset: 0 });
    if (result.ok) {
      this.cases = result.value.cases;
      this.totals = result.value.totals;
    }
  }

  async retry(caseId: string, uncertainStep?: 'resend' | 'confirmedDone') {
    const result = await this.api.queue.retry({ caseId, ...(uncertainStep ? { uncertainStep } : {}) });
    if (result.ok) this.upsert(result.value);
    return result;
  }

  async cancel(caseId: string) {
    const result = await this.api.queue.cancel({ caseId });
    if (result.ok) this.upsert(result.value);
    return result;
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  private async loadStatus(): Promise<void> {
    const result = await this.api.queue.status();
    if (result.ok) this.status = result.value;
  }

  private upsert(summary: CaseSummary): void {
    const rest = this.cases.filter((c) => c.id !== summary.id);
    this.cases = [summary, ...rest].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }
}
