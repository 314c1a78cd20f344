// Issue 12, relay defect 7 and "must show", for Lumin: no case "in doubt" after a stop during an
// approval. Lumin's approvals are not idempotent and Lumin has no query for them, so until now a
// stop during one sent the case to a person (uncertain_after_crash), and a stop during a LAST
// approval whose session then expired was replayed blindly in a new session (a second onboarding or
// update). For each Lumin flow and each of its non-idempotent steps, the kiosk stops at each
// instant of the step — marked in flight but not sent; applied by the provider, answer lost; answer
// stored — with the session still valid afterwards or expired meanwhile (the new process's injected
// clock two days on). A new relay on the same data folder must complete the case without a person,
// and the provider's ledger must hold the flow's lasting effect exactly once.
//
// The stop is the relay's own abort on quit (what a SIGKILL leaves, once the lease is taken back);
// flows-kill-loop.test.ts does the same with real SIGKILLs. Real relay, real SQLite file, the Lumin
// simulator on loopback; each run has simulators of its own, so the ledger holds its calls only.
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptureInput } from '../../src/main/sync/case-service';
import type { StepContext, StepOutcome } from '../../src/main/sync/flow-types';
import type { QueueService } from '../../src/main/sync/queue-service';
import type { FlowId } from '../../src/shared/domain/flows';
import {
  answerAsPerson,
  capture,
  describe as describeCase,
  driveCase,
  HODA,
  openFlowQueue,
  PASSWORD,
  specimens,
  startWorld,
  type World,
} from '../helpers/relay-flows';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const images = specimens();
const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

/** Each Lumin flow: how a case is captured, and its lasting effect in the simulator's ledger. */
/**
 * `dateQuery`: the last approval's status query compares GetCurrentRequestSteps' lastUpdatedDate,
 * which any update of the same customer moves: when it moved, the kiosk cannot tell whose update it
 * was and asks a person (status-queries.ts updateApplied).
 */
const FLOWS: { flow: FlowId; effect: string; dateQuery?: true; input: () => Promise<CaptureInput> }[] = [
  {
    flow: 'lumin.kyc-national-id',
    effect: 'customer_onboarded',
    input: async () => {
      const card = await images.card('amira');
      return capture('lumin.kyc-national-id', [card.front, card.back]);
    },
  },
  {
    flow: 'lumin.update-national-id',
    effect: 'national_id_updated',
    dateQuery: true,
    input: async () => {
      const card = await images.card('hoda');
      return capture(
        'lumin.update-national-id',
        [card.front, card.back],
        { ...HODA },
        { password: PASSWORD },
      );
    },
  },
  {
    flow: 'lumin.update-passport',
    effect: 'passport_updated',
    dateQuery: true,
    input: async () =>
      capture('lumin.update-passport', [await images.passport('hoda')], { ...HODA }, { password: PASSWORD }),
  },
];

const INSTANTS = ['in flight, not sent', 'applied by the provider, answer lost', 'answer stored'] as const;
type Instant = (typeof INSTANTS)[number];
const SESSIONS = ['session still valid', 'session expired meanwhile'] as const;
/** The second process's clock offset when the session expired meanwhile (ms): two days. */
const LATER_MS = 2 * 24 * 3_600_000;

function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** Plays the person (reviews) until `reached` settles; a case stopping for anything else fails. */
async function personUntil(
  queue: QueueService,
  world: World,
  id: string,
  reached: Promise<void>,
): Promise<void> {
  let done = false;
  void reached.then(() => (done = true));
  while (!done) {
    const detail = queue.cases.get(id);
    if (detail.state === 'needs_attention' && !answerAsPerson(queue, world.flows, detail)) {
      throw new Error(`stopped before the instant: ${describeCase(detail)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs the case in a first process until `instant` of step `key`, then stops it; returns the case id. */
async function stopAt(
  world: World,
  dir: string,
  flowId: FlowId,
  input: CaptureInput,
  key: string,
  instant: Instant,
): Promise<string> {
  const def = world.flows.get(flowId)!.steps.find((step) => step.key === key)!;
  const original = def.run!.bind(def);
  let reached!: () => void;
  const atInstant = new Promise<void>((resolve) => (reached = resolve));
  def.run = async (context: StepContext): Promise<StepOutcome> => {
    if (instant === 'in flight, not sent') {
      reached();
      return await hangUntilAborted(context.signal);
    }
    const outcome = await original(context);
    reached();
    return instant === 'answer stored' ? outcome : await hangUntilAborted(context.signal);
  };
  const first = openFlowQueue(dir, world.flows).queue;
  try {
    const { id } = await first.cases.capture(input);
    first.start();
    await personUntil(first, world, id, atInstant);
    if (instant === 'answer stored') {
      // Stopped once the answer is committed (whatever the worker started next is cut off).
      await personUntil(
        first,
        world,
        id,
        (async () => {
          while (first.cases.get(id).steps.find((s) => s.key === key)?.state !== 'done') {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        })(),
      );
    }
    return id;
  } finally {
    await first.close(50);
    def.run = original;
  }
}

describe('Lumin: a stop at every instant of every approval, then the case completes by itself (or, for an update that took effect, a person is asked)', () => {
  for (const { flow: flowId, effect, dateQuery, input } of FLOWS) {
    for (const instant of INSTANTS) {
      for (const sessionState of SESSIONS) {
        it(
          `${flowId}: stopped ${instant}, ${sessionState}: ${dateQuery && instant === 'applied by the provider, answer lost' ? 'the last approval asks a person' : 'completed, nobody asked'}; ${effect} once`,
          { timeout: 120_000 },
          async () => {
            const probe = await startWorld();
            worlds.push(probe);
            const keys = probe.flows
              .get(flowId)!
              .steps.filter((step) => step.kind === 'remote' && !step.idempotent)
              .map((step) => step.key);
            expect(keys.length, 'non-idempotent steps').toBeGreaterThan(0);
            for (const key of keys) {
              // Fresh simulators per step: the ledger holds this run's calls only, and Lumin
              // onboards each person once.
              const world = key === keys[0] ? probe : await startWorld();
              if (world !== probe) worlds.push(world);
              const def = world.flows.get(flowId)!.steps.find((step) => step.key === key)!;
              const dir = tempDir();
              const id = await stopAt(world, dir, flowId, await input(), key, instant);

              const later = sessionState === 'session expired meanwhile';
              const second = openFlowQueue(
                dir,
                world.flows,
                {},
                later ? () => Date.now() + LATER_MS : undefined,
              ).queue;
              try {
                const interrupted = second.cases.get(id).steps.find((s) => s.key === key)?.state;
                expect(interrupted, key).toBe(instant === 'answer stored' ? 'done' : 'in_flight');
                // Secrets are memory only: the customer types the password again after the restart.
                if (world.flows.get(flowId)!.needsSecret) second.cases.holdSecret(id, 'password', PASSWORD);
                second.start();
                const driven = await driveCase(second, world.flows, id);
                const detail = driven.detail;
                // The update took effect and its date moved: whose update it was is not known.
                const askPerson =
                  dateQuery === true &&
                  def.reconcile !== undefined &&
                  instant === 'applied by the provider, answer lost';
                if (askPerson) {
                  expect(detail.state, `${key}: ${describeCase(detail)}`).toBe('needs_attention');
                  expect(detail.attentionReason, key).toBe('uncertain_after_crash');
                  expect(world.training.simulators.lumin.ledger.count(effect), `${key}: ${effect}`).toBe(1);
                  continue;
                }
                expect(detail.state, `${key}: ${describeCase(detail)}`).toBe('completed');
                const history = detail.history.map((h) => `${h.type}${h.stepKey ? `@${h.stepKey}` : ''}`);
                expect(
                  history.filter((h) => h.startsWith('operator:')),
                  key,
                ).toEqual([]);
                expect(world.training.simulators.lumin.ledger.count(effect), `${key}: ${effect}`).toBe(1);
                if (instant !== 'answer stored') {
                  const expected = def.restartAfterInterruption
                    ? 'restarted_after_interruption'
                    : instant === 'in flight, not sent'
                      ? 'reconciled_not_done'
                      : 'reconciled_done';
                  expect(history, key).toContain(`${expected}@${key}`);
                }
              } finally {
                await second.close(2_000);
              }
            }
          },
        );
      }
    }
  }
});
