/**
 * Pure rules the case service applies inside its transactions: what a review may carry, from
 * which step a recaptured image is sent again, and which images can still be added or replaced.
 */
import type { ImageRole } from '../../shared/domain/flows';
import { AppError } from '../ipc/errors';
import type { Fields } from '../store/fields-repo';
import type { StepRow } from '../store/steps-repo';
import type { StepDefinition } from './flow-types';

/**
 * A review step's values go under its own key (`{ [stepKey]: { field: value } }`), where the approve
 * step reads them, and only for the fields the step declares: values stored anywhere else would be
 * silently ignored and the provider sent the unreviewed OCR instead.
 */
export function checkReviewed(stepKey: string, fields: readonly string[], reviewed: Fields): void {
  const keys = Object.keys(reviewed);
  const values = reviewed[stepKey];
  if (keys.length !== 1 || typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new AppError('invalid_input', `The reviewed values go under "${stepKey}", as an object`);
  }
  const unknown = Object.keys(values).filter((name) => !fields.includes(name));
  if (unknown.length > 0) {
    throw new AppError('invalid_input', `Step ${stepKey} does not review ${unknown.join(', ')}`);
  }
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
      throw new AppError('invalid_input', `The reviewed ${name} must be text`);
    }
  }
}

/**
 * The step that sent `role` before the waiting step, when the waiting step rejected an image it
 * did not send itself (ARGOS: the result read rejects the ID image the PUT sent): that step and
 * the remote steps after it are sent again. Only when every one of them is safe to repeat.
 */
export function resendFrom(
  defs: readonly StepDefinition[],
  steps: readonly StepRow[],
  waitingSeq: number,
  role: ImageRole,
): number | undefined {
  const def = (key: string) => defs.find((candidate) => candidate.key === key);
  const waiting = steps.find((step) => step.seq === waitingSeq);
  if (!waiting || waiting.kind !== 'remote' || def(waiting.key)?.sends?.includes(role)) return undefined;
  const sender = steps
    .filter((step) => step.seq < waitingSeq && step.state === 'done' && step.kind === 'remote')
    .reverse()
    .find((step) => def(step.key)?.sends?.includes(role));
  if (!sender) return undefined;
  const between = steps.filter((step) => step.seq >= sender.seq && step.seq < waitingSeq);
  if (between.some((step) => step.kind === 'remote' && !step.idempotent)) return undefined;
  return sender.seq;
}

/** A remote step the relay has started: leased now (running) or no longer pending. `now` in ms. */
function started(step: StepRow, now: number): boolean {
  return step.state !== 'pending' || (step.lease_owner !== null && (step.lease_until ?? 0) > now);
}

/**
 * The roles with no stored image that can no longer be added to a case: a remote step that decides
 * by the role (`decidesBy`, e.g. Jumio's start asks for a DOCUMENT credential only if a document is
 * stored) or sends it is leased or no longer pending (sent, skipped, waiting). Read inside the
 * capture's writing transaction, the same store the relay leases in, so a capture is either seen by
 * the step or refused with `capture_too_late`: never both, never lost. `now` in ms.
 */
export function lateRolesOf(
  defs: readonly StepDefinition[],
  steps: readonly StepRow[],
  stored: readonly ImageRole[],
  now: number,
): ImageRole[] {
  const late = new Set<ImageRole>();
  for (const step of steps) {
    if (step.kind !== 'remote' || !started(step, now)) continue;
    const def = defs.find((candidate) => candidate.key === step.key);
    for (const role of [...(def?.decidesBy ?? []), ...(def?.sends ?? [])]) {
      if (!stored.includes(role)) late.add(role);
    }
  }
  return [...late];
}

/**
 * Whether a remote step that sends `role` already ran, may have (in flight), or is running now (its
 * lease is held: an idempotent upload is neither done nor in flight during its call). Replacing
 * such an image would leave the provider's copy and the kiosk's apart (issue 12, store defect 1).
 */
export function sentOrSending(
  defs: readonly StepDefinition[],
  steps: readonly StepRow[],
  role: ImageRole,
  now: number,
): boolean {
  return steps.some(
    (step) =>
      (step.state === 'done' ||
        step.state === 'in_flight' ||
        (step.lease_owner !== null && (step.lease_until ?? 0) > now)) &&
      (defs.find((def) => def.key === step.key)?.sends ?? []).includes(role),
  );
}
