// Joining pages to the rows on screen: a case is listed once, with the copy main wrote last.
import { describe, expect, it } from 'vitest';
import { appendPage } from '../../src/renderer/src/lib/case-rows';
import type { CaseListItem } from '../../src/shared/ipc/queue';

function row(id: string, updatedAt: string, overrides: Partial<CaseListItem> = {}): CaseListItem {
  return {
    id,
    flow: 'lumin.kyc-national-id',
    provider: 'lumin',
    state: 'needs_attention',
    attentionReason: 'review_required',
    operatorId: 'kiosk-operator',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt,
    deadlineAt: null,
    stepsDone: 2,
    stepsTotal: 4,
    nextAttemptAt: null,
    lastError: null,
    waitingBehind: null,
    purged: false,
    customerName: 'Specimen Customer',
    ...overrides,
  };
}

const A = '0000000a-0000-4000-8000-000000000000';
const B = '0000000b-0000-4000-8000-000000000000';
const C = '0000000c-0000-4000-8000-000000000000';

describe('appendPage', () => {
  it('appends a page whose cases are not on screen, in order', () => {
    const rows = [row(A, '2026-01-01T00:00:03.000Z')];
    const next = appendPage(rows, [row(B, '2026-01-01T00:00:02.000Z'), row(C, '2026-01-01T00:00:01.000Z')]);
    expect(next.map((item) => item.id)).toEqual([A, B, C]);
    expect(rows).toHaveLength(1);
  });

  it('keeps a case pushed while its first page was on its way once, in its newer state, with the name', () => {
    // The pushed change (cancelled, no name) arrived first; the page was read before it.
    const pushed = row(A, '2026-01-01T00:05:00.000Z', {
      state: 'cancelled',
      attentionReason: null,
      customerName: null,
    });
    const next = appendPage(
      [pushed],
      [row(A, '2026-01-01T00:00:01.000Z'), row(B, '2026-01-01T00:00:00.500Z')],
    );
    expect(next.map((item) => item.id)).toEqual([A, B]);
    expect(next[0]).toMatchObject({ state: 'cancelled', customerName: 'Specimen Customer' });
  });

  it('takes the page copy when it is newer than the row on screen, keeping the row in place', () => {
    const held = row(A, '2026-01-01T00:00:01.000Z', { customerName: null });
    const newer = row(A, '2026-01-01T00:00:09.000Z', { state: 'completed', attentionReason: null });
    const next = appendPage(
      [row(B, '2026-01-01T00:00:10.000Z'), held],
      [newer, row(C, '2026-01-01T00:00:00.000Z')],
    );
    expect(next.map((item) => item.id)).toEqual([B, A, C]);
    expect(next[1]).toMatchObject({ state: 'completed', customerName: 'Specimen Customer' });
  });

  it('lists a case repeated within one page once', () => {
    const next = appendPage(
      [],
      [row(A, '2026-01-01T00:00:01.000Z'), row(A, '2026-01-01T00:00:02.000Z', { state: 'completed' })],
    );
    expect(next).toHaveLength(1);
    expect(next[0]!.state).toBe('completed');
  });
});
