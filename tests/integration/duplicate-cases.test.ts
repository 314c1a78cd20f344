// A second case for a number that already has an open case is noticed (issue 8, point 5): the
// case view lists the other open cases holding the same national ID or passport number, found by
// the blind index (HMAC digests in case_search, compared digest to digest), as soon as the
// provider read the number; a case that is closed no longer counts, a completed one still does
// (a helper's trial: the warning vanished the moment the other case completed).
import { describe, expect, it } from 'vitest';
import type { KioskCore } from '../../src/main/core';
import { caseReference } from '../../src/shared/domain/flows';
import type { CaseView } from '../../src/shared/ipc/cases';
import { signIn } from '../helpers/core';
import { approveReading, call, startOnboarding } from '../helpers/flow-calls';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();

const view = (kiosk: KioskCore, caseId: string): Promise<CaseView> => call(kiosk, 'cases.get', { caseId });

describe('a second open case for the same number', () => {
  it('lists the other open case in each view, not a different customer’s, and not once it is closed', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    await kiosk.providers;

    const first = await startOnboarding(kiosk, 'karim');
    expect(first.waitingFor, JSON.stringify(first.steps)).toEqual({ kind: 'review', step: 'review-front' });
    expect(first.duplicates).toEqual([]);

    // The same customer at another counter, while the first case waits for its review.
    const second = await startOnboarding(kiosk, 'karim');
    expect(second.waitingFor).toEqual({ kind: 'review', step: 'review-front' });
    expect(second.duplicates).toEqual([
      { caseId: first.id, reference: caseReference(first.id), state: 'needs_attention' },
    ]);
    expect((await view(kiosk, first.id)).duplicates).toEqual([
      { caseId: second.id, reference: caseReference(second.id), state: 'needs_attention' },
    ]);

    // Another customer's case shares nothing.
    const other = await startOnboarding(kiosk, 'amira');
    expect(other.waitingFor).toEqual({ kind: 'review', step: 'review-front' });
    expect(other.duplicates).toEqual([]);
    expect((await view(kiosk, second.id)).duplicates.map((d) => d.caseId)).toEqual([first.id]);

    // Closed as the duplicate it is: no longer an open case for that number.
    await call(kiosk, 'cases.close', { caseId: first.id, reason: 'duplicate' });
    expect((await view(kiosk, second.id)).duplicates).toEqual([]);
    // A final case warns about nothing itself.
    expect((await view(kiosk, first.id)).duplicates).toEqual([]);
  });

  it('still lists the other case once it has completed: the customer was already processed', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    await kiosk.providers;
    const first = await startOnboarding(kiosk, 'karim');
    const second = await startOnboarding(kiosk, 'karim');
    expect(second.duplicates.map((d) => d.caseId)).toEqual([first.id]);
    const done = await approveReading(kiosk, first);
    expect(done.state, JSON.stringify(done.steps)).toBe('completed');
    expect((await view(kiosk, second.id)).duplicates).toEqual([
      { caseId: first.id, reference: caseReference(first.id), state: 'completed' },
    ]);
  });
});
