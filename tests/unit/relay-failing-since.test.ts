// The retry ceiling's two conditions (decide.ts), and when a step's run of failures began, read from its history (decide.ts failingSince): the input of
// the retry ceiling's span (issue 12, the relay-faults failure).
import { describe, expect, it } from 'vitest';
import { type DecisionInput, decide, failingSince } from '../../src/main/sync/relay/decide';

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

describe('the retry ceiling: a number of failures and a span of time', () => {
  const input = (failures: number, since: number | undefined): DecisionInput => ({
    outcome: { kind: 'retryable', code: 'network', message: 'fetch failed' },
    abortedByRelay: false,
    via: 'run',
    def: { idempotent: true },
    step: { state: 'pending', failures },
    reauthenticated: false,
    counted: false,
    now: 1_000_000,
    backoff: { baseMs: 30, capMs: 400 },
    ceiling: 10,
    ceilingSpanMs: 600_000,
    failingSince: since,
    random: () => 0.5,
  });
  const stops = (decision: ReturnType<typeof decide>): boolean =>
    decision.case !== 'advance' && decision.case !== 'keep' && decision.case.state === 'needs_attention';

  it('ten fast failures (4.3 s) retry; the same ten over the span stop for a person', () => {
    expect(stops(decide(input(9, 1_000_000 - 4_300)))).toBe(false);
    expect(decide(input(9, 1_000_000 - 4_300)).event.type).toBe('retry_scheduled');
    expect(stops(decide(input(9, 1_000_000 - 600_000)))).toBe(true);
  });

  it('the span alone is not enough, and an unknown start leaves the number to decide', () => {
    expect(stops(decide(input(3, 0)))).toBe(false);
    expect(stops(decide(input(9, undefined)))).toBe(true);
  });
});
