/**
 * One list of cases on screen (the queue with its tab, filters and search, or the inbox), read from
 * main page by page with keyset cursors as the operator scrolls. Rows are kept as plain objects
 * ($state.raw): the virtual list renders only the visible ones, and thousands of rows must not
 * become thousands of reactive proxies.
 */
import { LIST_OF_STATE } from '../../../shared/domain/case-lists';
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { CaseListItem, CaseListQueryInput, CaseSummary, PageCursor } from '../../../shared/ipc/queue';
import type { IpcError } from '../../../shared/ipc/result';
import { appendPage } from './case-rows';

/** What a list shows: the queue with a query (no cursor, no page size), or the inbox. */
export type ListSource =
  { kind: 'queue'; query: Omit<CaseListQueryInput, 'after' | 'limit'> } | { kind: 'inbox' };

/** Rows per request: a few screens' worth, so scrolling asks main about once a second at most. */
export const PAGE_SIZE = 100;

export class CaseListState {
  items = $state.raw<CaseListItem[]>([]);
  loading = $state(false);
  /** True once the last page has arrived. */
  complete = $state(false);
  error = $state<IpcError | null>(null);
  private source: ListSource = { kind: 'inbox' };
  private next: PageCursor | null = null;
  /** Answers to an older query are dropped when they arrive after a newer one. */
  private generation = 0;

  constructor(private readonly api: KioskApi) {}

  /** Shows another list (tab, filter or search changed): starts again from its first page. */
  async show(source: ListSource): Promise<void> {
    this.source = source;
    this.generation += 1;
    this.items = [];
    this.next = null;
    this.complete = false;
    this.loading = false;
    this.error = null;
    await this.loadMore();
  }

  /** Fetches the next page, unless one is on its way or the list is complete. */
  async loadMore(): Promise<void> {
    if (this.loading || this.complete) return;
    this.loading = true;
    const generation = this.generation;
    const after = this.next ? { after: this.next } : {};
    const result =
      this.source.kind === 'inbox'
        ? await this.api.queue.inbox({ ...after, limit: PAGE_SIZE })
        : await this.api.queue.list({ ...this.source.query, ...after, limit: PAGE_SIZE });
    if (generation !== this.generation) return;
    this.loading = false;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.error = null;
    this.items = appendPage(this.items, result.value.cases);
    this.next = result.value.next;
    this.complete = result.value.next === null;
  }

  /**
   * A pushed change: the row is updated in place (keeping the name main decrypted for it), or
   * leaves the list when its state moved it to another one. A new case appears at the top of the
   * unfiltered "recent" queue; elsewhere it appears when the list is next shown.
   */
  merge(summary: CaseSummary): void {
    const index = this.items.findIndex((item) => item.id === summary.id);
    const belongs = this.belongs(summary);
    if (index >= 0) {
      const rows = [...this.items];
      if (belongs) rows[index] = { ...summary, customerName: rows[index]!.customerName };
      else rows.splice(index, 1);
      this.items = rows;
    } else if (belongs && this.source.kind === 'queue' && this.showsNewAtTop()) {
      this.items = [{ ...summary, customerName: null }, ...this.items];
    }
  }

  private belongs(summary: CaseSummary): boolean {
    if (this.source.kind === 'inbox') return summary.state === 'needs_attention';
    const { list } = this.source.query;
    return list === undefined || LIST_OF_STATE[summary.state] === list;
  }

  private showsNewAtTop(): boolean {
    if (this.source.kind !== 'queue') return false;
    const { order, search, flow, operatorId, createdFrom, createdBefore } = this.source.query;
    return (
      (order ?? 'recent') === 'recent' &&
      [search, flow, operatorId, createdFrom, createdBefore].every((value) => value === undefined)
    );
  }
}
