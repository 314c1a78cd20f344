// Which relay writes wait for the disk (store.ts Durability), seen on a real SQLite file through the
// real relay and the loopback recording provider: every transaction is watched, and the pragma
// SQLite's COMMIT will obey is read inside it. The in-flight mark of a non-idempotent call must be
// FULL (a power cut must not make a sent call look unsent); leases and idempotent outcomes are
// NORMAL (lost to a power cut, they are redone).
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskStore } from '../../src/main/store/store';
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

interface Watched {
  synchronous: number;
  /** Each step's state before and after the transaction, as `key:before>after` when it changed. */
  changes: string[];
  leased: boolean;
}

/** Wraps store.tx (the one way every relay write reaches SQLite) to record each transaction. */
function watchTransactions(store: KioskStore, caseId: () => string | undefined): Watched[] {
  const seen: Watched[] = [];
  const tx = store.tx.bind(store);
  const states = (id: string | undefined): Map<string, { state: string; lease: string | null }> =>
    new Map(
      id
        ? store.steps.forCase(id).map((step) => [step.key, { state: step.state, lease: step.lease_owner }])
        : [],
    );
  store.tx = ((fn: () => unknown, durability?: Parameters<KioskStore['tx']>[1]) =>
    tx(() => {
      const before = states(caseId());
      const result = fn();
      const changes: string[] = [];
      let leased = false;
      for (const [key, now] of states(caseId())) {
        const was = before.get(key);
        if (was && was.state !== now.state) changes.push(`${key}:${was.state}>${now.state}`);
        if (was && was.lease === null && now.lease !== null) leased = true;
      }
      seen.push({ synchronous: store.db.pragma('synchronous', { simple: true }) as number, changes, leased });
      return result;
    }, durability)) as KioskStore['tx'];
  return seen;
}

describe('relay durability', () => {
  it('commits the in-flight mark and the outcome of a non-idempotent call FULL, leases and idempotent steps NORMAL', async () => {
    const provider = await new RecordingProvider().start();
    cleanup.push(() => provider.close());
    const { queue } = openQueue(tempDir(), registry(recordingFlow(provider.url)));
    cleanup.push(() => queue.close(1_000));
    const { id } = await queue.cases.capture(specimenCapture());
    const seen = watchTransactions(queue.store!, () => id);
    queue.start();
    await waitFor(() => queue.cases.get(id).state === 'completed', 'completion');

    const under = (change: string): number[] =>
      seen.filter((t) => t.changes.includes(change)).map((t) => t.synchronous);
    // approve is the recording flow's non-idempotent step (recording-flow.ts).
    expect(under('approve:pending>in_flight')).toEqual([2]);
    expect(under('approve:in_flight>done')).toEqual([2]);
    // Idempotent uploads: their outcomes are redone if a power cut loses them.
    expect(under('upload-front:pending>done')).toEqual([1]);
    expect(under('upload-back:pending>done')).toEqual([1]);
    // The claim of the case (its first lease) waits for no fsync either.
    const claims = seen.filter((t) => t.leased && t.changes.length === 0);
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.every((t) => t.synchronous === 1)).toBe(true);
    expect(provider.approvals.get(id)).toBe(1);
  });
});
