/**
 * The cases this operator left open on a flow screen, for Home's "Continue the open case" (after a
 * reload, a lock or a walk to the printer the flow screen is gone, and the case would otherwise sit
 * in the queue with nothing pointing to it, inviting a second case for the same customer).
 *
 * Read from main's own lists (queue.list, keyset pages), not a store of the renderer's: a case is
 * open while it is being captured or sent (the "in progress" list: draft, syncing) or waits for
 * the teller on its flow screen (the inbox, for a side to capture, a review or the customer's
 * secret: flow-screens.ts). Cases of other staff are not offered here: a supervisor takes one over
 * from the queue or the inbox (case detail → Continue this case), where its operator is shown.
 */
import type { CaseSummary } from '../../../shared/ipc/queue';
import { flowDescriptor } from '../../../shared/flows/registry';
import { opensOnFlowScreen } from './flow-screens';

/**
 * Of `rows` (any lists, possibly the same case twice), the cases of `operatorId` that reopen on
 * their flow screen, most recently changed first (`updatedAt`, ISO 8601 UTC: ordered as text).
 * In progress (draft, syncing) counts when its flow has a screen; needing attention only for a
 * reason resolved there (capture, recapture, review, secret). Completed, closed and queued cases
 * (left to the relay on purpose with "Leave it queued") are not open.
 */
export function openCasesOf(rows: readonly CaseSummary[], operatorId: string): CaseSummary[] {
  const byId = new Map<string, CaseSummary>();
  for (const row of rows) {
    if (row.operatorId !== operatorId) continue;
    const open =
      row.state === 'draft' || row.state === 'syncing'
        ? flowDescriptor(row.flow) !== undefined
        : row.state === 'needs_attention' && opensOnFlowScreen(row.flow, row.attentionReason);
    const held = byId.get(row.id);
    if (open && (!held || row.updatedAt > held.updatedAt)) byId.set(row.id, row);
  }
  return [...byId.values()].sort((a, b) =>
    a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0,
  );
}

/**
 * How many of the operator's open cases (`openCasesOf`, newest first) Home's "N more open cases of
 * yours are in the Queue" line counts: all but the newest, which Home offers to continue. 0: no line.
 */
export function moreOpenCases(open: readonly CaseSummary[]): number {
  return Math.max(0, open.length - 1);
}
