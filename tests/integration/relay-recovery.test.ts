// What the relay finds after a crash, set up directly in the database: a lease of a dead process,
// a non-idempotent step left in flight with and without a status query, and a drain on quit.
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../src/main/sync/flow-types';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider } from '../helpers/recording-provider';
import { openQueue, registry, waitFor } from '../helpers/queue';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A case whose uploads are done and whose approve was in flight when the process died. */
async function crashedDuringApprove(flowOverrides: (flow: FlowDefinition) => void = () => undefined) {
  const provider = await new RecordingProvider().start();
  cleanup.push(() => provider.close());
  const flow = recordingFlow(provider.url);
  flowOverrides(flow);
  const dir = tempDir();
  const { queue } = openQueue(dir, registry(flow));
  const { id } = await queue.cases.capture(specimenCapture());
  const store = queue.store!;
  const now = Date.now();
  store.tx(() => {
    store.steps.finish(id, 'upload-front', 1, { state: 'done' }, now);
    store.steps.finish(id, 'upload-back', 2, { state: 'done' }, now);
    store.steps.startAttempt(id, 3, true, now);
    store.steps.lease(id, 3, 'relay-dead', now + 300, now);
  });
  return { provider, flow, queue, id };
}

describe('relay recovery', () => {
  it('takes a dead process lease back at start, then asks the provider before sending again', async () => {
    const { provider, queue, id } = await crashedDuringApprove();
    cleanup.push(() => queue.close(500));
    provider.uploads.set(`${id}/front`, 'x');
    provider.uploads.set(`${id}/back`, 'x');
    queue.start();
    await waitFor(() => queue.cases.get(id).state === 'completed', 'completion');
    expect(provider.ledger.map((e) => e.op)).toEqual(['auth', 'status', 'approve']);
    expect(queue.cases.get(id).history.some((h) => h.type === 'reconciled_not_done')).toBe(true);
  });

  it('does not send again when the status query says it arrived', async () => {
    const { provider, queue, id } = await crashedDuringApprove();
    cleanup.push(() => queue.close(500));
    provider.approvals.set(id, 1);
    queue.start();
    await waitFor(() => queue.cases.get(id).state === 'completed', 'completion');
    expect(provider.ledger.map((e) => e.op)).toEqual(['auth', 'status']);
    expect(provider.approvals.get(id)).toBe(1);
  });

  it('asks an operator when there is no status query, then follows the decision', async () => {
    const { provider, queue, id } = await crashedDuringApprove((flow) => {
      delete (flow.steps[3] as { reconcile?: unknown }).reconcile;
    });
    cleanup.push(() => queue.close(500));
    queue.start();
    await waitFor(() => queue.cases.get(id).state === 'needs_attention', 'needs attention');
    const detail = queue.cases.get(id);
    expect(detail.attentionReason).toBe('uncertain_after_crash');
    expect(detail.steps[3]!.state).toBe('in_flight');
    expect(provider.count('approve')).toBe(0);
    expect(() => queue.cases.retry(id)).toThrow(/received/);
    queue.cases.retry(id, 'confirmedDone');
    await waitFor(() => queue.cases.get(id).state === 'completed', 'completion');
    expect(provider.count('approve')).toBe(0);
  });

  it('drains on quit: a call in progress is aborted after the grace period and its state persisted', async () => {
    const provider = await new RecordingProvider({ latencyMs: 5_000 }).start();
    cleanup.push(() => provider.close());
    const dir = tempDir();
    const flow = recordingFlow(provider.url);
    const { queue } = openQueue(dir, registry(flow), {
      settings: { relay: { stepTimeoutMs: 10_000, leaseMs: 20_000 } },
    });
    const { id } = await queue.cases.capture(specimenCapture());
    queue.start();
    await waitFor(() => provider.ledger.length > 0, 'a call in progress');
    const started = Date.now();
    await queue.close(200);
    expect(Date.now() - started).toBeLessThan(2_000);

    const { queue: after } = openQueue(dir, registry(flow));
    const detail = after.cases.get(id);
    expect(detail.state).toBe('queued');
    expect(detail.steps[1]).toMatchObject({ state: 'pending' });
    expect(detail.history.some((h) => h.code === 'aborted')).toBe(true);
    // The lease was released on the way out: a restart does not wait for it.
    expect(after.store!.steps.forCase(id).every((step) => step.lease_owner === null)).toBe(true);
    await after.close();
  });
});
