// The relay's "what is ready" query (steps-repo.ts `ready`) with a branch's backlog: oldest capture
// first, one step per case (its current one), and read along its index (migration 10) instead of
// sorting every open case's steps on each call (the drain benchmark's O(cases²)). Real SQLite, the
// real capture path; the relay is not started, so nothing moves but what the test does.
import { describe, expect, it } from 'vitest';
import { PARKED_AT } from '../../src/main/store/steps-repo';
import { WITHDRAW_STEP } from '../../src/main/sync/flow-types';
import { setCaseState } from '../../src/main/sync/step-machine';
import { manualClock } from '../helpers/clock';
import { openQueue, registry } from '../helpers/queue';
import { recordingFlow } from '../helpers/recording-flow';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const CASES = 300;

describe('the ready query', () => {
  it('gives the oldest captures first, each case once at its current step, without sorting the backlog', async () => {
    const clock = manualClock();
    const { queue } = openQueue(tempDir(), registry(recordingFlow('http://127.0.0.1:9')), { now: clock.now });
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      clock.advance(1_000);
      ids.push((await queue.cases.capture(specimenCapture(2_000))).id);
    }
    const store = queue.store!;
    const ready = () => store.steps.ready(clock.now(), 4, [], WITHDRAW_STEP);
    const first = ready();
    expect(first.map((row) => row.caseId)).toEqual(ids.slice(0, 4));
    const current = store.steps
      .forCase(ids[0]!)
      .find((step) => step.state === 'pending' && step.kind === 'remote');
    expect(first[0]!.seq).toBe(current!.seq);

    // The oldest case's step done: the same case comes back at its next step, still first.
    store.tx(() => store.steps.finish(ids[0]!, current!.key, current!.seq, { state: 'done' }, clock.now()));
    const next = ready();
    expect(next.map((row) => row.caseId)).toEqual(ids.slice(0, 4));
    expect(next[0]!.seq).toBeGreaterThan(current!.seq);

    // A step waiting for its next attempt goes behind the others until then.
    const retry = store.steps
      .forCase(ids[1]!)
      .find((step) => step.state === 'pending' && step.kind === 'remote')!;
    store.tx(() =>
      store.steps.finish(
        ids[1]!,
        retry.key,
        retry.seq,
        { state: 'pending', nextAttemptAt: clock.now() + 60_000 },
        clock.now(),
      ),
    );
    expect(ready().map((row) => row.caseId)).toEqual([ids[0], ids[2], ids[3], ids[4]]);

    // A cancelled case's steps will never run: parked at the index's end, where the query stops
    // before them (a kiosk's history of closed cases is not walked on every call).
    queue.cases.cancel(ids[2]!, 'customer_left');
    const parked = store.steps.forCase(ids[2]!).filter((step) => step.state === 'pending');
    expect(parked.length).toBeGreaterThan(0);
    for (const step of parked) expect(step.next_attempt_at).toBe(PARKED_AT);
    expect(ready().map((row) => row.caseId)).toEqual([ids[0], ids[3], ids[4], ids[5]]);
    expect(queue.cases.get(ids[2]!).nextAttemptAt).toBeNull();

    // Read along steps_runnable in its order: no temporary sort of the backlog per call.
    const source = (store.steps as unknown as { readyStmt: { source: string } }).readyStmt.source;
    const plan = (
      store.db.prepare(`EXPLAIN QUERY PLAN ${source}`).all({
        now: clock.now(),
        limit: 4,
        offline: '[]',
        withdraw: WITHDRAW_STEP,
      }) as { detail: string }[]
    ).map((row) => row.detail);
    expect(plan.join('\n')).toContain('USING INDEX steps_runnable');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    await queue.close();
  });

  it('knows when the next step wakes without reading the whole backlog', async () => {
    const clock = manualClock();
    const { queue } = openQueue(tempDir(), registry(recordingFlow('http://127.0.0.1:9')), { now: clock.now });
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      clock.advance(1_000);
      ids.push((await queue.cases.capture(specimenCapture(2_000))).id);
    }
    const store = queue.store!;
    const t0 = clock.now();
    const wake = () => store.steps.nextWake([], WITHDRAW_STEP);
    const currentOf = (id: string) =>
      store.steps.forCase(id).find((step) => step.state === 'pending' && step.kind === 'remote')!;
    const putOff = (id: string, at: number) => {
      const step = currentOf(id);
      store.tx(() => store.steps.finish(id, step.key, step.seq, { state: 'pending', nextAttemptAt: at }, t0));
    };

    // Every case's current step is due now (next attempt 0).
    expect(wake()).toBe(0);

    // Every case put off: the soonest of their next attempts, wherever it sits in the backlog.
    ids.forEach((id, i) => putOff(id, t0 + 60_000 + (i === 37 ? 0 : 1_000 + i)));
    expect(wake()).toBe(t0 + 60_000);

    // The soonest one held by another (dead) process's lease: it wakes when the lease runs out, so
    // the next soonest next attempt comes first; a longer lease is passed over for it.
    const held = currentOf(ids[37]!);
    expect(store.steps.lease(ids[37]!, held.seq, 'other-process', t0 + 60_500, t0)).toBe(true);
    expect(wake()).toBe(t0 + 60_500);
    expect(store.steps.lease(ids[37]!, held.seq, 'other-process', t0 + 90_000, t0)).toBe(true);
    expect(wake()).toBe(t0 + 61_000);

    // A provider that is offline is not waited for; nothing runnable at all: undefined.
    expect(store.steps.nextWake(['lumin', 'argos', 'jumio'], WITHDRAW_STEP)).toBeUndefined();

    // Read along steps_runnable in its order (nextWake stops early), not aggregated over a scan.
    const source = (store.steps as unknown as { nextWakeStmt: { source: string } }).nextWakeStmt.source;
    const plan = (
      store.db.prepare(`EXPLAIN QUERY PLAN ${source}`).all({ offline: '[]', withdraw: WITHDRAW_STEP }) as {
        detail: string;
      }[]
    ).map((row) => row.detail);
    expect(plan.join('\n')).toContain('USING INDEX steps_runnable');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    await queue.close();
  });

  it('parks the steps of a case waiting for a person, and sends it again at once when it is retried', async () => {
    const clock = manualClock();
    const { queue } = openQueue(tempDir(), registry(recordingFlow('http://127.0.0.1:9')), { now: clock.now });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      clock.advance(1_000);
      ids.push((await queue.cases.capture(specimenCapture(2_000))).id);
    }
    const store = queue.store!;
    const ready = () => store.steps.ready(clock.now(), 4, [], WITHDRAW_STEP).map((row) => row.caseId);
    const unfinished = (id: string) =>
      store.steps.forCase(id).filter((step) => step.kind === 'remote' && step.state === 'pending');

    // The oldest case waits for a person: the relay does not take it, nor walk its steps.
    store.tx(() => setCaseState(store, ids[0]!, 'needs_attention', 'provider_rejected', clock.now()));
    expect(unfinished(ids[0]!).length).toBeGreaterThan(0);
    for (const step of unfinished(ids[0]!)) expect(step.next_attempt_at).toBe(PARKED_AT);
    expect(ready()).toEqual(ids.slice(1, 5));
    expect(queue.cases.get(ids[0]!).nextAttemptAt).toBeNull();

    // Staff's "try again": due at once, first again (the oldest capture).
    clock.advance(60_000);
    queue.cases.retry(ids[0]!);
    for (const step of unfinished(ids[0]!)) expect(step.next_attempt_at).toBeLessThanOrEqual(clock.now());
    expect(ready()).toEqual(ids.slice(0, 4));
    await queue.close();
  });
});
