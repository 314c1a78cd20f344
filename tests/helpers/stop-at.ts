// A first kiosk process stopped at an instant of one non-idempotent step (issue 12, relay 7): the
// step's run is wrapped so the process is closed (the relay's abort on quit, what a SIGKILL leaves
// once the lease is taken back) at the chosen instant. Used by the Lumin kill-instant tests.
import type { CaptureInput } from '../../src/main/sync/case-service';
import type { StepContext, StepOutcome } from '../../src/main/sync/flow-types';
import type { QueueService } from '../../src/main/sync/queue-service';
import type { FlowId } from '../../src/shared/domain/flows';
import { answerAsPerson, describe as describeCase, openFlowQueue, type World } from './relay-flows';

/** The instants of a non-idempotent step at which the process stops. */
export const INSTANTS = [
  'in flight, not sent',
  'applied by the provider, answer lost',
  'answer stored',
] as const;
export type Instant = (typeof INSTANTS)[number];

export function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** Plays the person (reviews) until `reached` settles; a case stopping for anything else fails. */
export async function personUntil(
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
export async function stopAt(
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
