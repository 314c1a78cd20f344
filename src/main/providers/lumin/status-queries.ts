/**
 * What the kiosk does after a crash during one of Lumin's approvals (issue 12, relay 7). Lumin ties
 * progress to the session token: one token is one onboarding or update request, and what an earlier
 * request uploaded or approved does not carry over to a new one (providers.md 1.1). Only a request's
 * LAST approval has a lasting effect: the KYC approve-back creates the customer (1.2), the update
 * approve-back replaces the national ID and the passport approve the passport (1.3).
 *
 * - Approvals before the last one (StepDefinition.restartAfterInterruption): the relay abandons the
 *   request and starts over in a new session. The abandoned request lapses with its token, unused:
 *   its approved front is never followed by an approved back, so nothing is created or replaced.
 * - Last approvals get a status query (StepDefinition.reconcile) that obtains its own token with the
 *   flow's own authenticate function, so it works whatever became of the case's session (an expired
 *   one must not restart the request before the query has said whether the approval took effect).
 *   The throwaway request the query opens lapses unused as well.
 */
import type {
  FlowDefinition,
  JsonValue,
  ReconcileOutcome,
  StepContext,
  StepOutcome,
} from '../../sync/flow-types';
import { base64, isFailure, requiredImage } from '../connector';
import { ALREADY_REGISTERED, interpretLumin, interpretUpload, LOST_ANSWER } from './lumin-answers';
import { KYC_PATHS, UPDATE_PATHS, type LuminClient } from './lumin-client';

type Reconcile = NonNullable<FlowDefinition['steps'][number]['reconcile']>;
type Authenticate = NonNullable<FlowDefinition['authenticate']>;
type Retryable = Extract<StepOutcome, { kind: 'retryable' }>;

/** Why an approval before the last one may be repeated after a restart (recorded in the history). */
export const RESTART_REASON =
  'Lumin keeps an approval only within its request (session token); the interrupted request is ' +
  'abandoned unused and the case starts over in a new one (providers.md 1.1)';

/** A failure of the status query itself: retried with back-off, the step stays in flight. */
function asRetryable(outcome: Exclude<StepOutcome, { kind: 'success' }>): Retryable {
  if (outcome.kind === 'retryable') return outcome;
  const message = 'message' in outcome ? outcome.message : 'Lumin answered the status query unexpectedly';
  const code = 'code' in outcome ? outcome.code : outcome.kind;
  return { kind: 'retryable', code: `status_query_${code}`, message };
}

/** A throwaway session of the flow's own kind, for a status query; or why not. */
async function ownSession(
  authenticate: Authenticate,
  context: StepContext,
): Promise<StepContext | Retryable> {
  const { session: _case, ...withoutSession } = context;
  const obtained = await authenticate(withoutSession);
  if (obtained.kind !== 'success') return asRetryable(obtained);
  return { ...context, session: obtained.session };
}

/**
 * KYC approve-back (providers.md 1.2): did it onboard the customer? Asked by uploading the case's
 * front image in a throwaway onboarding request: `10103` "already registered" (providers.md §1,
 * the message ends with the applicant id) → 'done', the applicant id kept as the answer; the upload
 * accepted → 'not_done' (nobody holds this national ID yet). Residual ambiguity: a concurrent
 * onboarding of the same person elsewhere (another branch) between the crash and this query is
 * read as this case's approval; the person is then onboarded once all the same, which is the
 * lasting effect the case was after.
 */
export function kycOnboarded(client: LuminClient, authenticate: Authenticate): Reconcile {
  return async (context): Promise<ReconcileOutcome | Retryable> => {
    const image = await requiredImage(context, 'front');
    if (isFailure(image)) return 'unknown';
    const own = await ownSession(authenticate, context);
    if ('kind' in own) return own;
    const result = await client.call(own, 'kyc', 'status.onboarded', 'POST', KYC_PATHS.uploadFront, {
      image: base64(image.bytes),
    });
    const outcome = interpretUpload(result, 'front');
    if (outcome.kind === 'success') return 'not_done';
    if (outcome.kind === 'needs_operator' && outcome.code === ALREADY_REGISTERED) {
      const applicantId = (outcome.answer as Record<string, JsonValue> | undefined)?.applicantId;
      return { kind: 'done', answer: typeof applicantId === 'string' ? { applicantId } : true };
    }
    if (outcome.kind === 'retryable' || outcome.kind === 'reauthenticate') return asRetryable(outcome);
    // The image was read before; any other refusal says nothing about the approval.
    return 'unknown';
  };
}

/** `lastUpdatedDate` of `updateStep` in a GetCurrentRequestSteps answer; undefined when absent. */
export function lastUpdated(steps: JsonValue | undefined, updateStep: number): JsonValue | undefined {
  if (!Array.isArray(steps)) return undefined;
  for (const entry of steps) {
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      if (entry.updateStepId === updateStep) return entry.lastUpdatedDate;
    }
  }
  return undefined;
}

/**
 * Update approve-back / passport approve (providers.md 1.3): did the update take effect? Asked with
 * `GET GetCurrentRequestSteps` (`[{ updateStepId, lastUpdatedDate }]`) in a throwaway update
 * request: the step's `lastUpdatedDate` compared with the baseline the flow read in the case's
 * request before approving (the `allowed-steps` answer, stored before the approval's in-flight mark,
 * whose full durability makes it durable too). Only the provider's own dates are compared, never
 * the kiosk's clock.
 *
 * The baseline is read under the case's serial claim on this customer's update step
 * (`allowed-steps` declares StepDefinition.serialise through the last approval): from before the
 * baseline read until this approval is done, no other case of this kiosk can send an update of the
 * same customer's step (it waits). Before the claim, the date moved for any update of the same
 * customer's step and a moved date could be another case's (the kill loop, seed 2132759712: a case
 * completed whose own approval never arrived, its update silently lost).
 * - Unchanged → 'not_done': nothing updated this step of this customer since the baseline, so this
 *   approval did not take effect either, and sending it again cannot make a second update.
 * - Changed → 'done': under the claim only this case's approval can have moved it.
 *   Residual ambiguity: an update of the same customer's step made elsewhere (another branch's
 *   kiosk, the bank's back office) between the baseline and this query is read as this case's
 *   approval; the case then completes though its own update may not have arrived. In training no
 *   other writer exists; Lumin documents no query that names which request made an update.
 * - No baseline stored, or no date for the step now → 'unknown' (a person decides).
 */
export function updateApplied(
  client: LuminClient,
  authenticate: Authenticate,
  updateStep: 1 | 2,
  baselineStep: string,
): Reconcile {
  return async (context): Promise<ReconcileOutcome | Retryable> => {
    const baseline = lastUpdated(context.answers[baselineStep], updateStep);
    if (baseline === undefined) return 'unknown';
    const own = await ownSession(authenticate, context);
    if ('kind' in own) return own;
    const answer = interpretLumin(
      await client.call(own, 'update', 'status.updated', 'GET', UPDATE_PATHS.currentSteps),
    );
    if (answer.kind === 'outcome') return asRetryable(answer.outcome);
    if (answer.value === undefined) return asRetryable(LOST_ANSWER);
    const now = lastUpdated(answer.value as JsonValue, updateStep);
    if (now === undefined) return 'unknown';
    return JSON.stringify(now) === JSON.stringify(baseline) ? 'not_done' : 'done';
  };
}
