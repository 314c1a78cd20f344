/**
 * The vocabulary of cases and steps shared by main and the renderer; the flows themselves are
 * descriptors in src/shared/flows (one per seed in ../shared/seeds).
 */
import { z } from 'zod';
import { FLOW_IDS } from '../flows/registry';

// Flow ids and providers derive from the flow registry (src/shared/flows/registry.ts); the image
// roles live apart so descriptors can name them without a cycle. The registry itself is plain data
// (the renderer reads it without zod); the schemas are built here and in the descriptor module.
export { PROVIDER_OF_FLOW, type FlowId, type ProviderId } from '../flows/registry';
export { providerIdSchema } from '../flows/descriptor';
export { imageRoleSchema, type ImageRole } from './image-roles';

/** A flow id: one of the registry's (src/shared/flows/registry.ts). */
export const flowIdSchema = z.enum(FLOW_IDS);

/**
 * A case's life:
 * - draft: being captured at the kiosk, nothing queued yet;
 * - queued: remote steps waiting for the relay (offline, or not yet claimed);
 * - syncing: the relay is working on it;
 * - needs_attention: waiting for a person (review OCR data, recapture an image, decide after an
 *   error or an uncertain crash), with a reason code;
 * - completed: the provider confirmed the last step;
 * - expired: a provider deadline passed; cancelled: staff abandoned it.
 */
export const caseStateSchema = z.enum([
  'draft',
  'queued',
  'syncing',
  'needs_attention',
  'completed',
  'expired',
  'cancelled',
]);
export type CaseState = z.infer<typeof caseStateSchema>;

export const stepKindSchema = z.enum(['capture', 'remote', 'review']);
export type StepKind = z.infer<typeof stepKindSchema>;

/**
 * - pending: not done yet (a remote step may be waiting for its next attempt time);
 * - in_flight: a non-idempotent call was started and not confirmed (after a crash: reconcile);
 * - waiting: needs a person (capture, review, recapture or operator decision);
 * - done / skipped: finished.
 */
export const stepStateSchema = z.enum(['pending', 'in_flight', 'waiting', 'done', 'skipped']);
export type StepState = z.infer<typeof stepStateSchema>;

/** Why a case needs a person; the renderer translates `attention.<reason>`. */
export const attentionReasonSchema = z.enum([
  /** A side of the document has not been captured yet (e.g. the back, after the front's approval). */
  'capture_required',
  'review_required',
  'recapture_required',
  /**
   * An image the kiosk's quality check said to retake has been neither retaken nor kept by a
   * supervisor: nothing of the case is sent meanwhile (images-repo.ts HELD_FOR_RETAKE).
   */
  'retake_required',
  'provider_rejected',
  /**
   * The provider's reading of the document says it has expired (a new customer's national ID,
   * read from its back): the customer is not onboarded with it; nothing lasting was created.
   */
  'document_expired',
  'already_registered',
  'session_expired',
  'deadline_passed',
  'uncertain_after_crash',
  'configuration_error',
  /** A step failed the same way too many times in a row (RelayOptions.retryCeiling). */
  'retries_exhausted',
  'secret_required',
  'unsupported_verification',
  /**
   * Staff cancelled the case, but the provider refused to delete what it had been sent (e.g. Jumio
   * answered 405): images may remain at the provider, so the case is not "cancelled".
   */
  'withdrawal_refused',
]);
export type AttentionReason = z.infer<typeof attentionReasonSchema>;

export { caseReference } from './case-reference';
