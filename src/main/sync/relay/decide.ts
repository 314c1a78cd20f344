/**
 * What an attempt's outcome means for the step and its case, as a pure decision: no I/O, no clock,
 * no randomness of its own (all passed in), so every rule of the step machine is testable on its
 * own. commit.ts writes a decision in one transaction.
 *
 * Rules (design.md, "the outbox"):
 * - an answer (success, processing) resets the failures in a row; a failure adds one;
 * - a failure that may have reached the provider leaves a non-idempotent step in flight, so the
 *   next attempt asks first (reconcile) instead of sending again;
 * - after `ceiling` failures in a row, the first of them at least `ceilingSpanMs` ago, the step
 *   stops retrying and the case waits for a person ('retries_exhausted') with the last error. Both,
 *   not either: a burst of fast failures (a socket error class, an event-loop stall; issue 12's
 *   relay-faults run: 10 network errors of ~8 ms each within 4.3 s) is not a provider that keeps
 *   failing, and staff cannot fix it; with the production back-off the number is the binding bound;
 * - "still processing" is not a failure: its own schedule, and connectivity hears a success;
 * - a withdrawal (cancelled case) never changes its case's state (final states stay final).
 */
import type { CaseEventType } from '../../../shared/domain/audit-actions';
import type { AttentionReason, StepState } from '../../../shared/domain/flows';
import type { StepFinish, StepRow } from '../../store/steps-repo';
import { type BackoffOptions, backoffDelay } from '../backoff';
import type { JsonValue, StepDefinition, StepOutcome } from '../flow-types';

/** Which call produced the outcome. */
export type CallKind = 'run' | 'authenticate' | 'reconcile' | 'withdraw';

export type Next = 'continue' | 'stop' | 'reauthenticate';

export interface DecisionInput {
  outcome: StepOutcome;
  /** The relay cut the call off (timeout, quit): it may have arrived, and the provider is not at fault. */
  abortedByRelay: boolean;
  via: CallKind;
  def: Pick<StepDefinition, 'idempotent' | 'reconcile' | 'answerNeeded'> | undefined;
  step: Pick<StepRow, 'state' | 'failures'>;
  /** The worker authenticated once already for this step. */
  reauthenticated: boolean;
  /** The attempt was counted before the call (a non-idempotent step marked in flight). */
  counted: boolean;
  /** ms since the epoch. */
  now: number;
  backoff: BackoffOptions;
  ceiling: number;
  /** Shortest time (ms) from the run's first failure before the ceiling applies (RelayOptions.retryCeilingSpanMs). */
  ceilingSpanMs: number;
  /**
   * When the step's current run of failures began (ms since the epoch; failingSince()), or
   * undefined when not known: then the number alone decides, as before the span existed.
   */
  failingSince: number | undefined;
  random: () => number;
}

export interface Decision {
  step: StepFinish;
  /** 'advance': run the step machine (step-machine.ts) after the write. */
  case: { state: 'queued' | 'needs_attention'; reason: AttentionReason | null } | 'advance' | 'keep';
  event: { type: CaseEventType; code?: string | undefined; message?: string | undefined };
  connectivity: 'success' | 'failure' | undefined;
  dropSession: boolean;
  /** Starts the provider's deadline (FlowDefinition.deadlineMs) if not started. */
  firstRemoteSuccess: boolean;
  next: Next;
}

type Failure = { code: string; message: string; retryAfterMs?: number | undefined };

function pause(
  input: DecisionInput,
  state: StepState,
  reason: AttentionReason,
  error: { code: string; message: string },
  answer?: JsonValue,
): Decision {
  const withdraw = input.via === 'withdraw';
  return {
    step: { state, answer, error, countAttempt: !input.counted },
    case: withdraw ? 'keep' : { state: 'needs_attention', reason },
    event: {
      type: withdraw ? 'withdraw_failed' : 'needs_attention',
      code: error.code,
      message: error.message,
    },
    connectivity: undefined,
    dropSession: false,
    firstRemoteSuccess: false,
    next: 'stop',
  };
}

/** The state a step keeps while it waits to be tried again. */
function waitingState(input: DecisionInput, outcome: StepOutcome): StepState {
  if (input.via === 'reconcile') return 'in_flight';
  if (input.via === 'authenticate') return input.step.state === 'in_flight' ? 'in_flight' : 'pending';
  const { def } = input;
  const uncertain =
    def !== undefined &&
    !def.idempotent &&
    (input.abortedByRelay ||
      def.reconcile !== undefined ||
      (outcome.kind === 'retryable' && outcome.maybeDelivered === true));
  return uncertain ? 'in_flight' : 'pending';
}

function retry(input: DecisionInput, failure: Failure, outcome: StepOutcome): Decision {
  const failures = input.step.failures + 1;
  const state = waitingState(input, outcome);
  const span = input.failingSince === undefined ? Infinity : input.now - input.failingSince;
  if (failures >= input.ceiling && span >= input.ceilingSpanMs) {
    const decision = pause(input, state === 'in_flight' ? 'in_flight' : 'waiting', 'retries_exhausted', {
      code: failure.code,
      message: failure.message,
    });
    return {
      ...decision,
      step: { ...decision.step, failures: 'add' },
      connectivity: input.abortedByRelay ? undefined : 'failure',
    };
  }
  const delay = backoffDelay(failures, input.backoff, failure.retryAfterMs, input.random);
  const withdraw = input.via === 'withdraw';
  return {
    step: {
      state,
      nextAttemptAt: input.now + delay,
      error: { code: failure.code, message: failure.message },
      countAttempt: !input.counted,
      failures: 'add',
    },
    case: withdraw ? 'keep' : { state: 'queued', reason: null },
    event: { type: withdraw ? 'withdraw_retry' : 'retry_scheduled', code: failure.code },
    connectivity: input.abortedByRelay ? undefined : 'failure',
    dropSession: false,
    firstRemoteSuccess: false,
    next: 'stop',
  };
}

/** The decision for one attempt's outcome. */
export function decide(input: DecisionInput): Decision {
  const { outcome } = input;
  const withdraw = input.via === 'withdraw';
  switch (outcome.kind) {
    case 'success': {
      if (input.def?.answerNeeded && outcome.answer === undefined) {
        return pause(input, 'waiting', 'configuration_error', {
          code: 'answer_missing',
          message: 'The provider confirmed the step without the answer later steps need',
        });
      }
      return {
        step: { state: 'done', answer: outcome.answer, countAttempt: !input.counted, failures: 'reset' },
        case: withdraw ? 'keep' : 'advance',
        event: { type: withdraw ? 'withdrawn' : input.via === 'reconcile' ? 'reconciled_done' : 'step_done' },
        connectivity: 'success',
        dropSession: false,
        firstRemoteSuccess: !withdraw,
        next: withdraw ? 'stop' : 'continue',
      };
    }
    case 'processing':
      return {
        step: {
          state: input.step.state === 'in_flight' ? 'in_flight' : 'pending',
          nextAttemptAt: input.now + Math.max(0, outcome.retryAfterMs),
          error: { code: outcome.code, message: outcome.message },
          countAttempt: !input.counted,
          failures: 'reset',
        },
        case: withdraw ? 'keep' : { state: 'queued', reason: null },
        event: { type: 'provider_processing', code: outcome.code },
        connectivity: 'success',
        dropSession: false,
        firstRemoteSuccess: false,
        next: 'stop',
      };
    case 'retryable':
      return retry(input, outcome, outcome);
    case 'reauthenticate': {
      if (input.via === 'authenticate' || input.reauthenticated || withdraw) {
        // Authenticated once already and still refused (or the session request itself was refused):
        // back off instead of looping.
        const code = input.via === 'authenticate' ? 'authentication_failed' : outcome.code;
        const message = input.via === 'authenticate' ? 'The provider refused a new session' : outcome.message;
        return { ...retry(input, { code, message }, outcome), dropSession: true };
      }
      return {
        step: {
          state: input.step.state === 'in_flight' && input.via !== 'run' ? 'in_flight' : 'pending',
          error: outcome,
          countAttempt: !input.counted,
        },
        case: 'keep',
        event: { type: 'reauthenticate', code: outcome.code },
        connectivity: undefined,
        dropSession: true,
        firstRemoteSuccess: false,
        next: 'reauthenticate',
      };
    }
    case 'needs_recapture':
      // The role goes with the answer so the screen knows which side to capture again.
      return pause(input, 'waiting', 'recapture_required', outcome, {
        recaptureRole: outcome.role,
        providerAnswer: outcome.answer ?? null,
      });
    case 'needs_review':
      return pause(
        input,
        'waiting',
        'review_required',
        withdraw
          ? { code: 'unexpected_review', message: 'The provider answered the withdrawal with data to review' }
          : { code: 'review_required', message: '' },
        outcome.answer,
      );
    case 'needs_operator':
      return pause(input, 'waiting', outcome.reason, outcome, outcome.answer);
    case 'fatal':
      return pause(input, 'waiting', 'configuration_error', outcome);
  }
}

/** The history events that record one failed attempt of a step (decide's retry()). */
export const FAILURE_EVENTS: ReadonlySet<string> = new Set(['retry_scheduled', 'withdraw_retry']);

/**
 * When the step's current run of `failures` failures in a row began: the time (ms since the epoch)
 * of the `failures`-th newest failure event of that step. Each failure that does not stop the step
 * writes one such event (decide's retry()), and any answer or a person's retry sets the count back to
 * 0, so those events are exactly the run. `events` newest first (EventsRepo.forCase). With fewer
 * events than failures (history cut short), the oldest one found: a later start, so a shorter span,
 * never a case sent to a person sooner. Undefined when there is no failure or no event at all.
 */
export function failingSince(
  events: readonly { at: number; type: string; step_key: string | null }[],
  stepKey: string,
  failures: number,
): number | undefined {
  if (failures <= 0) return undefined;
  let found = 0;
  let oldest: number | undefined;
  for (const event of events) {
    if (event.step_key !== stepKey || !FAILURE_EVENTS.has(event.type)) continue;
    oldest = event.at;
    found += 1;
    if (found === failures) break;
  }
  return oldest;
}

/** A step that needs a person before anything is sent (no connector, secret missing, in doubt). */
export function needsPerson(
  reason: AttentionReason,
  error: { code: string; message: string },
  state: StepState = 'waiting',
): Decision {
  return {
    step: { state, error },
    case: { state: 'needs_attention', reason },
    event: { type: 'needs_attention', code: error.code, message: error.message },
    connectivity: undefined,
    dropSession: false,
    firstRemoteSuccess: false,
    next: 'stop',
  };
}
