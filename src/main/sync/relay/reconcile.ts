/**
 * A non-idempotent step found in flight (a crash, an abort, an ambiguous failure): the last call may
 * or may not have reached the provider. Ask (the step's status query) or hand it to a person; never
 * send it again on a guess — unless the step declares that an interrupted attempt leaves nothing a
 * repeat would duplicate (StepDefinition.repeatAfterInterruption), or that abandoning the
 * provider's request makes it safe to repeat (StepDefinition.restartAfterInterruption). A step
 * whose answer later steps need is only ever done with that answer.
 */
import type { CaseEventType } from '../../../shared/domain/audit-actions';
import type { JsonValue, ReconcileOutcome } from '../flow-types';
import { callProvider } from './call';
import type { RelayContext } from './context';
import { decide, needsPerson, type Next } from './decide';
import type { StepWork } from './run-step';
import { advanceCase } from '../step-machine';

/** What the worker does after the reconcile: 'send' the step now, or a Next. */
export type Reconciled = 'send' | Next;

async function note(rc: RelayContext, work: StepWork, type: CaseEventType, message?: string): Promise<void> {
  // Relaxed: a step event (history); the outcome it explains is written with its own durability.
  await rc.write(
    () =>
      rc.store.events.add({ caseId: work.row.id, at: rc.store.now(), type, stepKey: work.step.key, message }),
    'relaxed',
  );
}

async function uncertain(
  rc: RelayContext,
  work: StepWork,
  code: string,
  message: string,
): Promise<Reconciled> {
  const { def } = work;
  if (def.repeatAfterInterruption) {
    await note(rc, work, 'repeated_after_interruption', def.repeatAfterInterruption);
    return 'send';
  }
  const why = def.answerNeeded
    ? `${message}. Later steps need its answer: send it again or cancel the case`
    : message;
  return await work.commit(needsPerson('uncertain_after_crash', { code, message: why }, 'in_flight'));
}

/**
 * StepDefinition.restartAfterInterruption: in ONE write, the case's stored session is dropped, its
 * remote progress set back to pending (the in-flight step included) and the restart recorded with
 * its reason; then the cached session is forgotten and the worker starts over ('continue'), which
 * opens a new session, i.e. a new request at the provider. Nothing is written when the worker no
 * longer holds the step's lease or the step is no longer in flight ('stop').
 */
async function restartRequest(rc: RelayContext, work: StepWork, why: string): Promise<Reconciled> {
  const { store } = rc;
  const { row, step, flow } = work;
  // Relaxed: lost to a power cut, the step is found in flight again and the restart is decided
  // again (it sends nothing); the next in-flight mark (full) makes it durable before any call.
  const restarted = await rc.write(() => {
    const current = store.steps.get(row.id, step.seq);
    if (current?.lease_owner !== rc.leases.owner || current.state !== 'in_flight') return false;
    const now = store.now();
    store.sessions.drop(row.id);
    const reset = store.steps.resetRemote(row.id, now);
    store.events.add({
      caseId: row.id,
      at: now,
      type: 'restarted_after_interruption',
      stepKey: step.key,
      code: String(reset),
      message: why,
    });
    advanceCase(store, flow, row.id, now);
    return true;
  }, 'relaxed');
  if (!restarted) return 'stop';
  rc.sessions.forget(row.id);
  rc.changed(row.id);
  return 'continue';
}

export async function reconcileStep(rc: RelayContext, work: StepWork): Promise<Reconciled> {
  const { def, flow, step } = work;
  if (def.restartAfterInterruption && flow.restartOnNewSession) {
    return await restartRequest(rc, work, def.restartAfterInterruption);
  }
  if (!def.reconcile) {
    return await uncertain(
      rc,
      work,
      'uncertain_after_crash',
      'The last call was interrupted and the provider cannot be asked whether it arrived',
    );
  }
  try {
    await rc.limiter.take(flow.provider, step.key, work.signal);
  } catch {
    return 'stop';
  }
  const reconcile = def.reconcile.bind(def);
  const attempt = await callProvider<ReconcileOutcome | Awaited<ReturnType<typeof reconcile>>>(
    rc.options.stepTimeoutMs,
    [work.signal, rc.stop],
    (signal) => reconcile({ ...work.context, attempt: step.attempts + 1, signal }),
  );
  const answer = attempt.outcome;
  if (answer === 'not_done') {
    await note(rc, work, 'reconciled_not_done');
    return 'send';
  }
  if (answer === 'unknown') {
    return await uncertain(
      rc,
      work,
      'reconcile_unknown',
      'The provider could not say whether the interrupted call arrived',
    );
  }
  if (answer === 'done' || (typeof answer === 'object' && answer.kind === 'done')) {
    const kept: JsonValue | undefined = answer === 'done' ? undefined : answer.answer;
    if (def.answerNeeded && kept === undefined) {
      return await uncertain(
        rc,
        work,
        'answer_missing',
        'The provider says the interrupted call arrived but not what it answered',
      );
    }
    return await work.commit(
      decide({ ...work.decisionInput('reconcile'), outcome: { kind: 'success', answer: kept } }),
    );
  }
  // The status query itself failed: counted, backed off, connectivity told; still in flight.
  return await work.commit(
    decide({ ...work.decisionInput('reconcile'), outcome: answer, abortedByRelay: attempt.abortedByRelay }),
  );
}
