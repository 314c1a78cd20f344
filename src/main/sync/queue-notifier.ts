/**
 * Turns "case X changed" signals from the service and the relay into the contract's queue events.
 * Signals are coalesced over a short interval: a step that changes a case three times sends one
 * caseChanged, and totals are sent once per burst, not per step.
 */
import type { CaseSummary, QueueTotals } from '../../shared/ipc/queue';
import type { KioskStore } from '../store/store';
import type { FlowRegistry } from './flow-types';
import { queueTotals, summaryOf } from './queue-view';

export interface QueueEventSink {
  caseChanged(summary: CaseSummary): void;
  totalsChanged(totals: QueueTotals): void;
}

export class QueueNotifier {
  private readonly pending = new Set<string>();
  private scheduled = false;
  private lastTotals = '';
  private closed = false;

  constructor(
    private readonly store: KioskStore,
    private readonly flows: FlowRegistry,
    private readonly sink: QueueEventSink,
    private readonly intervalMs = 100,
  ) {}

  changed(caseId: string): void {
    if (this.closed) return;
    this.pending.add(caseId);
    if (this.scheduled) return;
    this.scheduled = true;
    // At most one burst of events per interval: a drain of hundreds of cases must not spend its
    // time recounting totals after every step.
    setTimeout(() => this.flush(), this.intervalMs).unref();
  }

  flush(): void {
    this.scheduled = false;
    if (this.closed) return;
    const ids = [...this.pending];
    this.pending.clear();
    try {
      for (const id of ids) {
        const summary = summaryOf(this.store, this.flows, id);
        if (summary) this.sink.caseChanged(summary);
      }
      const totals = queueTotals(this.store);
      const key = JSON.stringify(totals);
      if (key !== this.lastTotals) {
        this.lastTotals = key;
        this.sink.totalsChanged(totals);
      }
    } catch {
      // Events are a courtesy to the screen; the store stays the truth and the next change resends.
    }
  }

  close(): void {
    this.closed = true;
  }
}
