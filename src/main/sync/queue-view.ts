/**
 * What the queue screens see of a case: states, progress and errors. The only personal data is the
 * customer's name on a listed row, decrypted here for the rows of the page asked for.
 */
import { CASE_LISTS, type CaseList, LIST_OF_STATE } from '../../shared/domain/case-lists';
import type { CaseState } from '../../shared/domain/flows';
import type { CaseDetail, CaseListItem, CasePage, CaseSummary, QueueTotals } from '../../shared/ipc/queue';
import { caseStateSchema } from '../../shared/domain/flows';
import { type CaseRow, cursorOf } from '../store/cases-repo';
import type { Fields } from '../store/fields-repo';
import { retryAt, type StepRow } from '../store/steps-repo';
import type { KioskStore } from '../store/store';
import { caseReference } from '../../shared/domain/case-reference';
import { flowDescriptor } from '../../shared/flows/registry';
import { readingOf } from '../cases/provider-reading';
import { type FlowRegistry, WITHDRAW_STEP } from './flow-types';
import { serialHolder } from './relay/serialise';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function errorOf(step: StepRow | undefined): CaseSummary['lastError'] {
  return step?.last_error_code
    ? { code: step.last_error_code, message: step.last_error_message ?? '' }
    : null;
}

/**
 * What a list, a pushed change or the detail shows of a case. `waitingBehind`: the id of the case of
 * the same customer it waits for (relay/serialise.ts serialHolder), null when none.
 */
export function caseSummary(
  row: CaseRow,
  steps: readonly StepRow[],
  waitingBehind: string | null,
): CaseSummary {
  const finished = steps.filter((step) => step.state === 'done' || step.state === 'skipped');
  // A refused withdrawal is about the withdraw step, not the flow step the cancel interrupted.
  const current =
    (row.attention_reason === 'withdrawal_refused'
      ? steps.find((step) => step.key === WITHDRAW_STEP)
      : undefined) ?? steps.find((step) => step.state !== 'done' && step.state !== 'skipped');
  const retry = current ? retryAt(current) : null;
  return {
    id: row.id,
    flow: row.flow,
    provider: row.provider,
    state: row.state,
    attentionReason: row.attention_reason,
    operatorId: row.operator_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(Math.max(row.updated_at, ...steps.map((step) => step.updated_at))).toISOString(),
    deadlineAt: iso(row.deadline_at),
    stepsDone: finished.length,
    stepsTotal: steps.length,
    nextAttemptAt: iso(retry),
    lastError: errorOf(current),
    waitingBehind: waitingBehind === null ? null : caseReference(waitingBehind),
    purged: row.purged_at !== null,
  };
}

/** The summary of a case with the case it waits for, read from the store. */
function summaryFromStore(store: KioskStore, flows: FlowRegistry, row: CaseRow, steps: readonly StepRow[]) {
  return caseSummary(row, steps, serialHolder(store, flows, row, steps));
}

export function summaryOf(store: KioskStore, flows: FlowRegistry, caseId: string): CaseSummary | undefined {
  const row = store.cases.get(caseId);
  return row ? summaryFromStore(store, flows, row, store.steps.forCase(caseId)) : undefined;
}

export function caseDetail(store: KioskStore, flows: FlowRegistry, row: CaseRow): CaseDetail {
  const steps = store.steps.forCase(row.id);
  return {
    ...summaryFromStore(store, flows, row, steps),
    steps: steps.map((step) => ({
      key: step.key,
      kind: step.kind,
      state: step.state,
      attempts: step.attempts,
      nextAttemptAt: iso(retryAt(step)),
      lastError: errorOf(step),
      finishedAt: iso(step.finished_at),
    })),
    images: store.images.list(row.id).map((image) => ({
      role: image.role,
      mime: image.mime,
      width: image.width,
      height: image.height,
      size: image.size,
      ...(image.pages === null ? {} : { pages: image.pages }),
      purged: image.purged,
    })),
    history: store.events.forCase(row.id).map((event) => ({
      at: new Date(event.at).toISOString(),
      type: event.type,
      stepKey: event.step_key,
      code: event.code,
      message: event.message,
    })),
  };
}

/** Counts per state and per list, read from the totals the store maintains (a few rows). */
export function queueTotals(store: KioskStore): QueueTotals {
  const counts = store.cases.totals();
  const byState = Object.fromEntries(
    caseStateSchema.options.map((state: CaseState) => [state, counts.get(state) ?? 0]),
  ) as Record<CaseState, number>;
  const byList = Object.fromEntries(CASE_LISTS.map((list) => [list, 0])) as Record<CaseList, number>;
  for (const state of caseStateSchema.options) byList[LIST_OF_STATE[state]] += byState[state];
  // Only counts the store keeps (case_totals): sent after every burst of changes, never a recount.
  return { byState, byList, oldestAttentionAt: store.cases.oldestAttentionAt() };
}

/** Name fields, most specific first, as the flows store them (Lumin OCR and review, typed fields). */
const NAME_FIELDS = ['fullName', 'fullNameAr', 'fullNameEn', 'customerName', 'name'] as const;

/**
 * Given and family names a flow keeps apart, shown together (given first): Jumio's prepared data
 * `firstName`/`lastName` (seed 004, providers.md §3.2), the MRZ reading's `givenNames`/`surname`.
 */
const NAME_PAIRS = [
  ['firstName', 'lastName'],
  ['givenNames', 'surname'],
] as const;

/**
 * The customer's name in one set of fields (typed, read or reviewed): the first of NAME_FIELDS that
 * holds text, else a NAME_PAIRS pair joined with a space, else one found in a nested object (a
 * review step's values); null when none.
 */
export function nameIn(fields: Fields | undefined): string | null {
  if (!fields) return null;
  const text = (value: unknown): string | null =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  for (const key of NAME_FIELDS) {
    const value = text(fields[key]);
    if (value) return value;
  }
  for (const [given, family] of NAME_PAIRS) {
    const parts = [text(fields[given]), text(fields[family])].filter((part) => part !== null);
    if (parts.length > 0) return parts.join(' ');
  }
  // Reviewed values sit under their review step's key.
  for (const value of Object.values(fields)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const nested = nameIn(value);
      if (nested) return nested;
    }
  }
  return null;
}

/**
 * The customer's name for a listed row: reviewed, then read (the kiosk's own reading, then the
 * provider's, where the flow's review descriptors say it is), then typed; null once purged. The
 * provider's answers are opened only for a case no review or kiosk reading names yet: a case
 * waiting for its first review was listed as "name not read yet" beside a form showing the name
 * (teller trial).
 */
export function customerNameOf(store: KioskStore, row: CaseRow): string | null {
  if (row.purged_at !== null) return null;
  const fields = store.fields.read(row.id);
  return (
    nameIn(fields.reviewed) ?? nameIn(fields.extracted) ?? readByProvider(store, row) ?? nameIn(fields.typed)
  );
}

/** A name in what the provider read for any of the flow's reviews; null when none (or no review). */
function readByProvider(store: KioskStore, row: CaseRow): string | null {
  const reviews = flowDescriptor(row.flow)?.reviews ?? [];
  if (reviews.length === 0) return null;
  const answers = store.steps.answers(row.id);
  for (const review of reviews) {
    const name = nameIn(readingOf(review, answers));
    if (name) return name;
  }
  return null;
}

/**
 * Turns the rows of one query (asked for `limit + 1`, to know whether a next page exists) into a
 * page: summaries, names decrypted for these rows only, and the cursor of the next page.
 */
export function casePage(
  store: KioskStore,
  flows: FlowRegistry,
  rows: readonly CaseRow[],
  limit: number,
  order: Parameters<typeof cursorOf>[1],
): CasePage {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  const cases: CaseListItem[] = shown.map((row) => ({
    ...summaryFromStore(store, flows, row, store.steps.forCase(row.id)),
    customerName: customerNameOf(store, row),
  }));
  return { cases, next: rows.length > limit && last ? cursorOf(last, order) : null };
}
