/**
 * Joining a page read from main to the rows a list already holds. Pushed changes and pages race:
 * a change pushed while a page is on its way may already have put that case on screen (at the
 * top of the "recent" queue), and a case that changed after the first pages were read comes back
 * in a later page under its old position. A case is listed once (the virtual list keys its rows
 * by case id and refuses duplicates), with whichever copy main wrote last.
 */
import type { CaseListItem } from '../../../shared/ipc/queue';

/**
 * The rows followed by the page's cases that are not on screen yet. A case already on screen keeps
 * its place and takes the page's copy only if that copy is newer (`updatedAt`, ISO 8601 UTC, so
 * ordered as text); the customer's name main decrypted for the page is kept either way, since
 * pushed changes carry none. A case twice in the page itself is listed once the same way.
 * Returns a new array; `rows` is not changed.
 */
export function appendPage(rows: readonly CaseListItem[], page: readonly CaseListItem[]): CaseListItem[] {
  const at = new Map(rows.map((row, index) => [row.id, index]));
  const next = [...rows];
  for (const item of page) {
    const index = at.get(item.id);
    if (index === undefined) {
      at.set(item.id, next.length);
      next.push(item);
      continue;
    }
    const held = next[index]!;
    const newer = item.updatedAt > held.updatedAt ? item : held;
    next[index] = { ...newer, customerName: newer.customerName ?? item.customerName ?? held.customerName };
  }
  return next;
}
