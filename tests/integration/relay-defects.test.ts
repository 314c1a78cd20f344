// The relay's defects from issue 12, each pinned by a test that failed before the fix. Time is the
// injected clock: the relay decides by it, and `relay.idle()` says when everything due is done, so
// "nothing happened" is asserted after the relay looked, not after a sleep.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlowDefinition, StepDefinition, StepOutcome } from '../../src/main/sync/flow-types';
import { DEFAULT_RELAY_OPTIONS } from '../../src/main/sync/relay';
import type { QueueService } from '../../src/main/sync/queue-service';
import { manualClock, type ManualClock } from '../helpers/clock';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider } from '../helpers/recording-provider';
import { openQueue, registry } from '../helpers/queue';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

interface Setup {
  provider: RecordingProvider;
  flow: FlowDefinition;
  queue: QueueService;
  clock: ManualClock;
  dir: string;
  step(key: string): StepDefinition;
  /** Lets the relay do everything due at the clock's time now. */
  settle(): Promise<void>;
}

async function setup(
  edit: (flow: FlowDefinition) => void = () => undefined,
  relay: Record<string, unknown> = {},
): Promise<Setup> {
  const provider = await new RecordingProvider().start();
  cleanup.push(() => provider.close());
  const flow = recordingFlow(provider.url);
  edit(flow);
  const clock = manualClock();
  const dir = tempDir();
  const { queue } = openQueue(dir, registry(flow), { now: clock.now, settings: { relay } });
  cleanup.push(() => queue.close(500));
  return {
    provider,
    flow,
    queue,
    clock,
    dir,
    step: (key) => flow.steps.find((s) => s.key === key)!,
    settle: () => queue.relay!.idle(),
  };
}

/** Uploads done, the approve in flight under a dead process's lease (a kill during the call). */
function killedDuringApprove(queue: QueueService, id: string, now: number): void {
  const store = queue.store!;
  store.tx(() => {
    store.steps.finish(id, 'upload-front', 1, { state: 'done' }, now);
    store.steps.finish(id, 'upload-back', 2, { state: 'done' }, now);
    store.steps.startAttempt(id, 3, true, now);
    store.steps.lease(id, 3, 'relay-dead', now + 3_600_000, now);
  });
}

function row(queue: QueueService, id: string, seq: number) {
  return queue.store!.steps.get(id, seq)!;
}

describe('relay defects (issue 12)', () => {
  it('#1 a failing status query counts its attempt, backs off and tells connectivity', async () => {
    const s = await setup((flow) => {
      flow.steps[3]!.reconcile = () =>
        Promise.resolve({ kind: 'retryable', code: 'http_503', message: 'status down' });
    });
    const { id } = await s.queue.cases.capture(specimenCapture());
    killedDuringApprove(s.queue, id, s.clock.now());
    const told = vi.spyOn(s.queue.connectivity, 'reportFailure');
    s.queue.start();
    await s.settle();
    await s.settle();
    const approve = row(s.queue, id, 3);
    // One status query, counted (1 for the interrupted call + 1), one failure, a back-off ahead.
    expect(approve).toMatchObject({
      state: 'in_flight',
      attempts: 2,
      failures: 1,
      last_error_code: 'http_503',
    });
    expect(approve.next_attempt_at).toBeGreaterThan(s.clock.now());
    // Connectivity was told (it probes the provider).
    expect(told).toHaveBeenCalledTimes(1);
    expect(s.provider.count('approve')).toBe(0);
  });

  it('#2 a step failing the same way reaches the needs-attention inbox with the last error', async () => {
    const s = await setup(
      (flow) => {
        flow.steps[1]!.run = () =>
          Promise.resolve({ kind: 'retryable', code: 'http_500', message: 'Internal error at the provider' });
      },
      { retryCeiling: 3 },
    );
    const { id } = await s.queue.cases.capture(specimenCapture());
    s.queue.start();
    for (let i = 0; i < 6; i++) {
      await s.settle();
      s.clock.advance(3_600_000);
    }
    await s.settle();
    const detail = s.queue.cases.get(id);
    expect(detail.state).toBe('needs_attention');
    expect(detail.attentionReason).toBe('retries_exhausted');
    expect(detail.steps[1]).toMatchObject({
      state: 'waiting',
      attempts: 3,
      lastError: { code: 'http_500', message: 'Internal error at the provider' },
    });
    // A person's retry gives it a new budget.
    s.queue.cases.retry(id);
    await s.settle();
    expect(s.queue.cases.get(id).steps[1]!.attempts).toBe(4);
  });

  it("#2 a burst of fast failures keeps retrying until the ceiling's span has passed, then the inbox", async () => {
    // The relay-faults run of issue 12: ten network errors of a few ms each within 4.3 s (a 30–400 ms
    // back-off) sent a case to a person. The ceiling is a number of failures AND a span of time.
    let calls = 0;
    const s = await setup(
      (flow) => {
        flow.steps[1]!.run = () => {
          calls++;
          return Promise.resolve({
            kind: 'retryable',
            code: 'network',
            message: 'fetch failed (UND_ERR_SOCKET)',
          });
        };
      },
      { retryCeiling: 3, retryCeilingSpanMs: 600_000, backoff: { baseMs: 30, capMs: 400 } },
    );
    const { id } = await s.queue.cases.capture(specimenCapture());
    const started = s.clock.now();
    s.queue.start();
    for (let i = 0; i < 12; i++) {
      await s.settle();
      s.clock.advance(400);
    }
    await s.settle();
    expect(calls).toBe(13);
    let detail = s.queue.cases.get(id);
    expect(detail.state).toBe('queued');
    expect(detail.steps[1]).toMatchObject({ state: 'pending', attempts: 13 });
    // Before the span, still retrying; the first failure once it has passed stops the step.
    s.clock.advance(started + 599_000 - s.clock.now());
    await s.settle();
    expect(calls).toBe(14);
    expect(s.queue.cases.get(id).state).toBe('queued');
    s.clock.advance(started + 600_000 - s.clock.now());
    await s.settle();
    detail = s.queue.cases.get(id);
    expect(calls).toBe(15);
    expect(detail.state).toBe('needs_attention');
    expect(detail.attentionReason).toBe('retries_exhausted');
    expect(detail.steps[1]).toMatchObject({ state: 'waiting', attempts: 15, lastError: { code: 'network' } });
    // A person's retry starts a new run: its span counts from its own first failure.
    s.queue.cases.retry(id);
    for (let i = 0; i < 4; i++) {
      await s.settle();
      s.clock.advance(400);
    }
    expect(s.queue.cases.get(id).state).toBe('queued');
  });

  it('#3 "still processing" has its own schedule, is no failure and never probes', async () => {
    let polls = 0;
    const s = await setup(
      (flow) => {
        const original = flow.steps[2]!.run!.bind(flow.steps[2]);
        flow.steps[2]!.run = async (context): Promise<StepOutcome> => {
          polls++;
          if (polls <= 5)
            return { kind: 'processing', code: 'pending', message: 'reviewing', retryAfterMs: 40_000 };
          return original(context);
        };
      },
      { retryCeiling: 2 },
    );
    const { id } = await s.queue.cases.capture(specimenCapture());
    s.queue.start();
    await s.settle();
    expect(polls).toBe(1);
    s.clock.advance(39_999);
    await s.settle();
    expect(polls).toBe(1);
    for (let i = 0; i < 5; i++) {
      s.clock.advance(40_000);
      await s.settle();
    }
    expect(polls).toBe(6);
    // Five "processing" answers with a ceiling of 2: not failures, the case completed.
    expect(s.queue.cases.get(id).state).toBe('completed');
    expect(s.provider.count('ping')).toBe(0);
  });

  it('#4 the run loop waits by the injected clock (start jitter)', async () => {
    const s = await setup(() => undefined, { startJitterMs: 60_000 });
    const { id } = await s.queue.cases.capture(specimenCapture());
    s.queue.relay!.start();
    await s.settle();
    expect(s.provider.ledger).toHaveLength(0);
    s.clock.advance(60_000);
    await s.settle();
    expect(s.queue.cases.get(id).state).toBe('completed');
  });

  it('#5 a withdrawal is an ordinary step: back-off, the ceiling, then the inbox', async () => {
    let withdrawals = 0;
    const s = await setup(
      (flow) => {
        flow.cancel = () => {
          withdrawals++;
          return Promise.resolve({ kind: 'retryable', code: 'http_503', message: 'busy' });
        };
        flow.steps[2]!.run = () =>
          Promise.resolve({
            kind: 'needs_operator',
            reason: 'provider_rejected',
            code: 'x',
            message: 'stop',
          });
      },
      { retryCeiling: 3 },
    );
    const { id } = await s.queue.cases.capture(specimenCapture());
    s.queue.start();
    await s.settle();
    s.queue.cases.cancel(id);
    for (let i = 0; i < 6; i++) {
      await s.settle();
      s.clock.advance(3_600_000);
    }
    await s.settle();
    expect(withdrawals).toBe(3);
    const detail = s.queue.cases.get(id);
    // What was sent may remain at the provider: the inbox, where staff retry or call IT.
    expect(detail.state).toBe('needs_attention');
    expect(detail.attentionReason).toBe('withdrawal_refused');
    expect(detail.steps.at(-1)).toMatchObject({ key: 'withdraw', state: 'waiting' });
    expect(detail.history.filter((h) => h.type === 'withdraw_retry')).toHaveLength(2);
    expect(detail.history.some((h) => h.type === 'withdraw_failed')).toBe(true);
  });

  it("#6 the providers' published rate limits are configured by default", () => {
    expect(DEFAULT_RELAY_OPTIONS.rateLimits.jumio).toEqual({
      authenticate: { ratePerSecond: 10, burst: 10 },
      steps: { 'start-transaction': { ratePerSecond: 1, burst: 1 } },
    });
    expect(DEFAULT_RELAY_OPTIONS.rateLimits.argos?.calls?.[0]).toEqual({
      ratePerSecond: 5_000,
      burst: 5_000,
    });
  });

  it('#7 a step whose answer later steps need cannot be "confirmed arrived" without that answer', async () => {
    const s = await setup((flow) => {
      const approve = flow.steps[3] as { reconcile?: unknown; answerNeeded?: boolean };
      delete approve.reconcile;
      approve.answerNeeded = true;
    });
    const { id } = await s.queue.cases.capture(specimenCapture());
    killedDuringApprove(s.queue, id, s.clock.now());
    s.queue.start();
    await s.settle();
    expect(s.queue.cases.get(id).attentionReason).toBe('uncertain_after_crash');
    expect(() => s.queue.cases.retry(id, 'confirmedDone')).toThrow(/answered/);
    expect(row(s.queue, id, 3).state).toBe('in_flight');
  });

  it('#7 a reconcile that says "done" without the needed answer does not mark the step done', async () => {
    const s = await setup((flow) => {
      (flow.steps[3] as { answerNeeded?: boolean }).answerNeeded = true;
    });
    const { id } = await s.queue.cases.capture(specimenCapture());
    killedDuringApprove(s.queue, id, s.clock.now());
    s.provider.approvals.set(id, 1);
    s.queue.start();
    await s.settle();
    expect(row(s.queue, id, 3).state).toBe('in_flight');
    expect(s.queue.cases.get(id).steps[3]!.lastError?.code).toBe('answer_missing');
  });

  it('#7 a reconcile that returns the answer marks the step done with it', async () => {
    const s = await setup((flow) => {
      const approve = flow.steps[3]!;
      approve.answerNeeded = true;
      approve.reconcile = () => Promise.resolve({ kind: 'done', answer: { approvalId: 'found-again' } });
    });
    const { id } = await s.queue.cases.capture(specimenCapture());
    killedDuringApprove(s.queue, id, s.clock.now());
    s.queue.start();
    await s.settle();
    expect(s.queue.cases.get(id).state).toBe('completed');
    expect(s.queue.cases.reviewData(id).answers.approve).toEqual({ approvalId: 'found-again' });
    expect(s.provider.count('approve')).toBe(0);
  });

  it("#8 the only writer takes a dead process's lease back at start", async () => {
    const s = await setup();
    const { id } = await s.queue.cases.capture(specimenCapture());
    killedDuringApprove(s.queue, id, s.clock.now());
    s.provider.uploads.set(`${id}/front`, 'x');
    s.provider.uploads.set(`${id}/back`, 'x');
    s.queue.start();
    await s.settle();
    // The dead lease ran for an hour; the clock did not move.
    expect(s.queue.cases.get(id).state).toBe('completed');
    expect(s.provider.ledger.map((e) => e.op)).toEqual(['auth', 'status', 'approve']);
  });

  // Found by the five-flow kill loop: a Lumin update approve was in flight at a SIGKILL; after the
  // restart the customer's password (memory only) was gone, the pause for it turned the in-flight
  // step into "waiting", giving the password made it "pending", and the approve went out again
  // (Lumin: StepOrder). The in-flight mark must survive the wait for the secret.
  it('#9 a call in flight at a crash stays in flight while the kiosk waits for the customer secret', async () => {
    const s = await setup((flow) => {
      delete s_approve(flow).reconcile; // a step with no status query (as Lumin's approves were)
    });
    const { id } = await s.queue.cases.capture(specimenCapture());
    // From here the flow needs the customer's password, and this process (as after a restart) has none.
    s.flow.needsSecret = true;
    killedDuringApprove(s.queue, id, s.clock.now());
    s.queue.start();
    await s.settle();
    expect(s.queue.cases.get(id)).toMatchObject({
      state: 'needs_attention',
      attentionReason: 'secret_required',
    });
    expect(row(s.queue, id, 3).state).toBe('in_flight');
    s.queue.cases.holdSecret(id, 'password', 'Specimen#2024');
    await s.settle();
    // Nobody knows whether the approve arrived and the provider cannot be asked: a person checks.
    // It is never sent again blind.
    expect(s.queue.cases.get(id)).toMatchObject({
      state: 'needs_attention',
      attentionReason: 'uncertain_after_crash',
    });
    expect(s.provider.ledger.map((e) => e.op)).not.toContain('approve');
  });
});

function s_approve(flow: FlowDefinition): StepDefinition {
  return flow.steps.find((step) => step.key === 'approve')!;
}
