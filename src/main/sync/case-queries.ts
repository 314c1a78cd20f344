/**
 * The read side of the case service: one page of a listing (keyset), the needs-attention inbox, the
 * filters on offer, one case's detail and images, the queue totals, and other open cases for the
 * same ID number (blind index). Reads only: no transaction, no hooks. CaseService adds the commands.
 */
import type { CaseState, FlowId, ImageRole } from '../../shared/domain/flows';
import { referencePrefix } from '../../shared/domain/case-reference';
import type {
  CaseDetail,
  CaseListQueryInput,
  CasePage,
  CaseSummary,
  PageCursor,
  QueueTotals,
} from '../../shared/ipc/queue';
import { AppError } from '../ipc/errors';
import type { KioskStore } from '../store/store';
import type { Fields } from '../store/fields-repo';
import type { FlowRegistry } from './flow-types';
import { caseDetail, casePage, queueTotals, summaryOf } from './queue-view';

export class CaseQueries {
  constructor(
    protected readonly store: KioskStore,
    /** The flows' step definitions: which step waits for a serial claim (the summaries say so). */
    protected readonly flows: FlowRegistry,
  ) {}

  /** The case's summary; `not_found` if there is no such case. */
  protected summary(caseId: string): CaseSummary {
    const summary = summaryOf(this.store, this.flows, caseId);
    if (!summary) throw new AppError('not_found', 'No such case');
    return summary;
  }

  /** Answers of earlier remote steps (e.g. OCR data) for the review screen, decrypted. */
  reviewData(caseId: string): { fields: Fields; answers: Fields; extracted: Fields } {
    this.summary(caseId);
    const all = this.store.fields.read(caseId);
    return {
      fields: { ...all.typed, ...all.reviewed },
      answers: this.store.steps.answers(caseId),
      extracted: all.extracted ?? {},
    };
  }

  /** The name of the operator who captured the case (for the done screen and its receipt). */
  operatorName(caseId: string): string {
    const row = this.store.cases.get(caseId);
    if (!row) throw new AppError('not_found', 'No such case');
    return row.operator_name;
  }

  /**
   * Who approved the provider's reading (the last `reviewed` in the audit trail), or null when the
   * case had no review: the done receipt names them beside who captured it.
   */
  approverName(caseId: string): string | null {
    return this.store.audit.lastActorName(caseId, 'reviewed') ?? null;
  }

  /**
   * One page of a listing query (keyset: pass the previous page's `next` as `after`). A search is
   * a case reference (its start) and/or an ID or passport number, the latter only through the
   * blind index; text that is neither finds nothing.
   */
  list(query: CaseListQueryInput = {}): CasePage {
    const order = query.order ?? 'recent';
    const limit = query.limit ?? 50;
    const { search, ...filters } = query;
    let match: { idPrefix?: string; digest?: Buffer } = {};
    if (search !== undefined) {
      const prefix = referencePrefix(search);
      const digest = this.store.search.index.digestOfQuery(search);
      if (prefix === null && digest === null) return { cases: [], next: null };
      match = { ...(prefix !== null ? { idPrefix: prefix } : {}), ...(digest ? { digest } : {}) };
    }
    const rows = this.store.cases.list({ ...filters, ...match, order, limit: limit + 1 });
    return casePage(this.store, this.flows, rows, limit, order);
  }

  /**
   * The other cases, open or completed (not cancelled or expired), for an ID or passport number
   * this case holds (typed, read by the provider, or reviewed), by the blind index: a customer
   * being processed twice at once, or again after a case that already went through. Oldest first.
   */
  casesSharingNumber(caseId: string): { caseId: string; state: CaseState; createdAt: number }[] {
    const out: { caseId: string; state: CaseState; createdAt: number }[] = [];
    for (const id of this.store.search.sharingNumber(caseId)) {
      const row = this.store.cases.get(id);
      if (row && row.state !== 'cancelled' && row.state !== 'expired') {
        out.push({ caseId: id, state: row.state, createdAt: row.created_at });
      }
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** One page of the cases that need a person, oldest first, whatever their age. */
  inbox(after: PageCursor | undefined, limit = 50): CasePage {
    return casePage(this.store, this.flows, this.store.cases.inbox(after, limit + 1), limit, 'oldest');
  }

  /** What the list filters offer: flows and operators that have cases here. */
  filters(): { flows: FlowId[]; operators: { id: string; name: string }[] } {
    return { flows: this.store.cases.flows(), operators: this.store.cases.operators() };
  }

  get(caseId: string): CaseDetail {
    const row = this.store.cases.get(caseId);
    if (!row) throw new AppError('not_found', 'No such case');
    return caseDetail(this.store, this.flows, row);
  }

  image(caseId: string, role: ImageRole): ReturnType<KioskStore['images']['read']> {
    return this.store.images.read(caseId, role);
  }

  /** The quality figures stored with the current image of a role (numbers only, never personal). */
  imageQuality(caseId: string, role: ImageRole): Readonly<Record<string, number>> | null {
    return (
      this.store.images.list(caseId).find((image) => image.role === role && !image.purged)?.quality ?? null
    );
  }

  /** The roles whose image waits for a retake or a supervisor's keep (images-repo.ts HELD_FOR_RETAKE). */
  heldForRetake(caseId: string): ImageRole[] {
    return this.store.images.heldForRetake(caseId);
  }

  totals(): QueueTotals {
    return queueTotals(this.store);
  }
}
