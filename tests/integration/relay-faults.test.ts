// Network faults: the recording provider answers 30% of requests with a reset, a timeout, a 5xx, a
// 429 with Retry-After, a slow or a truncated body. Every case must still complete, each approval
// happen exactly once, and the relay must not spend more than twice the fault-free requests.
import { afterEach, describe, expect, it } from 'vitest';
import { recordingFlow } from '../helpers/recording-flow';
import { ALL_FAULTS, RecordingProvider } from '../helpers/recording-provider';
import { openQueue, registry, waitFor } from '../helpers/queue';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const CASES = 40;
const CALLS_PER_CASE = 4; // authenticate, two uploads, approve
const tempDir = useTempDirs();
let provider: RecordingProvider | undefined;
afterEach(async () => provider?.close());

describe('relay under network faults', () => {
  it(
    'completes every case with 30% faulty answers, within 2x the fault-free requests',
    { timeout: 90_000 },
    async () => {
      provider = await new RecordingProvider({
        faultRate: 0.3,
        faults: ALL_FAULTS,
        // Beyond the step timeout below. The timeout is generous on purpose: the provider and the
        // relay share this process's event loop, and on a busy CI machine (SQLite fsyncs behind
        // another suite's disk writes) a fault-free answer can wait long enough to time out a tight
        // limit ten times in a row, which is the retry ceiling, not a network fault.
        slowMs: 2_500,
        retryAfterSeconds: 1,
        latencyMs: 2,
      }).start();
      const { queue } = openQueue(tempDir(), registry(recordingFlow(provider.url)), {
        settings: {
          relay: {
            concurrency: 8,
            stepTimeoutMs: 2_000,
            leaseMs: 5_000,
            backoff: { baseMs: 30, capMs: 400 },
          },
        },
      });
      const ids: string[] = [];
      for (let i = 0; i < CASES; i++) ids.push((await queue.cases.capture(specimenCapture(3_000))).id);
      queue.start();
      const started = Date.now();
      // Wait until every case is settled (completed, or stopped for a person), not only completed: a
      // case that stops fails the test at once, with where it stands, instead of at a timeout.
      const settled = (): number => {
        const { byState } = queue.cases.totals();
        return (byState.completed ?? 0) + (byState.needs_attention ?? 0) + (byState.expired ?? 0);
      };
      try {
        await waitFor(() => settled() === CASES, 'every case settled', 60_000);
        expect(queue.cases.totals().byState.completed).toBe(CASES);
      } catch (error) {
        // Say where each unfinished case stands: a timeout alone tells nothing about the defect.
        const store = queue.store!;
        const stuck = ids
          .map((id) => store.cases.get(id))
          .filter((c) => c !== undefined && c.state !== 'completed')
          .map((c) => ({
            case: c,
            steps: store.steps.forCase(c!.id),
            // Newest first (the repository's order): the last 30 events say how it ended.
            events: store.events.forCase(c!.id).slice(0, 30),
            // What reached the provider for it, and how each was answered (fault or status).
            requests: provider!.ledger
              .filter((e) => e.caseId === c!.id)
              .map((e) => `${e.at} ${e.op} ${e.fault ?? e.status}`),
          }));
        console.error(JSON.stringify({ totals: queue.cases.totals(), stuck }, null, 1));
        throw error;
      }
      const elapsed = Date.now() - started;
      await queue.close();

      const requests = provider.ledger.filter((e) => e.op !== 'ping');
      const faults = requests.filter((e) => e.fault !== undefined);
      const faultFree = CASES * CALLS_PER_CASE;
      console.log(
        `fault test: ${CASES} cases in ${elapsed} ms, ${requests.length} requests (fault-free ${faultFree}, ` +
          `ratio ${(requests.length / faultFree).toFixed(2)}), ${faults.length} faults injected, ` +
          `${provider.count('status')} status queries`,
      );
      for (const id of ids) expect(provider.approvals.get(id), id).toBe(1);
      expect(faults.length).toBeGreaterThan(faultFree * 0.15);
      expect(requests.length).toBeLessThan(2 * faultFree);

      // No hot loop: after a 429 with Retry-After: 1, that case's next request waits at least a second.
      for (const [index, entry] of requests.entries()) {
        if (entry.fault !== 'status_429' || entry.caseId === undefined) continue;
        const next = requests.slice(index + 1).find((later) => later.caseId === entry.caseId);
        if (next) expect(next.at - entry.at, `after 429 for ${entry.caseId}`).toBeGreaterThanOrEqual(990);
      }
    },
  );
});
