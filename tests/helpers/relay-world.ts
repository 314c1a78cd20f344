/**
 * The setting of the tests that run provider flows through the real relay against the loopback
 * simulators (flows-through-relay*, lumin-kill-instants, lumin-update-serial): temporary data
 * folders, specimen images, the simulators' world, and the queues opened on it, each closed after
 * its test (queues first, then the worlds they talk to). One place instead of one copy per file.
 *
 * `useRelayWorld()` registers the file's hooks; call it once at the top level of a test file.
 * - `shared: true` (default): one world for the whole file (started before all, closed after all),
 *   `world` is it; its simulators' ledgers and state accumulate across the file's tests.
 * - `shared: false`: no file world; `ownWorld()` starts one per test (own simulators, own ledger).
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { FlowRegistry } from '../../src/main/sync/flow-types';
import type { QueueSettings } from '../../src/main/sync/queue-service';
import type { QueueService } from '../../src/main/sync/queue-service';
import { openFlowQueue, type Specimens, specimens, startWorld, type World } from './relay-flows';
import { useTempDirs } from './temp-dir';

export interface OpenOptions {
  /** Data folder (default: a new temporary one). */
  dir?: string;
  /** Start the relay at once (default true). */
  start?: boolean;
  /** The injected clock (ms since the epoch). */
  now?: () => number;
  /** Relay settings over the flows' defaults (RELAY_FOR_FLOWS). */
  relay?: QueueSettings['relay'];
  /** Flows other than the world's (a world of the test's own). */
  flows?: FlowRegistry;
}

export interface RelayWorld {
  /** The file's world (shared mode only; throws before it started or in per-test mode). */
  readonly world: World;
  /** A new temporary folder, removed after the test. */
  tempDir: () => string;
  /** Specimen images, rendered once per key for the file. */
  images: Specimens;
  /** A queue on the flows of the file's world (or `flows`), closed after the test. */
  open: (options?: OpenOptions) => QueueService;
  /** A world of the test's own (own simulators and ledgers), closed after the test. */
  ownWorld: () => Promise<World>;
}

/** Registers the hooks and returns the file's relay world (see the module comment). */
export function useRelayWorld(options: { shared?: boolean } = {}): RelayWorld {
  const shared = options.shared ?? true;
  const tempDir = useTempDirs();
  const images = specimens();
  const queues: QueueService[] = [];
  const worlds: World[] = [];
  let fileWorld: World | undefined;

  if (shared) {
    beforeAll(async () => {
      fileWorld = await startWorld();
    });
    afterAll(() => fileWorld?.close());
  }
  afterEach(async () => {
    // Queues before worlds: a draining relay may still be talking to the simulators.
    for (const queue of queues.splice(0)) await queue.close(2_000);
    for (const world of worlds.splice(0)) await world.close();
  });

  const relayWorld: RelayWorld = {
    get world(): World {
      if (!fileWorld) throw new Error('useRelayWorld: no file world (per-test mode, or before beforeAll)');
      return fileWorld;
    },
    tempDir,
    images,
    open: (open = {}) => {
      const flows = open.flows ?? relayWorld.world.flows;
      const { queue } = openFlowQueue(open.dir ?? tempDir(), flows, open.relay ?? {}, open.now);
      queues.push(queue);
      if (open.start ?? true) queue.start();
      return queue;
    },
    ownWorld: async () => {
      const world = await startWorld();
      worlds.push(world);
      return world;
    },
  };
  return relayWorld;
}
