/**
 * A relay process for the crash test: opens the queue in KIOSK_TEST_DATA and sends to the recording
 * provider at KIOSK_TEST_PROVIDER until it is killed (mode 'run'), or until no case is left to send
 * (mode 'finish', then it closes cleanly and prints the totals). Prints "ready" once the relay runs.
 */
import { recordingFlow } from './recording-flow';
import { openQueue, registry } from './queue';

const dataDir = process.env.KIOSK_TEST_DATA ?? '';
const providerUrl = process.env.KIOSK_TEST_PROVIDER ?? '';
const mode = process.env.KIOSK_TEST_MODE ?? 'run';

const { queue } = openQueue(dataDir, registry(recordingFlow(providerUrl)), {
  settings: {
    relay: { concurrency: 4, stepTimeoutMs: 400, leaseMs: 600, backoff: { baseMs: 20, capMs: 200 } },
  },
});
if (queue.serviceNeeded) {
  process.stdout.write(`service_needed ${queue.serviceNeeded.message}\n`);
  process.exit(3);
}
queue.start();
process.stdout.write('ready\n');

if (mode === 'finish') {
  const timer = setInterval(() => {
    const totals = queue.cases.totals();
    if (totals.byState.queued + totals.byState.syncing === 0) {
      clearInterval(timer);
      void queue.close(1_000).then(() => {
        process.stdout.write(`done ${JSON.stringify(totals.byState)}\n`);
        process.exit(0);
      });
    }
  }, 50);
}
