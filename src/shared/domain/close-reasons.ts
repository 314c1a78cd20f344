/**
 * Why staff close a case before it completed; recorded in its history. Plain data without zod, so
 * the renderer's close dialog can list the reasons; `closeReasonSchema` (src/shared/ipc/cases.ts)
 * is built from this list.
 */
export const CLOSE_REASONS = [
  'customer_left',
  'wrong_document',
  'customer_refused',
  'duplicate',
  'other',
] as const;

/** One of CLOSE_REASONS. */
export type CloseReason = (typeof CLOSE_REASONS)[number];
