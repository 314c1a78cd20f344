/**
 * StepDefinition.serialise: before such a step runs, the case claims its subject inside one write
 * transaction (the store's one writer checks the holder and takes the claim together, so two
 * workers cannot both take it). Held by another case: the step waits, in the same write (pending,
 * retried after RelayOptions.serialWaitMs, the case back in the queue, an event saying why);
 * nothing is sent and no failure is counted, so the retry ceiling never sends it to a person.
 *
 * One wait is one episode (issue 12): its event is written once, when the case first finds the
 * subject held; the periodic re-checks that only find it still held change nothing but the step's
 * next try (SerialWaits.stillHeld, before the lease, so no queued/syncing flips either). A case
 * waiting ten minutes behind another of the same customer used to write ~900 history rows, which
 * pushed its older entries out of the case detail. The episode is remembered in memory only: after
 * a restart the first re-check opens a new one (one more event), which costs nothing to correctness.
 *
 * Waiting cases are woken when the claim frees (SerialWaits.wakeFreed, on every pass of the run
 * loop, which runs after each worker ends and each case-service change): the holder final or its
 * `through` step done/skipped. The periodic re-check stays as the safety net for a release this
 * process cannot see (another process, a crash). Staff see that a case waits and for which case
 * (its short reference, no personal data): serialHolder, read from the claims table, not from
 * SerialWaits, so it is true after a restart as well.
 */
import type { CaseRow } from '../../store/cases-repo';
import type { StepRow } from '../../store/steps-repo';
import type { KioskStore } from '../../store/store';
import type { FlowRegistry } from '../flow-types';
import { setCaseState } from '../step-machine';
import type { RelayContext } from './context';
import type { Next } from './decide';
import type { StepWork } from './run-step';

/** Event recorded once per wait episode, when a case finds its subject held by another case. */
export const SERIAL_WAIT_EVENT = 'waiting_for_same_subject';

/** Case states in which a waiting case may still go on (anything else ends its wait). */
const OPEN_STATES = new Set(['queued', 'syncing']);

/** One case waiting for a subject: the step (seq) that waits and the subject it asked for. */
interface Waiter {
  seq: number;
  /** The subject in clear, memory only (like the customer secrets); never written or logged. */
  subject: string;
}

/**
 * The cases of this process that wait for a subject another case holds (in memory). Every method
 * that writes runs inside the caller's write transaction.
 */
export class SerialWaits {
  private readonly waiters = new Map<string, Waiter>();

  constructor(private readonly store: KioskStore) {}

  /** How many cases wait (tests, status). */
  get size(): number {
    return this.waiters.size;
  }

  /** Whether `caseId` is in a wait episode (its event already written). */
  isWaiting(caseId: string): boolean {
    return this.waiters.has(caseId);
  }

  /** Starts (or continues) the case's wait episode for `subject` at step `seq`. */
  waiting(caseId: string, seq: number, subject: string): void {
    this.waiters.set(caseId, { seq, subject });
  }

  /** Ends the case's wait episode (it holds the subject now, or it no longer waits). */
  ended(caseId: string): void {
    this.waiters.delete(caseId);
  }

  /**
   * A periodic re-check before the lease is taken: when the case waits at step `seq` and another
   * case still holds the subject, only the step's next try moves (now + `waitMs`): no lease, no
   * state flip, no event. False when the case should be worked as usual (no wait, or the subject
   * is free or ours: runStep's holdSubject then takes the claim). `now` and `waitMs` in ms. Inside
   * a write transaction.
   */
  stillHeld(caseId: string, seq: number, now: number, waitMs: number): boolean {
    const waiter = this.waiters.get(caseId);
    if (!waiter) return false;
    const step = this.store.steps.get(caseId, seq);
    if (waiter.seq !== seq || step?.state !== 'pending') {
      this.waiters.delete(caseId);
      return false;
    }
    const holder = this.store.claims.holder(waiter.subject);
    if (holder === undefined || holder === caseId) return false;
    this.store.steps.finish(
      caseId,
      step.key,
      seq,
      { state: 'pending', nextAttemptAt: now + waitMs, countAttempt: false },
      now,
    );
    return true;
  }

  /**
   * Wakes every waiting case whose subject is free now (holder final, or its `through` step done
   * or skipped): its step is due at `now`, so the loop's next look for work takes it. Forgets
   * waiters whose case is no longer open. Returns how many were woken. Inside a write transaction.
   */
  wakeFreed(now: number): number {
    let woken = 0;
    for (const [caseId, waiter] of this.waiters) {
      const state = this.store.cases.get(caseId)?.state;
      const step = this.store.steps.get(caseId, waiter.seq);
      if (state === undefined || !OPEN_STATES.has(state) || step?.state !== 'pending') {
        this.waiters.delete(caseId);
        continue;
      }
      if (step.next_attempt_at <= now || !this.freed(caseId, waiter)) continue;
      this.store.steps.finish(
        caseId,
        step.key,
        waiter.seq,
        { state: 'pending', nextAttemptAt: now, countAttempt: false },
        now,
      );
      woken += 1;
    }
    return woken;
  }

  /** Whether any waiting case's subject is free now (a read: the loop writes only when so). */
  anyFreed(): boolean {
    for (const [caseId, waiter] of this.waiters) {
      if (this.freed(caseId, waiter)) return true;
    }
    return false;
  }

  /**
   * Whether the subject `waiter` asks for is free for `caseId`: nobody holds it (no row, or its
   * holder is final or past its `through` step: ClaimsRepo.holder), or the case itself does. The
   * one question wakeFreed and anyFreed ask of each waiter.
   */
  private freed(caseId: string, waiter: Waiter): boolean {
    const holder = this.store.claims.holder(waiter.subject);
    return holder === undefined || holder === caseId;
  }
}

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
    if (holder === row.id) {
      rc.serialWaits.ended(row.id);
      return 'go';
    }
    store.steps.finish(
      row.id,
      step.key,
      step.seq,
      {
        // A step found in flight stays so: only its reconcile may say whether it was sent.
        state: current.state === 'in_flight' ? 'in_flight' : 'pending',
        nextAttemptAt: now + rc.options.serialWaitMs,
        countAttempt: false,
      },
      now,
    );
    // The event once per episode; a re-check that got past stillHeld (the subject was free for a
    // moment, another waiter took it first) continues the same episode.
    if (!rc.serialWaits.isWaiting(row.id)) {
      store.events.add({ caseId: row.id, at: now, type: SERIAL_WAIT_EVENT, stepKey: step.key });
    }
    rc.serialWaits.waiting(row.id, step.seq, subject);
    setCaseState(store, row.id, 'queued', null, now);
    return 'waiting';
  }, 'relaxed');
  if (result === 'go') return 'go';
  if (result === 'waiting') rc.changed(row.id);
  return 'stop';
}

/**
 * At start (issue 12, cases past the claim step at upgrade): a case that is past a serialised step
 * (done) and before its `through` step (not done or skipped), and not final, holds its subject.
 * Cases that passed the step before migration 8 hold no claim row, so a new case of the same
 * customer could run beside them; they take it now, oldest first, so the new case waits. When two
 * such cases of one subject are both past the step (they ran side by side before the upgrade), the
 * older holds it and the younger is counted as a conflict (nothing can undo what it sent; the log
 * says how many). Idempotent: a case that holds its claim is its holder already. Runs at every
 * start, so the candidates come from one query (ClaimsRepo.unclaimed: open, past the step, before
 * `through`, no claim row); only they are decrypted, and after the first start there are none.
 * `now` in ms. Inside a write transaction. Returns the claims taken and the conflicts.
 */
export function adoptClaims(
  store: KioskStore,
  flows: FlowRegistry,
  now: number,
): { taken: number; conflicts: number } {
  // Every rule of every flow, then one query for the cases that lack their claim: a start with
  // nothing to adopt (every start after the first) reads no case's fields (no decryption).
  const rules = [...flows].flatMap(([flow, definition]) =>
    definition.steps.flatMap((def) =>
      def.serialise
        ? [{ flow, step: def.key, through: def.serialise.through, serialise: def.serialise }]
        : [],
    ),
  );
  const candidates = store.claims.unclaimed(
    rules.map(({ flow, step, through }) => ({ flow, step, through })),
  );
  let taken = 0;
  let conflicts = 0;
  for (const { caseId, flow, step } of candidates) {
    const serialise = rules.find((rule) => rule.flow === flow && rule.step === step)?.serialise;
    if (!serialise) continue;
    const subject = serialise.subject({ fields: store.fields.effective(caseId) });
    if (subject === undefined) continue;
    const holder = store.claims.take(subject, caseId, serialise.through, now);
    if (holder === caseId) taken += 1;
    else conflicts += 1;
  }
  return { taken, conflicts };
}

/**
 * The case `row` waits for (issue 12: shown to staff), read from durable state only, so it holds
 * after a restart too (SerialWaits is empty until the first re-check): the case is open, its
 * current step (the first not done or skipped, from `steps`) declares `serialise`, and the
 * subject of that step is held in `serial_claims` by another case. Returns that case's id, or null.
 * Decrypts the case's fields only for a case at a serialised step (a few at most), never otherwise.
 */
export function serialHolder(
  store: KioskStore,
  flows: FlowRegistry,
  row: Pick<CaseRow, 'id' | 'flow' | 'state'>,
  steps: readonly StepRow[],
): string | null {
  if (!OPEN_STATES.has(row.state)) return null;
  const current = steps.find((step) => step.state !== 'done' && step.state !== 'skipped');
  if (current?.state !== 'pending' && current?.state !== 'in_flight') return null;
  const serialise = flows.get(row.flow)?.steps.find((def) => def.key === current.key)?.serialise;
  if (!serialise) return null;
  const subject = serialise.subject({ fields: store.fields.effective(row.id) });
  if (subject === undefined) return null;
  const holder = store.claims.holder(subject);
  return holder !== undefined && holder !== row.id ? holder : null;
}
