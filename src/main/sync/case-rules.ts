/**
 * Pure rules the case service applies inside its transactions: what a review may carry, and from
 * which step a recaptured image is sent again.
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
