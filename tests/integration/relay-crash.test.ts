// Crash safety: a child process runs the relay against the loopback recording provider (real
// sockets) and is killed with SIGKILL at random moments, restarted, killed again, many times; new
// captures keep arriving in between. Afterwards nothing is lost and no non-idempotent effect
// (an approval) happened twice.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueService } from '../../src/main/sync/queue-service';
import { exited, lineFrom, spawnTs } from '../helpers/child-process';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider } from '../helpers/recording-provider';
import { openQueue, registry } from '../helpers/queue';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';
import { seedFromEnv, seeded } from '../helpers/seeded';

// Each round spawns a Node process (a few seconds on a loaded 2-core machine): CI runs 20 rounds,
// KIOSK_CRASH_KILLS=200 for a longer run. KIOSK_CRASH_SEED replays a run's kill instants.
const KILLS = Number(process.env.KIOSK_CRASH_KILLS ?? 20);
const SEED = seedFromEnv('KIOSK_CRASH_SEED');

const CHILD = join(import.meta.dirname, '../helpers/relay-child.ts');
const tempDir = useTempDirs();
let provider: RecordingProvider | undefined;
afterEach(async () => provider?.close());

async function addCases(
  dataDir: string,
  url: string,
  count: number,
  hashes: Map<string, string[]>,
): Promise<void> {
  const { queue } = openQueue(dataDir, registry(recordingFlow(url)));
  for (let i = 0; i < count; i++) {
    const capture = specimenCapture(4_000);
    const { id } = await queue.cases.capture(capture);
    hashes.set(
      id,
      capture.images.map((image) => createHash('sha256').update(image.bytes).digest('hex')),
    );
  }
  await queue.close();
}

function verify(
  queue: QueueService,
  hashes: Map<string, string[]>,
  server: RecordingProvider,
): Record<string, number> {
  const { cases } = queue.cases.list({ limit: 500 });
  expect(cases).toHaveLength(hashes.size);
  const outcome: Record<string, number> = {};
  for (const summary of cases) {
    outcome[summary.state] = (outcome[summary.state] ?? 0) + 1;
    // Complete, or waiting for a person with a reason: nothing stuck half-way.
    expect(['completed', 'needs_attention'], summary.id).toContain(summary.state);
    if (summary.state === 'needs_attention') expect(summary.attentionReason).not.toBeNull();
    const [front, back] = hashes.get(summary.id)!;
    const sha = (role: 'front' | 'back'): string =>
      createHash('sha256').update(queue.cases.image(summary.id, role)!.bytes).digest('hex');
    expect([sha('front'), sha('back')]).toEqual([front, back]);
    const approvals = server.approvals.get(summary.id) ?? 0;
    expect(approvals, `approvals of ${summary.id}`).toBeLessThanOrEqual(1);
    if (summary.state === 'completed') expect(approvals).toBe(1);
  }
  return outcome;
}

describe('relay crash safety', () => {
  it(
    `loses nothing and approves nothing twice across ${KILLS} SIGKILLs`,
    { timeout: 60_000 + KILLS * 10_000 },
    async () => {
      // Printed first, so a run that fails or times out can be replayed.
      console.log(`crash test seed ${SEED} (KIOSK_CRASH_SEED=${SEED} KIOSK_CRASH_KILLS=${KILLS} to replay)`);
      const random = seeded(SEED);
      provider = await new RecordingProvider({ latencyMs: 25 }).start();
      const dataDir = tempDir();
      const hashes = new Map<string, string[]>();
      await addCases(dataDir, provider.url, 20, hashes);
      const env = { KIOSK_TEST_DATA: dataDir, KIOSK_TEST_PROVIDER: provider.url };

      let kills = 0;
      let killedMidCall = 0;
      for (let round = 0; round < KILLS; round++) {
        if (round > 0 && round % 5 === 0) await addCases(dataDir, provider.url, 8, hashes);
        const child = spawnTs(CHILD, { ...env, KIOSK_TEST_MODE: 'run' });
        await lineFrom(child, 'ready', 60_000);
        await new Promise((resolve) => setTimeout(resolve, 20 + random() * 280));
        // No faults are injected here, so an unanswered request is one in progress at the kill.
        if (provider.ledger.some((e) => e.status === 0)) killedMidCall += 1;
        child.kill('SIGKILL');
        await exited(child);
        kills += 1;
      }

      const finisher = spawnTs(CHILD, { ...env, KIOSK_TEST_MODE: 'finish' });
      const done = await lineFrom(finisher, 'done', 60_000);
      expect(await exited(finisher)).toBe(0);

      const { queue } = openQueue(dataDir, registry(recordingFlow(provider.url)));
      const outcome = verify(queue, hashes, provider);
      await queue.close();

      const approveEffects = provider.ledger.filter((e) => e.op === 'approve' && e.effect).length;
      const reconciles = provider.count('status');
      console.log(
        `crash test: ${kills} SIGKILLs (${killedMidCall} with a call in progress), ${hashes.size} cases, ` +
          `final ${JSON.stringify(outcome)}, ${provider.ledger.length} requests, ` +
          `${approveEffects} approvals, ${reconciles} status queries; ${done}`,
      );
      expect(kills).toBe(KILLS);
      expect(approveEffects).toBe(provider.approvals.size);
    },
  );
});
