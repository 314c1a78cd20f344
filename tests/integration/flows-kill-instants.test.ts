// Issue 12, relay defect 7: a step whose answer later steps need (StepDefinition.answerNeeded) is
// never done without that answer. For every flow that has such a step, the process stops at each
// instant of that step — marked in flight but not sent; sent and applied by the provider but its
// answer lost — and a new relay on the same data folder must finish the case without a person and
// without a second finalize. Here the stop is the relay's own abort on quit (its state is what a
// SIGKILL leaves, once the lease is taken back); bench/kill-loop.ts does the same with SIGKILL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepContext, StepOutcome } from '../../src/main/sync/flow-types';
import type { CaptureInput } from '../../src/main/sync/case-service';
import type { FlowId } from '../../src/shared/domain/flows';
import {
  capture,
  describe as describeCase,
  driveCase,
  openFlowQueue,
  specimens,
  startWorld,
  type World,
  reviewJumioPreparedData,
} from '../helpers/relay-flows';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const images = specimens();
let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

/**
 * What a case of each flow is captured with, and what staff do at the kiosk before the relay sends
 * anything (Jumio: the prepared-data review). Test data; flows without such a step need none.
 */
const INPUTS: Partial<
  Record<FlowId, { input: () => Promise<CaptureInput>; atKiosk?: typeof reviewJumioPreparedData }>
> = {
  'jumio.credentials': {
    input: async () => {
      const card = await images.card('karim');
      return capture('jumio.credentials', [card.front, card.back, await images.selfie()]);
    },
    atKiosk: reviewJumioPreparedData,
  },
};

const INSTANTS = ['in flight, not sent', 'applied by the provider, answer lost'] as const;

function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

describe('a stop at every instant of a step whose answer later steps need', () => {
  it('such steps exist and every flow with one has test data here', () => {
    const flows = [...world.flows.values()].filter((flow) => flow.steps.some((step) => step.answerNeeded));
    expect(flows.length).toBeGreaterThan(0);
    for (const flow of flows) expect(INPUTS[flow.id], flow.id).toBeDefined();
  });

  for (const [flowId, { input, atKiosk }] of Object.entries(INPUTS)) {
    for (const instant of INSTANTS) {
      it(`${flowId}: stopped ${instant}, each such step: completes without a person`, async () => {
        const flow = world.flows.get(flowId as FlowId)!;
        for (const def of flow.steps.filter((step) => step.answerNeeded)) {
          const dir = tempDir();
          const original = def.run!.bind(def);
          let reached!: () => void;
          const atInstant = new Promise<void>((resolve) => (reached = resolve));
          def.run = async (context: StepContext): Promise<StepOutcome> => {
            if (instant !== 'in flight, not sent') await original(context);
            reached();
            return await hangUntilAborted(context.signal);
          };
          const first = openFlowQueue(dir, world.flows).queue;
          let id: string;
          try {
            id = (await first.cases.capture(await input())).id;
            first.start();
            await atKiosk?.(first, id);
            await atInstant;
          } finally {
            await first.close(50);
            def.run = original;
          }
          const stopped = first.store;
          expect(stopped).toBeDefined();
          const second = openFlowQueue(dir, world.flows).queue;
          try {
            expect(second.cases.get(id).steps.find((s) => s.key === def.key)?.state).toBe('in_flight');
            second.start();
            const driven = await driveCase(second, world.flows, id);
            expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
            const history = driven.detail.history.map((h) => h.type);
            expect(history).toContain('repeated_after_interruption');
            expect(history).not.toContain('operator:confirmedDone');
            expect(driven.detail.steps.every((s) => s.lastError?.code !== 'no_transaction')).toBe(true);
            expect(second.cases.reviewData(id).answers[def.key]).toBeDefined();
          } finally {
            await second.close(2_000);
          }
        }
      });
    }
  }
});
