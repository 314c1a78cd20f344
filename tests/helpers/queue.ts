/** A real QueueService (real SQLite file, real relay) in a temporary folder, with its events recorded. */
import type { CaseSummary, QueueTotals, RelayStatus } from '../../src/shared/ipc/queue';
import { createLogger, memorySink } from '../../src/main/logging/logger';
import type { FlowRegistry, FlowDefinition } from '../../src/main/sync/flow-types';
import {
  QueueService,
  type QueueServiceOptions,
  type QueueSettings,
} from '../../src/main/sync/queue-service';

export interface RecordedEvents {
  cases: CaseSummary[];
  totals: QueueTotals[];
  status: RelayStatus[];
}

/** Relay settings for tests: short timeouts and back-off by configuration, same algorithm. */
export const FAST_RELAY: QueueSettings['relay'] = {
  concurrency: 4,
  stepTimeoutMs: 1_000,
  leaseMs: 1_500,
  backoff: { baseMs: 20, capMs: 300 },
  startJitterMs: 0,
  idlePollMs: 100,
  sessionRefreshMarginMs: 100,
};

export function registry(...flows: FlowDefinition[]): FlowRegistry {
  return new Map(flows.map((flow) => [flow.id, flow]));
}

export function openQueue(
  dataDir: string,
  flows: FlowRegistry,
  options: Partial<Omit<QueueServiceOptions, 'dataDir' | 'flows' | 'events' | 'log'>> = {},
): { queue: QueueService; events: RecordedEvents; logLines: string[] } {
  const sink = memorySink();
  const events: RecordedEvents = { cases: [], totals: [], status: [] };
  const queue = new QueueService({
    dataDir,
    flows,
    log: createLogger(sink, 'debug'),
    events: {
      caseChanged: (summary) => events.cases.push(summary),
      totalsChanged: (totals) => events.totals.push(totals),
      statusChanged: (status) => events.status.push(status),
    },
    autoStart: false,
    ...options,
    settings: {
      ...options.settings,
      relay: { ...FAST_RELAY, ...options.settings?.relay },
      connectivity: { probeTimeoutMs: 500, reprobeBaseMs: 50, reprobeCapMs: 200 },
    },
  });
  return { queue, events, logLines: sink.lines };
}

/** Resolves when `check` holds, polling; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
