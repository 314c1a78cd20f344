/**
 * (Just over ~400 lines on purpose: the order of the checks, the in-flight mark, the call and the
 * decision's one write is the crash-safety argument, and is read top to bottom in one file; the
 * pieces that stand alone are already beside it: call.ts, commit.ts, decide.ts, reconcile.ts.)
 *
 * One step of one case, from the checks to the stored answer: lease, session, reconcile when in
 * flight, rate limit, the in-flight mark of a non-idempotent call (committed before it leaves),
 * the call, and the decision written in one transaction. A cancelled case's withdrawal
 * (FlowDefinition.cancel) is run here as an ordinary idempotent step.
 */
import type { ImageRole } from '../../../shared/domain/flows';
import type { CaseRow } from '../../store/cases-repo';
import type { Durability } from '../../store/store';
import type { StepRow } from '../../store/steps-repo';
import {
  WITHDRAW_STEP,
  type FlowDefinition,
  type ProviderSession,
  type StepContext,
  type StepDefinition,
} from '../flow-types';
import { advanceCase } from '../step-machine';
import { callProvider } from './call';
import { commitDecision, expireCase, outcomeDurability } from './commit';
import type { RelayContext } from './context';
import {
  type CallKind,
  type Decision,
  type DecisionInput,
  decide,
  failingSince,
  needsPerson,
  type Next,
} from './decide';
import { reconcileStep } from './reconcile';
import { holdSubject } from './serialise';

const OPEN_CASE = new Set(['queued', 'syncing']);
/** History rows read to find when a run of failures began (decide.ts failingSince): a case's whole history in practice. */
const FAILURE_HISTORY = 2_000;

/** The step being worked, with what its writes need. */
export interface StepWork {
  row: CaseRow;
  flow: FlowDefinition;
  def: StepDefinition & { run: NonNullable<StepDefinition['run']> };
  step: StepRow;
  context: StepContext;
  signal: AbortSignal;
  withdrawal: boolean;
  /**
   * Writes a decision (preconditions checked inside the transaction) and follows it up. `stillHolds`:
   * the decision's cause, checked again in that transaction (commit.ts CommitTarget).
   */
  commit(
    decision: Decision,
    sent?: ReadonlyMap<ImageRole, string | undefined>,
    stillHolds?: () => boolean,
  ): Promise<Next>;
  decisionInput(via: CallKind): Omit<DecisionInput, 'outcome'>;
}

/** The withdrawal of a cancelled case as a step: idempotent (deleting what is gone changes nothing). */
function withdrawalStep(flow: FlowDefinition): StepDefinition | undefined {
  const cancel = flow.cancel?.bind(flow);
  return cancel ? { key: WITHDRAW_STEP, kind: 'remote', idempotent: true, run: cancel } : undefined;
}

function stepContext(rc: RelayContext, row: CaseRow, signal: AbortSignal): StepContext {
  const { store, secrets } = rc;
  return {
    caseId: row.id,
    flow: row.flow,
    attempt: 1,
    language: row.language,
    operator: { id: row.operator_id, name: row.operator_name },
    fields: store.fields.effective(row.id),
    answers: store.steps.answers(row.id),
    image: (role) => Promise.resolve(store.images.read(row.id, role)),
    imageStream: (role) => Promise.resolve(store.images.stream(row.id, role)),
    secret: (name) => secrets.get(row.id, name),
    session: undefined,
    signal,
  };
}

function makeWork(
  rc: RelayContext,
  base: Omit<StepWork, 'commit' | 'decisionInput'>,
  reauthenticated: boolean,
): StepWork {
  const { store } = rc;
  const work: StepWork = {
    ...base,
    decisionInput: (via) => {
      const step = store.steps.get(base.row.id, base.step.seq) ?? base.step;
      const ceiling = rc.options.retryCeiling;
      return {
        abortedByRelay: false,
        via: base.withdrawal ? 'withdraw' : via,
        def: base.def,
        step,
        reauthenticated,
        counted: false,
        now: store.now(),
        backoff: rc.options.backoff,
        ceiling,
        ceilingSpanMs: rc.options.retryCeilingSpanMs,
        // Read only when one more failure could reach the ceiling: the history is not read per call.
        failingSince:
          step.failures + 1 >= ceiling
            ? failingSince(store.events.forCase(base.row.id, FAILURE_HISTORY), step.key, step.failures)
            : undefined,
        random: rc.random,
      };
    },
    commit: async (decision, sent, stillHolds) => {
      const caseId = base.row.id;
      const result = await rc.write(
        () => {
          const now = store.now();
          return commitDecision(
            store,
            {
              caseId,
              seq: base.step.seq,
              key: base.step.key,
              owner: rc.leases.owner,
              flow: base.flow,
              ...(sent ? { sent } : {}),
              stillHolds,
              carry: rc.mayContinue() ? { untilMs: now + rc.leases.leaseMs } : undefined,
            },
            decision,
            now,
          );
        },
        outcomeDurability(base.def, base.withdrawal),
      );
      if (result === 'lease_lost') {
        rc.log.warn('relay.lease_lost', { caseId, step: base.step.key });
        return 'stop';
      }
      rc.changed(caseId);
      if (result === 'image_replaced' || result === 'moot') return 'continue';
      if (decision.dropSession) rc.sessions.forget(caseId);
      if (decision.connectivity === 'success') rc.connectivity.reportSuccess(base.flow.provider);
      if (decision.connectivity === 'failure') rc.connectivity.reportFailure(base.flow.provider);
      const state = store.cases.get(caseId)?.state;
      if (state === 'completed') {
        rc.sessions.forget(caseId);
        rc.secrets.forget(caseId);
      }
      // A stop for the customer's secret: the one held, if any, was refused; the flow screen asks
      // for it again (case-service.ts holdSecret resumes the case).
      if (
        decision.case !== 'advance' &&
        decision.case !== 'keep' &&
        decision.case.reason === 'secret_required'
      ) {
        rc.secrets.forget(caseId);
      }
      if (
        decision.case !== 'advance' &&
        decision.case !== 'keep' &&
        decision.case.state === 'needs_attention'
      ) {
        rc.log.warn('relay.needs_attention', {
          caseId,
          step: base.step.key,
          reason: decision.case.reason,
          code: decision.event.code,
        });
      } else if (decision.event.type === 'retry_scheduled') {
        rc.log.info('relay.retry', { caseId, step: base.step.key, code: decision.event.code });
      }
      return decision.next;
    },
  };
  return work;
}

/**
 * The case's session, authenticating when there is none or it is about to expire. With
 * restartOnNewSession, a new session after remote progress sets that progress back to pending
 * ('restarted': the worker starts the case over). Withdrawals never open a session.
 */
async function ensureSession(
  rc: RelayContext,
  work: StepWork,
): Promise<ProviderSession | undefined | 'restarted' | Next> {
  const { flow, row, store } = { ...work, store: rc.store };
  if (work.withdrawal) return rc.sessions.current(row.id, store.now());
  if (!flow.authenticate) return undefined;
  const cached = rc.sessions.usable(row.id, store.now());
  if (cached) return cached;
  try {
    await rc.limiter.take(flow.provider, 'authenticate', work.signal);
  } catch {
    return 'stop';
  }
  const { session: _none, ...withoutSession } = work.context;
  const authenticate = flow.authenticate.bind(flow);
  const attempt = await callProvider(rc.options.stepTimeoutMs, [work.signal, rc.stop], (signal) =>
    authenticate({ ...withoutSession, signal }),
  );
  const outcome = attempt.outcome;
  if (outcome.kind !== 'success') {
    // Authentication failures count against the step they block, without marking it in flight.
    const next = await work.commit(
      decide({ ...work.decisionInput('authenticate'), outcome, abortedByRelay: attempt.abortedByRelay }),
    );
    return next === 'continue' ? 'stop' : next;
  }
  const session = outcome.session;
  // Relaxed: a session lost to a power cut is asked for again; restartOnNewSession's reset is in
  // the same transaction, so both or neither are lost.
  const restarted = await rc.write(() => {
    const now = store.now();
    store.sessions.save(row.id, flow.provider, session, now);
    store.events.add({ caseId: row.id, at: now, type: 'authenticated' });
    if (!flow.restartOnNewSession) return false;
    const reset = store.steps.resetRemote(row.id, now);
    if (reset > 0) {
      store.events.add({ caseId: row.id, at: now, type: 'restarted_on_new_session', code: String(reset) });
      advanceCase(store, flow, row.id, now);
    }
    return reset > 0;
  }, 'relaxed');
  rc.sessions.obtained(row.id, session);
  rc.connectivity.reportSuccess(flow.provider);
  if (restarted) {
    rc.changed(row.id);
    return 'restarted';
  }
  return session;
}

/** The step this worker may run for the case now, or why not. */
function currentStep(rc: RelayContext, row: CaseRow): StepRow | 'advance' | undefined {
  if (row.state === 'cancelled') {
    return rc.store.steps
      .forCase(row.id)
      .find((step) => step.key === WITHDRAW_STEP && step.kind === 'remote' && step.state === 'pending');
  }
  if (!OPEN_CASE.has(row.state)) return undefined;
  const step = rc.store.steps.current(row.id);
  if (!step || step.kind !== 'remote' || (step.state !== 'pending' && step.state !== 'in_flight')) {
    return 'advance';
  }
  return step;
}

/**
 * The in-flight mark of a non-idempotent call is 'full', always: were it rolled back by a power cut
 * after the call left, the step would look never sent and be sent again (a second submission at
 * the provider). The reconcile after a crash depends on it.
 */
export const IN_FLIGHT_MARK_DURABILITY: Durability = 'full';

/** Marks a non-idempotent step in flight (inside a write) if we still hold its lease. */
export function markInFlight(
  rc: Pick<RelayContext, 'store' | 'leases'>,
  caseId: string,
  seq: number,
): boolean {
  const { store } = rc;
  if (store.steps.get(caseId, seq)?.lease_owner !== rc.leases.owner) return false;
  store.steps.startAttempt(caseId, seq, true, store.now());
  return true;
}

/** Runs the case's current step once; says whether the worker goes on with the next one. */
export async function runStep(
  rc: RelayContext,
  caseId: string,
  signal: AbortSignal,
  reauthenticated: boolean,
): Promise<Next> {
  const { store, flows } = rc;
  if (!rc.mayContinue() || signal.aborted) return 'stop';
  const row = store.cases.get(caseId);
  if (!row) return 'stop';
  const step = currentStep(rc, row);
  if (step === undefined) return 'stop';
  if (step === 'advance') {
    // Relaxed: the step machine's move is computed again from the stored steps if lost.
    await rc.write(() => advanceCase(store, flows.get(row.flow), caseId, store.now()), 'relaxed');
    rc.changed(caseId);
    return 'stop';
  }
  const now = store.now();
  if (step.next_attempt_at > now) return 'stop';
  const withdrawal = row.state === 'cancelled';
  if (!withdrawal && row.deadline_at !== null && row.deadline_at < now) {
    // Relaxed: an expiry lost to a power cut is decided again from the clock.
    await rc.write(() => expireCase(store, caseId, store.now()), 'relaxed');
    rc.sessions.forget(caseId);
    rc.secrets.forget(caseId);
    rc.log.warn('relay.case_expired', { caseId });
    rc.changed(caseId);
    return 'stop';
  }
  const flow = flows.get(row.flow);
  const def = flow && (withdrawal ? withdrawalStep(flow) : flow.steps.find((d) => d.key === step.key));
  const base = {
    row,
    step,
    signal,
    withdrawal,
    context: stepContext(rc, row, signal),
  };
  if (!flow || !def?.run) {
    // A withdrawal of a flow with nothing to withdraw is done; any other step lacks its connector.
    if (!(await holdLease(rc, caseId, step, withdrawal))) return 'stop';
    const stub: StepWork['def'] = {
      key: step.key,
      kind: 'remote',
      idempotent: true,
      run: () => Promise.resolve({ kind: 'success' }),
    };
    const placeholder: FlowDefinition = flow ?? { id: row.flow, provider: row.provider, steps: [] };
    const work = makeWork(rc, { ...base, flow: placeholder, def: stub }, false);
    return await work.commit(
      withdrawal && flow
        ? decide({ ...work.decisionInput('withdraw'), outcome: { kind: 'success' } })
        : needsPerson('configuration_error', {
            code: 'unknown_step',
            message: `No connector for ${row.flow}/${step.key}`,
          }),
    );
  }
  const work = makeWork(rc, { ...base, flow, def: def as StepWork['def'] }, reauthenticated);
  if (!rc.connectivity.isReachable(flow.provider)) return 'stop';
  if (!(await holdLease(rc, caseId, step, withdrawal))) return 'stop';
  if (!withdrawal && flow.needsSecret && !rc.secrets.has(caseId)) {
    // A call in flight when the process died stays in flight while the kiosk waits for the secret:
    // "waiting" would become "pending" once it is given, and a non-idempotent call would go out again.
    // The secret may arrive while this stop waits for the group commit: CaseService.holdSecret only
    // resumes a case already stopped for it, so the stop is checked again inside the transaction.
    return await work.commit(
      needsPerson(
        'secret_required',
        { code: 'secret_required', message: 'The customer secret is not in memory' },
        step.state === 'in_flight' ? 'in_flight' : 'waiting',
      ),
      undefined,
      () => !rc.secrets.has(caseId),
    );
  }

  // One case at a time per subject (StepDefinition.serialise): before a session is opened, so a
  // waiting case holds nothing at the provider.
  const serial = await holdSubject(rc, work);
  if (serial !== 'go') return serial;

  // With restartOnNewSession, opening a new session sets in-flight steps back to pending: a last
  // approval interrupted and then outlived by its session would go out again without anyone asking
  // (a second onboarding). So a step found in flight there is settled first, with the session only
  // if it is still usable; such flows' status queries obtain their own token (issue 12, relay 7).
  let settled = false;
  const early = store.steps.get(caseId, step.seq) ?? step;
  if (flow.restartOnNewSession && !withdrawal && early.state === 'in_flight') {
    work.context.session = rc.sessions.usable(caseId, store.now());
    const known = await reconcileStep(rc, { ...work, step: early });
    if (known !== 'send') return known;
    settled = true;
  }

  const session = await ensureSession(rc, work);
  if (session === 'restarted') return 'continue';
  if (typeof session === 'string') return session;
  work.context.session = session;

  const fresh = store.steps.get(caseId, step.seq) ?? step;
  if (fresh.state === 'in_flight' && !settled) {
    const known = await reconcileStep(rc, { ...work, step: fresh });
    if (known !== 'send') return known;
  }
  try {
    await rc.limiter.take(flow.provider, step.key, signal);
  } catch {
    return 'stop';
  }
  // A non-idempotent call is recorded as in flight, durably, before it leaves; an idempotent one
  // counts its attempt with its result.
  const counted = !def.idempotent;
  if (counted) {
    const marked = await rc.write(() => markInFlight(rc, caseId, step.seq), IN_FLIGHT_MARK_DURABILITY);
    if (!marked) return 'stop';
  }
  const sent = new Map<ImageRole, string | undefined>(
    (def.sends ?? []).map((role) => [role, store.images.currentId(caseId, role)]),
  );
  const attemptNo = (store.steps.get(caseId, step.seq)?.attempts ?? step.attempts) + (counted ? 0 : 1);
  const run = def.run.bind(def);
  const attempt = await callProvider(rc.options.stepTimeoutMs, [signal, rc.stop], (callSignal) =>
    run({ ...work.context, attempt: attemptNo, signal: callSignal }),
  );
  const decision = decide({
    ...work.decisionInput('run'),
    outcome: attempt.outcome,
    abortedByRelay: attempt.abortedByRelay,
    counted,
  });
  return await work.commit(decision, sent.size > 0 ? sent : undefined);
}

/**
 * Holds the lease for the whole step (carried over from the previous step's commit, or taken by
 * the loop's claim); only a lease about to run out costs a commit here.
 */
async function holdLease(
  rc: RelayContext,
  caseId: string,
  step: StepRow,
  withdrawal: boolean,
): Promise<boolean> {
  const { store } = rc;
  const row = store.cases.get(caseId);
  if (
    rc.leases.holds(step, store.now(), rc.options.stepTimeoutMs) &&
    (withdrawal || row?.state === 'syncing')
  ) {
    return true;
  }
  // Relaxed: a lease lost to a power cut only means the step is claimed again after restart.
  const leased = await rc.write(() => rc.leases.take(caseId, step.seq, store.now(), !withdrawal), 'relaxed');
  if (leased) rc.changed(caseId);
  return leased;
}
