/**
 * The five provider flows the kiosk runs (one per seed in ../shared/seeds), and the vocabulary of
 * cases and steps shared by main and the renderer.
 */
import { z } from 'zod';

export const providerIdSchema = z.enum(['lumin', 'argos', 'jumio']);
export type ProviderId = z.infer<typeof providerIdSchema>;

export const flowIdSchema = z.enum([
  /** Seed 002: new customer, Egyptian national ID, by OCR (Lumin KYC API). */
  'lumin.kyc-national-id',
  /** Seed 000: update an existing customer's national ID (Lumin Update API). */
  'lumin.update-national-id',
  /** Seed 001: update an existing customer's passport (Lumin Update API). */
  'lumin.update-passport',
  /** Seed 003: add or replace images of an existing ARGOS submission. */
  'argos.put-image',
  /** Seed 004: Jumio transaction: ID front/back, selfie, documents, prefill, finalize. */
  'jumio.credentials',
]);
export type FlowId = z.infer<typeof flowIdSchema>;

export const PROVIDER_OF_FLOW: Record<FlowId, ProviderId> = {
  'lumin.kyc-national-id': 'lumin',
  'lumin.update-national-id': 'lumin',
  'lumin.update-passport': 'lumin',
  'argos.put-image': 'argos',
  'jumio.credentials': 'jumio',
};

/** What a captured image is of. */
export const imageRoleSchema = z.enum(['front', 'back', 'passport', 'selfie', 'address', 'document']);
export type ImageRole = z.infer<typeof imageRoleSchema>;

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
  'provider_rejected',
  'already_registered',
  'session_expired',
  'deadline_passed',
  'uncertain_after_crash',
  'configuration_error',
  'secret_required',
  'unsupported_verification',
]);
export type AttentionReason = z.infer<typeof attentionReasonSchema>;

export { caseReference } from './case-reference';
