/**
 * The lists (tabs) the queue screen shows, and which case states each holds. Plain data without
 * zod, so the renderer's first chunk can use it. The store keeps the same mapping as a generated
 * column (migration 6, `cases.list`); a test keeps the two equal.
 */
import type { CaseState } from './flows';

/**
 * - in_progress: being captured (draft) or being sent right now (syncing);
 * - waiting: queued for the relay (offline, or not yet claimed);
 * - attention: waiting for a person (the inbox);
 * - completed: the provider confirmed the last step;
 * - closed: cancelled by staff or expired at the provider.
 */
export const CASE_LISTS = ['in_progress', 'waiting', 'attention', 'completed', 'closed'] as const;
export type CaseList = (typeof CASE_LISTS)[number];

export const LIST_OF_STATE: Readonly<Record<CaseState, CaseList>> = {
  draft: 'in_progress',
  syncing: 'in_progress',
  queued: 'waiting',
  needs_attention: 'attention',
  completed: 'completed',
  cancelled: 'closed',
  expired: 'closed',
};

/** recent: newest change first; newest / oldest: by when the case was captured. */
export const CASE_ORDERS = ['recent', 'newest', 'oldest'] as const;
export type CaseOrder = (typeof CASE_ORDERS)[number];
