/**
 * Moves a case forward after anything changed (a capture, a step's answer, a person's review): it
 * walks the steps in order, finishes the local ones that can be finished, stops at the first step
 * that needs the relay or a person, and sets the case's state accordingly: a case that would be sent
 * but holds an image to retake that staff have not kept waits in the inbox (`retake_required`).
 * Call inside a transaction.
 */
import type { AttentionReason, CaseState, ImageRole } from '../../shared/domain/flows';
import { FINAL_STATES } from '../store/cases-repo';
import type { KioskStore } from '../store/store';
import { chosenRoles } from './capture-choice';
import { type FlowDefinition, WITHDRAW_STEP } from './flow-types';

/** The states in which the relay sends a case's steps (steps-repo.ts `readyStmt`). */
const SENDING: ReadonlySet<CaseState> = new Set(['queued', 'syncing']);
/** The states whose unfinished steps wait at the end of the relay's index (steps-repo.ts `park`). */
const PARKED: ReadonlySet<CaseState> = new Set(['needs_attention', 'cancelled', 'expired']);

export function setCaseState(
  store: KioskStore,
  caseId: string,
  state: CaseState,
  reason: AttentionReason | null,
  now: number,
): void {
  const row = store.cases.get(caseId);
  if (!row || (row.state === state && row.attention_reason === reason)) return;
  // A completed, cancelled or expired case stays so: a relay worker that was mid-call when staff
  // cancelled must not put the case back in the queue (or the inbox) with its answer.
  if (FINAL_STATES.includes(row.state)) return;
  store.cases.setState(caseId, state, reason, now);
  // Steps the relay will not take while the case is in this state are parked at the end of its
  // index (steps-repo.ts `park`), so its ready query does not walk them on every call: a cancelled
  // or expired case's for good (its withdrawal is its own, added after this), a case waiting for a
  // person's until the case is sent again, when they are due at once (`unpark`).
  // A completed case has no unfinished step: no write on the relay's last commit of each case.
  if (PARKED.has(state)) store.steps.park(caseId, WITHDRAW_STEP);
  else if (SENDING.has(state) && PARKED.has(row.state)) store.steps.unpark(caseId, now);
  store.events.add({ caseId, at: now, type: `state:${state}`, code: reason ?? undefined });
}

export function advanceCase(
  store: KioskStore,
  flow: FlowDefinition | undefined,
  caseId: string,
  now: number,
): CaseState {
  const row = store.cases.get(caseId);
  if (!row) throw new Error(`No case ${caseId}`);
  if (FINAL_STATES.includes(row.state)) return row.state;

  let roles: Set<ImageRole> | undefined;
  const imageRoles = (): Set<ImageRole> =>
    (roles ??= new Set(
      store.images
        .list(caseId)
        .filter((image) => !image.purged)
        .map((image) => image.role),
    ));

  for (const step of store.steps.forCase(caseId)) {
    if (step.state === 'done' || step.state === 'skipped') continue;
    const def = flow?.steps.find((candidate) => candidate.key === step.key);

    if (step.kind === 'capture') {
      const anyOf = def?.capturesAnyOf ?? [];
      const chosen = chosenRoles(def?.chosenBy, anyOf, () => store.fields.effective(caseId));
      const missing = [...(def?.captures ?? []), ...chosen].filter((role) => !imageRoles().has(role));
      // ARGOS: the images staff chose, all of them; a case without a choice: any one of them.
      const anyOfMet =
        chosen.length > 0 || anyOf.length === 0 || anyOf.some((role) => imageRoles().has(role));
      if (missing.length === 0 && anyOfMet) {
        store.steps.setState(caseId, step.seq, 'done', now);
        continue;
      }
      if (step.state !== 'waiting') store.steps.setState(caseId, step.seq, 'waiting', now);
      setCaseState(store, caseId, 'needs_attention', 'capture_required', now);
      return 'needs_attention';
    }

    if (step.kind === 'review') {
      if (step.state !== 'waiting') store.steps.setState(caseId, step.seq, 'waiting', now);
      setCaseState(store, caseId, 'needs_attention', 'review_required', now);
      return 'needs_attention';
    }

    // A remote step.
    if (step.state === 'pending' && def?.when) {
      const context = {
        fields: store.fields.effective(caseId),
        answers: store.steps.answers(caseId),
        images: [...imageRoles()],
      };
      if (!def.when(context)) {
        store.steps.setState(caseId, step.seq, 'skipped', now);
        continue;
      }
    }
    if (step.state === 'waiting') {
      // The relay set the reason when it paused the step; keep it.
      if (row.state !== 'needs_attention')
        setCaseState(store, caseId, 'needs_attention', 'provider_rejected', now);
      return 'needs_attention';
    }
    if (store.images.heldForRetake(caseId).length > 0) {
      // Nothing is sent while an image staff were told to retake is neither retaken nor kept: the
      // case waits in the inbox (a worker mid-call stops at its commit: the case is no longer open).
      setCaseState(store, caseId, 'needs_attention', 'retake_required', now);
      return 'needs_attention';
    }
    if (row.state !== 'syncing') setCaseState(store, caseId, 'queued', null, now);
    return row.state === 'syncing' ? 'syncing' : 'queued';
  }

  setCaseState(store, caseId, 'completed', null, now);
  return 'completed';
}
