/**
 * Writes a decision (decide.ts) in one transaction, checking its preconditions inside that same
 * transaction (the store's one-writer rule): the worker still holds the step's lease, and the
 * images the call sent are still the case's images. When a precondition no longer holds the
 * decision is not written; the caller stops.
 */
import type { ImageRole } from '../../../shared/domain/flows';
import type { Durability, KioskStore } from '../../store/store';
import type { FlowDefinition, StepDefinition } from '../flow-types';
import { advanceCase, setCaseState } from '../step-machine';
import type { Decision } from './decide';

export interface CommitTarget {
  caseId: string;
  seq: number;
  key: string;
  /** The lease owner the worker writes as. */
  owner: string;
  flow: FlowDefinition | undefined;
  /** Image ids the call sent, by role (ImagesRepo.currentId at send time). */
  sent?: ReadonlyMap<ImageRole, string | undefined>;
  /** Carry the lease to the case's next remote step in the same commit (the worker goes on). */
  carry?: { untilMs: number } | undefined;
  /**
   * The cause of the decision, checked again inside the transaction: false when it has gone since
   * the decision was made (a customer secret given while a stop for its absence waited for the
   * group commit). Then nothing is written and the worker looks at the step again.
   */
  stillHolds?: (() => boolean) | undefined;
}

export type Committed = 'written' | 'lease_lost' | 'image_replaced' | 'moot';

/**
 * The durability of a step's outcome (store.ts Durability). 'full' for a non-idempotent step: its
 * outcome (done with the answer later steps may need, in flight after an ambiguous failure) must
 * not be rolled back by a power cut, or the kiosk would ask the provider again, or a person, for a
 * call it knew the fate of. 'relaxed' for an idempotent step or a withdrawal: an outcome lost to a
 * power cut leaves the step as it was before the call, and the relay simply sends it again.
 */
export function outcomeDurability(
  def: Pick<StepDefinition, 'idempotent'> | undefined,
  withdrawal: boolean,
): Durability {
  return withdrawal || def?.idempotent === true ? 'relaxed' : 'full';
}

/** Runs inside a transaction (GroupCommit.run or store.tx). `now` in ms since the epoch. */
export function commitDecision(
  store: KioskStore,
  target: CommitTarget,
  decision: Decision,
  now: number,
): Committed {
  const { caseId, seq, key } = target;
  const row = store.steps.get(caseId, seq);
  if (!row || row.key !== key || row.lease_owner !== target.owner) return 'lease_lost';
  if (target.stillHolds && !target.stillHolds()) return 'moot';
  if (decision.step.state === 'done' && target.sent) {
    for (const [role, id] of target.sent) {
      if (store.images.currentId(caseId, role) !== id) {
        // Staff replaced the image while it was being sent: the answer is about the old one.
        store.steps.finish(caseId, key, seq, { state: 'pending', nextAttemptAt: 0, countAttempt: true }, now);
        store.events.add({ caseId, at: now, type: 'image_replaced_during_send', stepKey: key, code: role });
        return 'image_replaced';
      }
    }
  }
  store.steps.finish(caseId, key, seq, decision.step, now);
  store.events.add({ caseId, at: now, stepKey: key, ...decision.event });
  if (decision.dropSession) store.sessions.drop(caseId);
  if (decision.firstRemoteSuccess) store.cases.markFirstRemoteSuccess(caseId, now, target.flow?.deadlineMs);
  if (decision.case === 'advance') {
    const state = advanceCase(store, target.flow, caseId, now);
    if (state === 'completed') store.sessions.drop(caseId);
    const next = store.steps.current(caseId);
    if (target.carry && next?.kind === 'remote') {
      store.steps.lease(caseId, next.seq, target.owner, target.carry.untilMs, now);
    }
  } else if (decision.case !== 'keep') {
    setCaseState(store, caseId, decision.case.state, decision.case.reason, now);
  } else if (decision.event.type === 'withdraw_failed') {
    // What was sent may remain at the provider: the cancelled case goes to the inbox
    // ('withdrawal_refused'), where staff retry the withdrawal or call IT. Not through
    // setCaseState: a cancelled case is final for every other path.
    store.cases.setState(caseId, 'needs_attention', 'withdrawal_refused', now);
    store.events.add({ caseId, at: now, type: 'state:needs_attention', code: 'withdrawal_refused' });
  }
  return 'written';
}

/** The provider's deadline passed: the case ends 'expired' and its session goes. */
export function expireCase(store: KioskStore, caseId: string, now: number): void {
  setCaseState(store, caseId, 'expired', 'deadline_passed', now);
  store.sessions.drop(caseId);
}
