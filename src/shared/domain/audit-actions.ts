/**
 * Every action the kiosk writes to its audit trail, as a closed set: the writers are typed with it
 * (src/main/store/audit-repo.ts `NewAuditRow.action`, events-repo.ts `NewCaseEvent.type`), and the
 * audit screen words each one in the operator's language (`audit.action.<code>` in the locales; a
 * unit test checks both languages have every one). The codes themselves stay in the trail and its
 * export: they are what IT and an auditor's tools match on; the words are for a compliance officer
 * reading the screen. Plain data without zod, so the renderer can import it.
 */
import type { CaseState } from './flows';

/** Sign-in, lock and permission events (src/main/security/security-service.ts). */
export const AUTH_AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.signed_out',
  'auth.sign_in_failed',
  'auth.sign_in_refused_locked',
  'auth.locked_out',
  'auth.locked',
  'auth.unlocked',
  'auth.forbidden',
] as const;

/** Administration, the trail's own export, the store's check and training mode. */
export const SYSTEM_AUDIT_ACTIONS = [
  ...AUTH_AUDIT_ACTIONS,
  'admin.settings_changed',
  'admin.provider_secret_replaced',
  'admin.device_tested',
  'admin.provider_tested',
  'admin.operator_created',
  'admin.operator_updated',
  'admin.first_administrator',
  'admin.secret_encrypted',
  'admin.diagnostics_written',
  'audit.exported',
  'store.integrity_failed',
  'training.reset',
] as const;
export type SystemAuditAction = (typeof SYSTEM_AUDIT_ACTIONS)[number];

/**
 * A case's history events (src/main/store/events-repo.ts), each also an audit row: staff's actions
 * on the case (capture, review, retry, cancel...) and the relay's (a step sent, retried, stopped).
 */
export const CASE_EVENT_TYPES = [
  // staff
  'captured',
  'recaptured',
  'resend',
  'secret_given',
  'reviewed',
  'retry_requested',
  'withdraw_retry_requested',
  'quality_override',
  'closed_by_staff',
  'withdrawal_queued',
  // the store
  'purged',
  // the relay (src/main/sync/relay/)
  'authenticated',
  'restarted_on_new_session',
  'image_replaced_during_send',
  'waiting_for_same_subject',
  'restarted_after_interruption',
  'repeated_after_interruption',
  'reconciled_not_done',
  'reconciled_done',
  'step_done',
  'retry_scheduled',
  'provider_processing',
  'reauthenticate',
  'needs_attention',
  'withdrawn',
  'withdraw_retry',
  'withdraw_failed',
] as const;

/** Staff's answer to "did the provider receive the interrupted step?" (case-service.ts). */
export const UNCERTAIN_ANSWERS = ['confirmedDone', 'resend'] as const;
export type UncertainAnswer = (typeof UNCERTAIN_ANSWERS)[number];

/** A case event's type: one of CASE_EVENT_TYPES, a state the case entered, or staff's answer. */
export type CaseEventType =
  (typeof CASE_EVENT_TYPES)[number] | `state:${CaseState}` | `operator:${UncertainAnswer}`;

/** Anything the audit trail records. */
export type AuditAction = SystemAuditAction | CaseEventType;
