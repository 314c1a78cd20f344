/**
 * A kiosk process for the five-flow kill loop (tests/integration/flows-kill-loop.test.ts): the real
 * QueueService on the SQLite file in KIOSK_TEST_DATA, the flow registry built from the training
 * simulators' configuration in KIOSK_TEST_PROVIDERS (JSON; the simulators run in the test process,
 * on loopback), and the person at the kiosk, who answers reviews with the OCR values and types the
 * customer's password again when a restart lost it (secrets are memory only).
 *
 * Mode 'run' works until it is killed. Mode 'finish' works until every case is final or waits for
 * a person this helper has no answer for, then closes cleanly and prints
 * `done {"byState":…,"waiting":{caseId:reason}}`. Prints "ready" once the relay runs.
 */
import { createLogger, memorySink } from '../../src/main/logging/logger';
import { createFlowRegistry } from '../../src/main/providers/registry';
import type { ProvidersConfig } from '../../src/main/providers/config';
import { QueueService } from '../../src/main/sync/queue-service';
import { answerAsPerson, PASSWORD, RELAY_FOR_FLOWS } from './kiosk-person';

const dataDir = process.env.KIOSK_TEST_DATA ?? '';
const config = JSON.parse(process.env.KIOSK_TEST_PROVIDERS ?? '{}') as ProvidersConfig;
const mode = process.env.KIOSK_TEST_MODE ?? 'run';

if (!dataDir) {
  // Never fall back to the working directory: a data folder there would outlive the test.
  process.stderr.write('KIOSK_TEST_DATA is not set\n');
  process.exit(2);
}
const log = createLogger(memorySink(), 'error');
const flows = createFlowRegistry(config, { log });
// Says when a non-idempotent call starts ("call <flow> <step>"), so the test can aim some kills at
// the instants around one (before it leaves, while the provider applies it, after its answer is
// stored). The call itself is unchanged.
for (const flow of flows.values()) {
  for (const def of flow.steps) {
    const run = def.run?.bind(def);
    if (def.kind !== 'remote' || def.idempotent || !run) continue;
    def.run = (context) => {
      process.stdout.write(`call ${flow.id} ${def.key}\n`);
      return run(context);
    };
  }
}
const queue = new QueueService({
  dataDir,
  flows,
  log,
  events: { caseChanged: () => undefined, totalsChanged: () => undefined, statusChanged: () => undefined },
  autoStart: false,
  settings: {
    relay: { ...RELAY_FOR_FLOWS, concurrency: 4, startJitterMs: 0, idlePollMs: 50, serialWaitMs: 250 },
    // The simulators share the test's one process with other lanes: give a probe time to be answered.
    connectivity: { probeTimeoutMs: 5_000, reprobeBaseMs: 50, reprobeCapMs: 500 },
  },
});
if (queue.serviceNeeded) {
  process.stdout.write(`service_needed ${queue.serviceNeeded.message}\n`);
  process.exit(3);
}
queue.start();
process.stdout.write(`ready ${Math.round(process.uptime() * 1000)} ms\n`);

const FINAL = new Set(['completed', 'cancelled', 'expired']);
/** Cases the person has no answer for, by id: the reason they wait. */
const unanswered = new Map<string, string>();
let quietSince = Date.now();
let lastReport = Date.now();

function actAsPerson(): void {
  for (const summary of queue.cases.inbox(undefined, 500).cases) {
    const detail = queue.cases.get(summary.id);
    if (detail.state !== 'needs_attention') continue;
    if (detail.attentionReason === 'secret_required') {
      queue.cases.holdSecret(detail.id, 'password', PASSWORD);
      continue;
    }
    if (answerAsPerson(queue, flows, detail)) continue;
    unanswered.set(detail.id, detail.attentionReason ?? 'none');
  }
}

const timer = setInterval(() => {
  actAsPerson();
  if (mode !== 'finish') return;
  const { cases } = queue.cases.list({ limit: 500 });
  const open = cases.filter((c) => !FINAL.has(c.state) && !unanswered.has(c.id));
  if (open.length > 0) quietSince = Date.now();
  // Every 10 s, what is still open (stderr: shown when the test gives up waiting for "done").
  if (Date.now() - lastReport > 10_000) {
    lastReport = Date.now();
    for (const c of open) {
      const d = queue.cases.get(c.id);
      const steps = d.steps.map((s) => `${s.key}:${s.state}:${s.attempts}:${s.lastError?.code ?? ''}`);
      process.stderr.write(`open ${d.flow} ${d.state} ${d.attentionReason ?? ''} ${steps.join(' ')}\n`);
    }
  }
  // Settled for a moment: nothing left that the relay or the person can move.
  if (open.length === 0 && Date.now() - quietSince > 300) {
    clearInterval(timer);
    const byState = queue.cases.totals().byState;
    void queue.close(2_000).then(() => {
      process.stdout.write(`done ${JSON.stringify({ byState, waiting: Object.fromEntries(unanswered) })}\n`);
      process.exit(0);
    });
  }
}, 25);
