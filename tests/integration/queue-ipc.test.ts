// The queue through the real core and the IPC dispatcher: what the renderer can call and what it is
// pushed, validated against the contract.
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../src/main/core';
import type { EventName } from '../../src/shared/ipc/contract';
import { startCore } from '../../src/main/core';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider } from '../helpers/recording-provider';
import { FAST_RELAY, registry, waitFor } from '../helpers/queue';
import { SPECIMEN, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';
import { signIn } from '../helpers/core';

const tempDir = useTempDirs();
const ctx = { transport: 'test' as const };
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function core(latencyMs = 0): Promise<{
  core: KioskCore;
  pushed: { name: EventName; payload: unknown }[];
  provider: RecordingProvider;
}> {
  const provider = await new RecordingProvider({ latencyMs }).start();
  cleanup.push(() => provider.close());
  const kiosk = startCore({
    dataDir: tempDir(),
    host: 'harness',
    name: 'Test Kiosk',
    version: '0.0.0-test',
    env: {},
    flows: registry(recordingFlow(provider.url)),
    queue: { relay: FAST_RELAY },
  });
  cleanup.push(() => kiosk.close());
  await signIn(kiosk);
  const pushed: { name: EventName; payload: unknown }[] = [];
  kiosk.events.subscribe((name, payload) => pushed.push({ name, payload }));
  return { core: kiosk, pushed, provider };
}

describe('queue over IPC', () => {
  it('lists, details, pushes progress and totals for a case the relay sends', async () => {
    // 80 ms per call: the case is 'syncing' for longer than the events' 100 ms coalescing window.
    const { core: kiosk, pushed } = await core(80);
    const { id } = await kiosk.queue.cases.capture(specimenCapture());
    await waitFor(() => kiosk.queue.cases.get(id).state === 'completed', 'completion');
    await waitFor(
      () =>
        pushed.some(
          (e) => e.name === 'queue.caseChanged' && (e.payload as { state: string }).state === 'completed',
        ),
      'the completed event',
    );
    expect(pushed.some((e) => e.name === 'queue.totalsChanged')).toBe(true);

    const list = await kiosk.dispatch('queue.list', { list: 'completed' }, ctx);
    // A listed row carries the customer's name (decrypted in main for that page), nothing more.
    expect(list).toMatchObject({
      ok: true,
      value: {
        cases: [{ id, state: 'completed', stepsDone: 4, stepsTotal: 4, customerName: SPECIMEN.name }],
        next: null,
      },
    });
    expect(JSON.stringify(list)).not.toContain(SPECIMEN.nationalId);
    const detail = await kiosk.dispatch('queue.get', { caseId: id }, ctx);
    expect(detail.ok && (detail.value as { steps: unknown[] }).steps).toHaveLength(4);
    // Nothing personal crosses IPC in details and events.
    const queueEvents = pushed.filter((e) => e.name.startsWith('queue.'));
    expect(JSON.stringify([detail, queueEvents])).not.toMatch(/29001011234567|Specimen/);
    const states = pushed
      .filter((e) => e.name === 'queue.caseChanged')
      .map((e) => (e.payload as { state: string }).state);
    expect(states).toContain('syncing');
    expect(states.at(-1)).toBe('completed');
  });

  it('pauses, resumes, cancels, refuses bad input and purges on request', async () => {
    const { core: kiosk, provider } = await core();
    expect(await kiosk.dispatch('queue.pause', undefined, ctx)).toMatchObject({
      ok: true,
      value: { paused: true },
    });
    const { id } = await kiosk.queue.cases.capture(specimenCapture());
    expect(await kiosk.dispatch('queue.cancel', { caseId: id }, ctx)).toMatchObject({
      ok: true,
      value: { state: 'cancelled' },
    });
    expect(await kiosk.dispatch('queue.retry', { caseId: id }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await kiosk.dispatch('queue.get', { caseId: 'nope' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await kiosk.dispatch('queue.get', { caseId: 5 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const second = await kiosk.queue.cases.capture(specimenCapture());
    expect(await kiosk.dispatch('queue.resume', undefined, ctx)).toMatchObject({
      ok: true,
      value: { paused: false },
    });
    await waitFor(() => kiosk.queue.cases.get(second.id).state === 'completed', 'completion');
    expect(provider.count('approve', id)).toBe(0);
    expect(await kiosk.dispatch('queue.purgeCompleted', undefined, ctx)).toEqual({
      ok: true,
      value: { purged: 1 },
    });
  });

  it('reports service needed through queue.status when the store cannot open', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/kiosk.db`, 'this is not a database, and it must not be replaced'.repeat(200));
    const kiosk = startCore({ dataDir: dir, host: 'harness', name: 'K', version: '0', env: {} });
    cleanup.push(() => kiosk.close());
    expect(await kiosk.dispatch('queue.status', undefined, ctx)).toMatchObject({
      ok: true,
      value: { storage: 'service_needed' },
    });
    // Nobody can sign in while the store needs service (operators live in it), so cases stay shut.
    expect(
      await kiosk.dispatch('auth.signIn', { operatorId: 'training-teller', secret: '246810' }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'storage_failure' } });
    expect(await kiosk.dispatch('queue.list', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });
});
