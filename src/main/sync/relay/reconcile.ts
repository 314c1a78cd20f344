/**
 * A non-idempotent step found in flight (a crash, an abort, an ambiguous failure): the last call may
 * or may not have reached the provider. Ask (the step's status query) or hand it to a person; never
 * send it again on a guess — unless the step declares that an interrupted attempt leaves nothing a
 * repeat would duplicate (StepDefinition.repeatAfterInterruption). A step whose answer later steps
 * need is only ever done with that answer.
 */
import type { JsonValue, ReconcileOutcome } from '../flow-types';
import { callProvider } from './call';
import type { RelayContext } from './context';
import { decide, needsPerson, type Next } from './decide';
import type { StepWork } from './run-step';

/** What the worker does after the reconcile: 'send' the step now, or a Next. */
export type Reconciled = 'send' | Next;

async function note(rc: RelayContext, work: StepWork, type: string, message?: string): Promise<void> {
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

export async function reconcileStep(rc: RelayContext, work: StepWork): Promise<Reconciled> {
  const { def, flow, step } = work;
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
