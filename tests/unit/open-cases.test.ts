// Home's "Continue the open case": which of the operator's cases reopen on their flow screen.
import { describe, expect, it } from 'vitest';
import { openCasesOf } from '../../src/renderer/src/lib/open-cases';
import type { CaseSummary } from '../../src/shared/ipc/queue';

function row(id: string, updatedAt: string, overrides: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id,
    flow: 'lumin.kyc-national-id',
    provider: 'lumin',
    state: 'syncing',
    attentionReason: null,
    operatorId: 'teller-a',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt,
    deadlineAt: null,
    stepsDone: 1,
    stepsTotal: 6,
    nextAttemptAt: null,
    lastError: null,
    waitingBehind: null,
    purged: false,
    ...overrides,
  };
}

const T1 = '2026-01-01T10:00:00.000Z';
const T2 = '2026-01-01T10:05:00.000Z';
const T3 = '2026-01-01T10:09:00.000Z';

describe('openCasesOf', () => {
  it("offers the operator's cases being captured or sent, and those waiting for them on the flow screen, newest first", () => {
    const open = openCasesOf(
      [
        row('a', T1, { state: 'draft' }),
        row('b', T3, { state: 'needs_attention', attentionReason: 'review_required' }),
        row('c', T2, { state: 'needs_attention', attentionReason: 'capture_required' }),
        row('d', T2, { state: 'needs_attention', attentionReason: 'secret_required' }),
      ],
      'teller-a',
    );
    expect(open.map((c) => c.id)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('leaves out other staff, final and queued cases, and stops a person decides outside the flow screen', () => {
    const open = openCasesOf(
      [
        row('other', T3, { operatorId: 'teller-b', state: 'draft' }),
        row('done', T3, { state: 'completed' }),
        row('closed', T3, { state: 'cancelled' }),
        row('queued', T3, { state: 'queued' }),
        row('10103', T3, { state: 'needs_attention', attentionReason: 'already_registered' }),
        row('crash', T3, { state: 'needs_attention', attentionReason: 'uncertain_after_crash' }),
        row('mine', T1, { state: 'syncing' }),
      ],
      'teller-a',
    );
    expect(open.map((c) => c.id)).toEqual(['mine']);
  });

  it('lists a case read from two lists once, with its newer copy', () => {
    const open = openCasesOf(
      [
        row('a', T1, { state: 'syncing' }),
        row('a', T2, { state: 'needs_attention', attentionReason: 'review_required' }),
      ],
      'teller-a',
    );
    expect(open).toHaveLength(1);
    expect(open[0]!.updatedAt).toBe(T2);
  });
});
