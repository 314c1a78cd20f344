/**
 * StepDefinition.serialise: before such a step runs, the case claims its subject inside one write
 * transaction (the store's one writer checks the holder and takes the claim together, so two
 * workers cannot both take it). Held by another case: the step waits, in the same write (pending,
 * retried after RelayOptions.serialWaitMs, the case back in the queue, an event saying why);
 * nothing is sent and no failure is counted, so the retry ceiling never sends it to a person.
 */
import { setCaseState } from '../step-machine';
import type { RelayContext } from './context';
import type { Next } from './decide';
import type { StepWork } from './run-step';

/** Event recorded each time a case waits for another case of the same subject. */
export const SERIAL_WAIT_EVENT = 'waiting_for_same_subject';

/** 'go' when the case holds the step's subject (or the step declares none); else why it stops. */
export async function holdSubject(rc: RelayContext, work: StepWork): Promise<'go' | Next> {
  const serialise = work.def.serialise;
  if (!serialise || work.withdrawal) return 'go';
  const subject = serialise.subject(work.context);
  if (subject === undefined) return 'go';
  const { store } = rc;
  const { row, step } = work;
  // Relaxed: a claim lost to a power cut goes with everything committed after it (the WAL keeps
  // commits in order), so the step is claimed again before it runs again; the first full commit
  // after it (a non-idempotent call's in-flight mark) makes it durable before anything is sent.
  const result = await rc.write((): 'go' | 'waiting' | 'lease_lost' => {
    const current = store.steps.get(row.id, step.seq);
    if (current?.lease_owner !== rc.leases.owner) return 'lease_lost';
    const now = store.now();
    const holder = store.claims.take(subject, row.id, serialise.through, now);
    if (holder === row.id) return 'go';
    store.steps.finish(
      row.id,
      step.key,
      step.seq,
      { state: 'pending', nextAttemptAt: now + rc.options.serialWaitMs, countAttempt: false },
      now,
    );
    store.events.add({ caseId: row.id, at: now, type: SERIAL_WAIT_EVENT, stepKey: step.key });
    setCaseState(store, row.id, 'queued', null, now);
    return 'waiting';
  }, 'relaxed');
  if (result === 'go') return 'go';
  if (result === 'waiting') rc.changed(row.id);
  return 'stop';
}
