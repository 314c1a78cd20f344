/**
 * A kiosk process for the image files' kill test (tests/integration/image-files-kill.test.ts):
 * opens the queue in KIOSK_TEST_DATA, prepares what the operation needs (unarmed), prints
 * `ready <case id>`, then runs KIOSK_TEST_OP (capture | retake | purge) with the store's "crash
 * here" hook armed: at KIOSK_TEST_INSTANT (image-files.ts ImageFileInstant) the process SIGKILLs
 * itself, a real kill with whatever is in the page cache and on disk at that instant. Prints `done`
 * if the instant never came.
 */
import type { ImageFileInstant } from '../../src/main/store/image-files';
import { recordingFlow } from './recording-flow';
import { openQueue, registry } from './queue';
import { fakeImage, specimenCapture } from './specimen';

const dataDir = process.env.KIOSK_TEST_DATA ?? '';
const op = process.env.KIOSK_TEST_OP ?? 'capture';
const at = (process.env.KIOSK_TEST_INSTANT ?? '') as ImageFileInstant;
let armed = false;

const { queue } = openQueue(dataDir, registry(recordingFlow('http://127.0.0.1:9')), {
  imageFiles: {
    instant: (instant) => {
      if (armed && instant === at) process.kill(process.pid, 'SIGKILL');
    },
  },
});

async function main(): Promise<void> {
  let id = '';
  if (op !== 'capture') {
    id = (await queue.cases.capture(specimenCapture(300_000))).id;
    if (op === 'purge') {
      // A completed case (how it got there does not matter to the purge): its images go.
      queue.store!.db.prepare("UPDATE cases SET state = 'completed', completed_at = 1 WHERE id = ?").run(id);
    }
  }
  process.stdout.write(`ready ${id}\n`);
  armed = true;
  if (op === 'capture') id = (await queue.cases.capture(specimenCapture(300_000))).id;
  else if (op === 'retake') queue.cases.addCapture(id, fakeImage('front', 280_000));
  else queue.cases.purgeCompleted(0);
  process.stdout.write(`done ${id}\n`);
  await queue.close();
}

void main();
