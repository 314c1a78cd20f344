// The relay against the loopback recording provider (real sockets, real SQLite): the happy path,
// order of steps, sessions, and every outcome a connector can return.
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowDefinition, StepOutcome } from '../../src/main/sync/flow-types';
import type { QueueService } from '../../src/main/sync/queue-service';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider } from '../helpers/recording-provider';
import { manualClock } from '../helpers/clock';
import { openQueue, registry, waitFor } from '../helpers/queue';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(flowOverrides: Partial<FlowDefinition> = {}, providerOptions = {}) {
  const provider = await new RecordingProvider(providerOptions).start();
  cleanup.push(() => provider.close());
  const flow = recordingFlow(provider.url, { overrides: flowOverrides });
  const opened = openQueue(tempDir(), registry(flow));
  cleanup.push(() => opened.queue.close(1_000));
  return { provider, flow, ...opened };
}

function state(queue: QueueService, caseId: string): string {
  return queue.cases.get(caseId).state;
}

describe('relay', () => {
  it('sends a captured case step by step and completes it', async () => {
    const { provider, queue, events } = await setup();
    const summary = await queue.cases.capture(specimenCapture());
    expect(summary.state).toBe('queued');
    queue.start();
    await waitFor(() => state(queue, summary.id) === 'completed', 'completion');

    const calls = provider.ledger.map((entry) => entry.op);
    expect(calls).toEqual(['auth', 'upload', 'upload', 'approve']);
    expect(provider.approvals.get(summary.id)).toBe(1);
    const detail = queue.cases.get(summary.id);
    expect(detail.steps.map((step) => [step.key, step.state, step.attempts])).toEqual([
      ['capture', 'done', 0],
      ['upload-front', 'done', 1],
      ['upload-back', 'done', 1],
      ['approve', 'done', 1],
    ]);
    // The provider's answers are kept for later steps and reviewers.
    expect(queue.cases.reviewData(summary.id).answers.approve).toEqual({
      approvalId: `${summary.id}-approved`,
    });
    await waitFor(() => events.cases.some((c) => c.id === summary.id && c.state === 'completed'), 'event');
    expect(events.totals.at(-1)?.byState.completed).toBe(1);
  });

  it('runs several cases concurrently but the steps of each strictly in order', async () => {
    const { provider, queue } = await setup({}, { latencyMs: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await queue.cases.capture(specimenCapture(2_000))).id);
    queue.start();
    await waitFor(() => ids.every((id) => state(queue, id) === 'completed'), 'all completed');
    for (const id of ids) {
      const ops = provider.ledger.filter((e) => e.caseId === id).map((e) => e.op);
      expect(ops).toEqual(['upload', 'upload', 'approve']);
    }
    // Concurrency, shown by order rather than by time: with 4 workers the first calls belong to
    // several cases (one worker would make a case's three calls before starting the next).
    const calls = provider.ledger.filter((e) => e.caseId !== undefined);
    const firstCases = new Set(calls.slice(0, 3).map((e) => e.caseId));
    expect(firstCases.size).toBeGreaterThan(1);
  });

  it('re-authenticates once on 401 and repeats the step', async () => {
    const { provider, queue } = await setup({}, { tokenTtlMs: 60_000 });
    const { id } = await queue.cases.capture(specimenCapture());
    // A session the provider does not know: the first upload gets 401.
    queue.store!.sessions.save(
      id,
      'lumin',
      { token: 'stale', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
      Date.now(),
    );
    queue.start();
    await waitFor(() => state(queue, id) === 'completed', 'completion');
    expect(provider.ledger.map((e) => `${e.op}:${e.status}`)).toEqual([
      'upload:401',
      'auth:200',
      'upload:200',
      'upload:200',
      'approve:200',
    ]);
  });

  it('replays remote steps in a new session when the flow says restartOnNewSession', async () => {
    // Tokens live 300 ms by one injected clock shared by the provider, the connector and the relay;
    // the first approve "takes" 400 ms of that clock, so its session has expired when it answers.
    const clock = manualClock();
    const provider = await new RecordingProvider({ tokenTtlMs: 300, now: clock.now }).start();
    cleanup.push(() => provider.close());
    const flow = recordingFlow(provider.url, { overrides: { restartOnNewSession: true }, now: clock.now });
    const { queue } = openQueue(tempDir(), registry(flow), { now: clock.now });
    cleanup.push(() => queue.close(1_000));
    let gate = true;
    const approve = flow.steps[3]!;
    const original = approve.run!.bind(approve);
    approve.run = (context) => {
      if (!gate) return original(context);
      gate = false;
      clock.advance(400);
      return Promise.resolve({ kind: 'reauthenticate', code: 'http_401', message: 'expired' });
    };
    const { id } = await queue.cases.capture(specimenCapture());
    queue.start();
    await waitFor(() => state(queue, id) === 'completed', 'completion');
    expect(gate).toBe(false);
    expect(provider.ledger.map((e) => `${e.op}:${e.status}`)).toEqual([
      'auth:200',
      'upload:200',
      'upload:200',
      'auth:200',
      'upload:200',
      'upload:200',
      'approve:200',
    ]);
    expect(queue.cases.get(id).history.some((h) => h.type === 'restarted_on_new_session')).toBe(true);
  });

  it('pauses a case for a person on needs_review, and goes on after the review', async () => {
    const { queue, flow } = await setup();
    const uploadBack = flow.steps[2]!;
    const original = uploadBack.run!.bind(uploadBack);
    uploadBack.run = async (context): Promise<StepOutcome> => {
      const outcome = await original(context);
      return outcome.kind === 'success' && !context.fields.reviewedName
        ? { kind: 'needs_review', answer: { ocrName: 'SPECIMEN' } }
        : outcome;
    };
    const { id } = await queue.cases.capture(specimenCapture());
    queue.start();
    await waitFor(() => state(queue, id) === 'needs_attention', 'needs attention');
    const detail = queue.cases.get(id);
    expect(detail.attentionReason).toBe('review_required');
    expect(detail.steps[2]!.state).toBe('waiting');
    expect(queue.cases.reviewData(id).answers['upload-back']).toEqual({ ocrName: 'SPECIMEN' });

    queue.cases.recordReview(id, 'upload-back', { reviewedName: 'Specimen' });
    await waitFor(() => state(queue, id) === 'completed', 'completion after review');
    expect(queue.cases.reviewData(id).fields.reviewedName).toBe('Specimen');
  });

  it('asks for a recapture, and resends the step with the new image', async () => {
    const { provider, queue, flow } = await setup();
    const uploadFront = flow.steps[1]!;
    const original = uploadFront.run!.bind(uploadFront);
    let rejected = false;
    uploadFront.run = async (context): Promise<StepOutcome> => {
      if (!rejected) {
        rejected = true;
        return { kind: 'needs_recapture', role: 'front', code: 'blurred', message: 'The front is blurred' };
      }
      return original(context);
    };
    const capture = specimenCapture();
    const { id } = await queue.cases.capture(capture);
    queue.start();
    await waitFor(() => queue.cases.get(id).attentionReason === 'recapture_required', 'recapture');
    const replacement = {
      ...capture.images[0]!,
      bytes: Buffer.from(capture.images[0]!.bytes).fill(7, 10, 100),
    };
    queue.cases.recapture(id, replacement);
    await waitFor(() => state(queue, id) === 'completed', 'completion after recapture');
    expect(provider.count('upload', id)).toBe(2);
    expect(queue.cases.image(id, 'front')?.bytes).toEqual(replacement.bytes);
  });

  it('does not retry a validation error: the case needs an operator, with the reason', async () => {
    // The provider really receives the upload and answers; the connector reads it as a business
    // rule (Lumin 10103). The relay must not send it again, however much time passes.
    const provider = await new RecordingProvider().start();
    cleanup.push(() => provider.close());
    const flow = recordingFlow(provider.url);
    const upload = flow.steps[1]!;
    const original = upload.run!.bind(upload);
    upload.run = async (context): Promise<StepOutcome> => {
      const outcome = await original(context);
      return outcome.kind === 'success'
        ? { kind: 'needs_operator', reason: 'already_registered', code: '10103', message: 'exists' }
        : outcome;
    };
    const clock = manualClock();
    const { queue } = openQueue(tempDir(), registry(flow), { now: clock.now });
    cleanup.push(() => queue.close(1_000));
    const { id } = await queue.cases.capture(specimenCapture());
    queue.start();
    await queue.relay!.idle();
    for (let hour = 0; hour < 24; hour++) {
      clock.advance(3_600_000);
      await queue.relay!.idle();
    }
    const detail = queue.cases.get(id);
    expect(detail.state).toBe('needs_attention');
    expect(detail.attentionReason).toBe('already_registered');
    expect(detail.steps[1]).toMatchObject({ state: 'waiting', attempts: 1, lastError: { code: '10103' } });
    expect(provider.count('upload', id)).toBe(1);
  });

  it('marks a case expired when its provider deadline passes', async () => {
    const { queue, flow } = await setup({ deadlineMs: 150 });
    const uploadBack = flow.steps[2]!;
    uploadBack.run = () =>
      Promise.resolve({ kind: 'retryable', code: 'busy', message: 'later', retryAfterMs: 400 });
    const { id } = await queue.cases.capture(specimenCapture());
    queue.start();
    await waitFor(() => state(queue, id) === 'expired', 'expiry');
    const detail = queue.cases.get(id);
    expect(detail.attentionReason).toBe('deadline_passed');
    expect(detail.deadlineAt).not.toBeNull();
  });

  it('honours Retry-After and backs off instead of hammering a failing provider', async () => {
    const provider = await new RecordingProvider({
      faultRate: 1,
      faults: ['status_429'],
      retryAfterSeconds: 1,
    }).start();
    cleanup.push(() => provider.close());
    const clock = manualClock();
    const { queue } = openQueue(tempDir(), registry(recordingFlow(provider.url)), { now: clock.now });
    cleanup.push(() => queue.close(1_000));
    const { id } = await queue.cases.capture(specimenCapture());
    queue.start();
    await queue.relay!.idle();
    expect(provider.count('auth')).toBe(1);
    // Not one millisecond before the provider's Retry-After, by the relay's clock.
    clock.advance(999);
    await queue.relay!.idle();
    expect(provider.count('auth')).toBe(1);
    clock.advance(1);
    await queue.relay!.idle();
    expect(provider.count('auth')).toBe(2);
    expect(state(queue, id)).toBe('queued');
    expect(queue.cases.get(id).lastError?.code).toBe('http_429');
  });

  it('sends nothing while paused, and resumes', async () => {
    const { provider, queue } = await setup();
    queue.pause();
    queue.start();
    const { id } = await queue.cases.capture(specimenCapture());
    await queue.relay!.idle();
    expect(provider.ledger).toHaveLength(0);
    expect(queue.status().paused).toBe(true);
    queue.resume();
    await waitFor(() => state(queue, id) === 'completed', 'completion after resume');
  });

  it('holds work for a provider that is offline, and goes on when it is back', async () => {
    const { provider, queue } = await setup();
    queue.setOsOnline(false);
    queue.start();
    const { id } = await queue.cases.capture(specimenCapture());
    await queue.relay!.idle();
    expect(provider.ledger).toHaveLength(0);
    expect(queue.status().providers.lumin).toBe('offline');
    queue.setOsOnline(true);
    await waitFor(() => state(queue, id) === 'completed', 'completion once online');
    expect(provider.count('ping')).toBeGreaterThanOrEqual(1);
    expect(queue.status().providers.lumin).toBe('online');
  });
});
