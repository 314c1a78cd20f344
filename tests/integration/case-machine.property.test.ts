// The case machine against a model, property-based (fast-check): random interleavings of
// captures, the passing of time, provider faults, abrupt stops and restarts, cancels, retakes and
// a person's answers, run by the REAL case service and relay on a real SQLite file against the
// loopback recording provider, with the injected clock. After each run, a calm period (no faults,
// a person answering truthfully) lets every case settle, and then:
// - nothing is lost: every case is there with the images the kiosk last accepted, and a completed
//   case's provider holds exactly those images;
// - no non-idempotent call is repeated: at most one approval per case at the provider;
// - every case ends in exactly one final state, and a final state never changes.
// fast-check prints the seed and the shrunk interleaving of a failing run.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/ipc/errors';
import type { QueueService } from '../../src/main/sync/queue-service';
import { manualClock } from '../helpers/clock';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider, type Fault } from '../helpers/recording-provider';
import { openQueue, registry } from '../helpers/queue';
import { fakeImage, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let provider: RecordingProvider;
beforeAll(async () => {
  provider = await new RecordingProvider().start();
});
afterAll(() => provider.close());

const FAULTS: Fault[] = [
  'reset_before',
  'status_500',
  'status_503',
  'status_429',
  'reset_after',
  'truncated_after',
];
const FINAL = new Set(['completed', 'cancelled', 'expired']);

type Action =
  | { kind: 'capture' }
  | { kind: 'time'; ms: number }
  | { kind: 'faults'; rate: number }
  | { kind: 'stop' }
  | { kind: 'cancel'; pick: number }
  | { kind: 'retake'; pick: number; role: 'front' | 'back' }
  | { kind: 'person'; pick: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant<Action>({ kind: 'capture' }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 5_000 }).map<Action>((ms) => ({ kind: 'time', ms })), weight: 4 },
  { arbitrary: fc.constantFrom(0, 0.3, 1).map<Action>((rate) => ({ kind: 'faults', rate })), weight: 2 },
  { arbitrary: fc.constant<Action>({ kind: 'stop' }), weight: 1 },
  { arbitrary: fc.nat(20).map<Action>((pick) => ({ kind: 'cancel', pick })), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.nat(20), fc.constantFrom<'front' | 'back'>('front', 'back'))
      .map<Action>(([pick, role]) => ({ kind: 'retake', pick, role })),
    weight: 1,
  },
  { arbitrary: fc.nat(20).map<Action>((pick) => ({ kind: 'person', pick })), weight: 2 },
);

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The person at the kiosk, truthful: asks the provider (here: its ledger) when the kiosk cannot. */
function answer(queue: QueueService, id: string): void {
  const detail = queue.cases.get(id);
  if (detail.state !== 'needs_attention') return;
  if (detail.attentionReason === 'uncertain_after_crash') {
    const arrived = (provider.approvals.get(id) ?? 0) > 0;
    queue.cases.retry(id, arrived ? 'confirmedDone' : 'resend');
  } else {
    queue.cases.retry(id);
  }
}

describe('the case machine against its model', () => {
  it('loses nothing, repeats no approval, ends every case in exactly one final state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 14 }), async (actions) => {
        const dir = tempDir();
        const clock = manualClock();
        const flow = recordingFlow(provider.url);
        flow.steps[1]!.sends = ['front'];
        flow.steps[2]!.sends = ['back'];
        const flows = registry(flow);
        const open = (): QueueService => {
          const { queue } = openQueue(dir, flows, {
            now: clock.now,
            settings: { relay: { retryCeiling: 4, stepTimeoutMs: 1_000, leaseMs: 1_500 } },
          });
          queue.start();
          return queue;
        };
        provider.options = { faults: FAULTS, faultRate: 0 };
        const model = new Map<string, { front: string; back: string; final?: string }>();
        const ids = (): string[] => [...model.keys()];
        const observeFinals = (queue: QueueService): void => {
          for (const [id, entry] of model) {
            const state = queue.cases.get(id).state;
            if (entry.final !== undefined) expect(state, `${id} left its final state`).toBe(entry.final);
            else if (FINAL.has(state)) entry.final = state;
          }
        };
        let queue = open();
        try {
          for (const step of actions) {
            const id = ids()[('pick' in step ? step.pick : 0) % Math.max(1, model.size)];
            switch (step.kind) {
              case 'capture': {
                const capture = specimenCapture(2_000);
                const { id: created } = await queue.cases.capture(capture);
                model.set(created, {
                  front: sha(capture.images[0]!.bytes),
                  back: sha(capture.images[1]!.bytes),
                });
                break;
              }
              case 'time':
                clock.advance(step.ms);
                break;
              case 'faults':
                provider.options.faultRate = step.rate;
                break;
              case 'stop':
                await queue.close(0);
                queue = open();
                break;
              case 'cancel':
                if (id && queue.cases.get(id).state !== 'completed') queue.cases.cancel(id);
                break;
              case 'retake':
                if (id) {
                  const image = fakeImage(step.role, 2_000);
                  try {
                    queue.cases.addCapture(id, image);
                    model.get(id)![step.role] = sha(image.bytes);
                  } catch (error) {
                    // Refused is fine (already sent, final case): the model keeps the old image.
                    if (!(error instanceof AppError)) throw error;
                  }
                }
                break;
              case 'person':
                if (id) answer(queue, id);
                break;
            }
            await queue.relay!.idle();
            observeFinals(queue);
          }
          // Calm: no faults, time passes, a person answers whatever waits, until nothing is open.
          provider.options.faultRate = 0;
          for (let round = 0; round < 40; round++) {
            clock.advance(60_000);
            for (const id of ids()) answer(queue, id);
            await queue.relay!.idle();
            observeFinals(queue);
            if (ids().every((id) => FINAL.has(queue.cases.get(id).state))) break;
          }
          for (const [id, entry] of model) {
            const detail = queue.cases.get(id);
            expect(['completed', 'cancelled'], `${id}: ${detail.state} ${detail.attentionReason}`).toContain(
              detail.state,
            );
            const approvals = provider.approvals.get(id) ?? 0;
            expect(approvals, `approvals of ${id}`).toBeLessThanOrEqual(1);
            expect(sha(queue.cases.image(id, 'front')!.bytes)).toBe(entry.front);
            expect(sha(queue.cases.image(id, 'back')!.bytes)).toBe(entry.back);
            if (detail.state === 'completed') {
              expect(approvals).toBe(1);
              expect(provider.uploads.get(`${id}/front`)).toBe(entry.front);
              expect(provider.uploads.get(`${id}/back`)).toBe(entry.back);
            }
          }
        } finally {
          await queue.close(0);
        }
      }),
      { numRuns: Number(process.env.KIOSK_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  }, 300_000);
});
