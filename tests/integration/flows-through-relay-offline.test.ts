// The five flows through the real relay after an offline period: the provider's simulator is
// stopped (connections refused) while the capture is committed and the relay tries; the relay backs
// off (its attempts are counted) and, once the simulator is back on the same port, the case
// completes with every effect exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewImage } from '../../src/main/store/images-repo';
import type { JsonValue } from '../../src/main/sync/flow-types';
import type { QueueService } from '../../src/main/sync/queue-service';
import type { FlowId, ProviderId } from '../../src/shared/domain/flows';
import {
  capture,
  describe as describeCase,
  driveCase,
  HODA,
  PASSWORD,
  settle,
  reviewJumioPreparedData,
} from '../helpers/relay-flows';
import { useRelayWorld } from '../helpers/relay-world';
import { manualClock } from '../helpers/clock';
import { waitFor } from '../helpers/queue';

const relay = useRelayWorld();
const { images } = relay;

afterEach(async () => {
  // A failed test must not leave a simulator stopped for the next one.
  for (const simulator of Object.values(relay.world.training.simulators)) await simulator.listen();
});

/** Back-off caps the relay's clock is moved through while the provider is away. */
const ROUNDS = 8;

interface OfflineCase {
  flow: FlowId;
  provider: ProviderId;
  images(): Promise<NewImage[]>;
  fields?(): Record<string, JsonValue>;
  secrets?: Record<string, string>;
  later?(): Promise<Partial<Record<'back', NewImage>>>;
  /** What staff do at the kiosk right after the captures, offline too (Jumio: its prepared data). */
  atKiosk?(queue: QueueService, caseId: string): Promise<void>;
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
    fields: () => ({ submissionId: relay.world.training.simulators.argos.createSubmission().id }),
    once: [],
  },
  {
    flow: 'jumio.credentials',
    provider: 'jumio',
    images: async () => [...Object.values(await images.card('karim')), await images.selfie()],
    atKiosk: reviewJumioPreparedData,
    once: ['account_created', 'finalized'],
  },
];

describe('the five flows through the relay after an offline period', () => {
  for (const c of cases) {
    it(`${c.flow}: captured while the provider refuses connections, backs off, completes once it is back`, async () => {
      const simulator = relay.world.training.simulators[c.provider];
      const port = simulator.server.port;
      const ledger = simulator.ledger;
      const before = Object.fromEntries(c.once.map((effect) => [effect, ledger.count(effect)]));
      await simulator.close();

      // The relay's clock stands still while the provider is away, and moves only when the test
      // says so: how often it tries is counted per back-off, not per second of a busy machine.
      const clock = manualClock();
      const queue = relay.open({ now: clock.now });
      const { id } = await queue.cases.capture(
        capture(c.flow, await c.images(), c.fields?.() ?? {}, c.secrets),
      );
      await c.atKiosk?.(queue, id);
      await waitFor(() => queue.cases.get(id).lastError !== null, 'the first refused connection');
      for (let round = 0; round < ROUNDS; round++) {
        await queue.relay!.idle();
        clock.advance(400); // the back-off cap of RELAY_FOR_FLOWS
      }
      await queue.relay!.idle();

      // Still queued, with the network failure shown; tried a few times, not hundreds.
      const offline = queue.cases.get(id);
      expect(offline.state, describeCase(offline)).toMatch(/^(queued|syncing)$/);
      const tries = offline.history.filter((h) => h.type === 'retry_scheduled').length;
      // After the first refused connection the provider's reachability probe takes over: the
      // relay sends nothing more until the probe succeeds. Without that, at most one try per
      // back-off cap; a loop without back-off never lets the relay go idle (the test times out).
      expect(tries, 'the relay tried while offline').toBeGreaterThanOrEqual(1);
      expect(tries, 'the relay backs off').toBeLessThanOrEqual(ROUNDS + 1);
      expect(offline.lastError?.code).toBe('ECONNREFUSED');

      clock.follow();
      await simulator.listen(port);
      expect(simulator.server.port).toBe(port);
      const driven = await driveCase(queue, relay.world.flows, id, c.later ? { later: await c.later() } : {});
      expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
      for (const effect of c.once) {
        expect(ledger.count(effect) - before[effect]!, effect).toBe(1);
      }
    });
  }

  it('lumin.kyc-national-id: the provider goes away while the review waits → approved once, when back', async () => {
    const { lumin } = relay.world.training.simulators;
    const port = lumin.server.port;
    const karim = await images.card('karim');
    const before = lumin.ledger.count('front_approved');
    const clock = manualClock();
    const queue = relay.open({ now: clock.now });
    const { id } = await queue.cases.capture(capture('lumin.kyc-national-id', [karim.front]));
    const waiting = await settle(queue, id);
    expect(waiting.attentionReason, describeCase(waiting)).toBe('review_required');
    await lumin.close();
    queue.cases.recordReview(id, 'review-front', { 'review-front': { documentNumber: 'KH4471902' } });
    // Two back-off caps by the relay's clock, the relay idle after each: still not approved.
    for (let round = 0; round < 2; round++) {
      await queue.relay!.idle();
      clock.advance(400);
    }
    await queue.relay!.idle();
    const offline = queue.cases.get(id);
    expect(offline.steps.find((s) => s.key === 'approve-front')?.state, describeCase(offline)).toBe(
      'pending',
    );
    expect(offline.state).toMatch(/^(queued|syncing)$/);
    clock.follow();
    await lumin.listen(port);
    const driven = await driveCase(queue, relay.world.flows, id, { later: { back: karim.back } });
    expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
    expect(lumin.ledger.count('front_approved') - before).toBe(1);
  });
});
