// When a step's run of failures began, read from its history (decide.ts failingSince): the input of
// the retry ceiling's span (issue 12, the relay-faults failure).
import { describe, expect, it } from 'vitest';
import { failingSince } from '../../src/main/sync/relay/decide';

const event = (at: number, type: string, step_key: string | null = 'approve') => ({ at, type, step_key });

describe('failingSince', () => {
  // Newest first, as EventsRepo.forCase lists them.
  const history = [
    event(900, 'retry_scheduled'),
    event(800, 'retry_scheduled', 'upload-back'),
    event(700, 'retry_scheduled'),
    event(650, 'authenticated', null),
    event(600, 'retry_scheduled'),
    event(500, 'retry_scheduled'),
  ];

  it('is the time of the failures-th newest failure of that step', () => {
    expect(failingSince(history, 'approve', 1)).toBe(900);
    expect(failingSince(history, 'approve', 3)).toBe(600);
    expect(failingSince(history, 'approve', 4)).toBe(500);
  });

  it('with fewer events than failures, the oldest found (a later start: never sooner to a person)', () => {
    expect(failingSince(history, 'approve', 9)).toBe(500);
  });

  it('counts withdrawal failures of the withdraw step', () => {
    expect(
      failingSince(
        [event(20, 'withdraw_retry', 'withdraw'), event(10, 'withdraw_retry', 'withdraw')],
        'withdraw',
        2,
      ),
    ).toBe(10);
  });

  it('is unknown with no failure or no failure event', () => {
    expect(failingSince(history, 'approve', 0)).toBeUndefined();
    expect(failingSince(history, 'upload-front', 2)).toBeUndefined();
  });
});
