// The five flows through the real relay after an offline period: the provider's simulator is
// stopped (connections refused) while the capture is committed and the relay tries; the relay backs
// off (its attempts are counted) and, once the simulator is back on the same port, the case
// completes with every effect exactly once.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NewImage } from '../../src/main/store/images-repo';
import type { JsonValue } from '../../src/main/sync/flow-types';
import type { QueueService } from '../../src/main/sync/queue-service';
import type { FlowId, ProviderId } from '../../src/shared/domain/flows';
import {
  capture,
  describe as describeCase,
  driveCase,
  HODA,
  openFlowQueue,
  PASSWORD,
  settle,
  specimens,
  startWorld,
  type World,
} from '../helpers/relay-flows';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const images = specimens();
let world: World;
let queue: QueueService | undefined;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());
afterEach(async () => {
  await queue?.close(2_000);
  queue = undefined;
  // A failed test must not leave a simulator stopped for the next one.
  for (const simulator of Object.values(world.training.simulators)) await simulator.listen();
});

const OFFLINE_MS = 1_500;

interface OfflineCase {
  flow: FlowId;
  provider: ProviderId;
  images(): Promise<NewImage[]>;
  fields?(): Record<string, JsonValue>;
  secrets?: Record<string, string>;
  later?(): Promise<Partial<Record<'back', NewImage>>>;
  /** Effects that must have happened exactly once. */
  once: string[];
}

const cases: OfflineCase[] = [
  {
    flow: 'lumin.kyc-national-id',
    provider: 'lumin',
    images: async () => [(await images.card('youssef')).front],
    later: async () => ({ back: (await images.card('youssef')).back }),
    once: ['front_approved', 'back_approved', 'customer_onboarded'],
  },
  {
    flow: 'lumin.update-national-id',
    provider: 'lumin',
    images: async () => Object.values(await images.card('hoda')),
    fields: () => ({ ...HODA }),
    secrets: { password: PASSWORD },
    once: ['front_approved', 'back_approved', 'national_id_updated'],
  },
  {
    flow: 'lumin.update-passport',
    provider: 'lumin',
    images: async () => [await images.passport('hoda')],
    fields: () => ({ ...HODA }),
    secrets: { password: PASSWORD },
    once: ['passport_approved', 'passport_updated'],
  },
  {
    flow: 'argos.put-image',
    provider: 'argos',
    images: async () => Object.values(await images.card('karim')),
    fields: () => ({ submissionId: world.training.simulators.argos.createSubmission().id }),
    once: [],
  },
  {
    flow: 'jumio.credentials',
    provider: 'jumio',
    images: async () => [...Object.values(await images.card('karim')), await images.selfie()],
    once: ['account_created', 'finalized'],
  },
];

describe('the five flows through the relay after an offline period', () => {
  for (const c of cases) {
    it(`${c.flow}: captured while the provider refuses connections, backs off, completes once it is back`, async () => {
      const simulator = world.training.simulators[c.provider];
      const port = simulator.server.port;
      const ledger = simulator.ledger;
      const before = Object.fromEntries(c.once.map((effect) => [effect, ledger.count(effect)]));
      await simulator.close();

      queue = openFlowQueue(tempDir(), world.flows).queue;
      queue.start();
      const { id } = await queue.cases.capture(
        capture(c.flow, await c.images(), c.fields?.() ?? {}, c.secrets),
      );
      await sleep(OFFLINE_MS);

      // Still queued, with the network failure shown; tried a few times, not hundreds.
      const offline = queue.cases.get(id);
      expect(offline.state, describeCase(offline)).toMatch(/^(queued|syncing)$/);
      const tries = offline.history.filter((h) => h.type === 'retry_scheduled').length;
      // After the first refused connection the provider's reachability probe (a HEAD on its base
      // URL) takes over: the relay sends nothing more until the probe succeeds.
      expect(tries, 'the relay tried while offline').toBeGreaterThanOrEqual(1);
      // Back-off 50 ms doubling to 400 ms with full jitter: a hot loop would make hundreds.
      expect(tries, 'the relay backs off').toBeLessThan(40);
      expect(offline.lastError?.code).toBe('ECONNREFUSED');

      await simulator.listen(port);
      expect(simulator.server.port).toBe(port);
      const driven = await driveCase(queue, world.flows, id, c.later ? { later: await c.later() } : {});
      expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
      for (const effect of c.once) {
        expect(ledger.count(effect) - before[effect]!, effect).toBe(1);
      }
    });
  }

  it('lumin.kyc-national-id: the provider goes away while the review waits → approved once, when back', async () => {
    const { lumin } = world.training.simulators;
    const port = lumin.server.port;
    const karim = await images.card('karim');
    const before = lumin.ledger.count('front_approved');
    queue = openFlowQueue(tempDir(), world.flows).queue;
    queue.start();
    const { id } = await queue.cases.capture(capture('lumin.kyc-national-id', [karim.front]));
    const waiting = await settle(queue, id);
    expect(waiting.attentionReason, describeCase(waiting)).toBe('review_required');
    await lumin.close();
    queue.cases.recordReview(id, 'review-front', { 'review-front': { documentNumber: 'KH4471902' } });
    await sleep(800);
    const offline = queue.cases.get(id);
    expect(offline.steps.find((s) => s.key === 'approve-front')?.state, describeCase(offline)).toBe(
      'pending',
    );
    expect(offline.state).toMatch(/^(queued|syncing)$/);
    await lumin.listen(port);
    const driven = await driveCase(queue, world.flows, id, { later: { back: karim.back } });
    expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
    expect(lumin.ledger.count('front_approved') - before).toBe(1);
  });
});
