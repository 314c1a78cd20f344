/** What the queue screens see of a case: states, progress and errors, never personal data. */
import type { CaseState } from '../../shared/domain/flows';
import type { CaseDetail, CaseSummary, QueueTotals } from '../../shared/ipc/queue';
import { caseStateSchema } from '../../shared/domain/flows';
import type { CaseRow } from '../store/cases-repo';
import type { StepRow } from '../store/steps-repo';
import type { KioskStore } from '../store/store';
import { WITHDRAW_STEP } from './flow-types';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function errorOf(step: StepRow | undefined): CaseSummary['lastError'] {
  return step?.last_error_code
    ? { code: step.last_error_code, message: step.last_error_message ?? '' }
    : null;
}

export function caseSummary(row: CaseRow, steps: readonly StepRow[]): CaseSummary {
  const finished = steps.filter((step) => step.state === 'done' || step.state === 'skipped');
  // A refused withdrawal is about the withdraw step, not the flow step the cancel interrupted.
  const current =
    (row.attention_reason === 'withdrawal_refused'
      ? steps.find((step) => step.key === WITHDRAW_STEP)
      : undefined) ?? steps.find((step) => step.state !== 'done' && step.state !== 'skipped');
  const waitingRetry =
    current?.kind === 'remote' &&
    current.state !== 'waiting' &&
    current.attempts > 0 &&
    current.next_attempt_at > 0;
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
    nextAttemptAt: waitingRetry && current ? iso(current.next_attempt_at) : null,
    lastError: errorOf(current),
    purged: row.purged_at !== null,
  };
}

export function summaryOf(store: KioskStore, caseId: string): CaseSummary | undefined {
  const row = store.cases.get(caseId);
  return row ? caseSummary(row, store.steps.forCase(caseId)) : undefined;
}

export function caseDetail(store: KioskStore, row: CaseRow): CaseDetail {
  const steps = store.steps.forCase(row.id);
  return {
    ...caseSummary(row, steps),
    steps: steps.map((step) => ({
      key: step.key,
      kind: step.kind,
      state: step.state,
      attempts: step.attempts,
      nextAttemptAt: step.state === 'pending' && step.attempts > 0 ? iso(step.next_attempt_at) : null,
      lastError: errorOf(step),
      finishedAt: iso(step.finished_at),
    })),
    images: store.images.list(row.id).map((image) => ({
      role: image.role,
      mime: image.mime,
      width: image.width,
      height: image.height,
      size: image.size,
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

export function queueTotals(store: KioskStore): QueueTotals {
  const counts = store.cases.totals();
  const byState = Object.fromEntries(
    caseStateSchema.options.map((state: CaseState) => [state, counts.get(state) ?? 0]),
  ) as Record<CaseState, number>;
  return { byState, pendingSteps: store.steps.pendingRemoteCount() };
}
