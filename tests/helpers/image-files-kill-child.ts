/**
 * A kiosk process for the image files' kill test (tests/integration/image-files-kill.test.ts):
 * opens the queue in KIOSK_TEST_DATA, prepares what the operation needs (unarmed), prints
 * `ready <case id>`, then runs KIOSK_TEST_OP (capture | retake | purge) with the store's "crash
 * here" hook armed: at KIOSK_TEST_INSTANT (image-files.ts ImageFileInstant) the process SIGKILLs
 * itself, a real kill with whatever is in the page cache and on disk at that instant. Prints `done`
 * if the instant never came. KIOSK_TEST_POOL=<n>: a pool of n preallocated files, filled before
 * the operation so that it claims pooled files (and the op `fill` fills an empty pool). The op
 * `reopen` only opens the folder, armed from the start: a kill inside the replay of a journalled
 * capture (image-journal.ts).
 */
import type { ImageFileInstant } from '../../src/main/store/image-files';
import { recordingFlow } from './recording-flow';
import { openQueue, registry } from './queue';
import { fakeImage, specimenCapture } from './specimen';

const dataDir = process.env.KIOSK_TEST_DATA ?? '';
const op = process.env.KIOSK_TEST_OP ?? 'capture';
const at = (process.env.KIOSK_TEST_INSTANT ?? '') as ImageFileInstant;
const poolFiles = Number(process.env.KIOSK_TEST_POOL ?? '0');
let armed = false;

// `reopen`: the kill comes while the queue opens (the replay of a journalled capture).
if (op === 'reopen') armed = true;
const { queue } = openQueue(dataDir, registry(recordingFlow('http://127.0.0.1:9')), {
  imageFiles: {
    poolFiles,
    // The fills are run below, each where the test wants it.
    manualFill: true,
    instant: (instant) => {
      if (armed && instant === at) process.kill(process.pid, 'SIGKILL');
    },
  },
});

async function main(): Promise<void> {
  const files = queue.store!.images.files;
  let id = '';
  if (op === 'reopen') {
    process.stdout.write('ready \n');
    process.stdout.write('done \n');
    await queue.close();
    return;
  }
  if (op !== 'fill') await files.fillPool();
  if (op !== 'capture' && op !== 'fill') {
    id = (await queue.cases.capture(specimenCapture(300_000))).id;
    if (op === 'purge') {
      // A completed case (how it got there does not matter to the purge): its images go.
      queue.store!.db.prepare("UPDATE cases SET state = 'completed', completed_at = 1 WHERE id = ?").run(id);
    }
  }
  // The pool full again for a capture or a retake (they claim pooled files); not for a purge, whose
  // files then have room to go back to the pool (zeroed) rather than be removed.
  if (op === 'capture' || op === 'retake') await files.fillPool();
  process.stdout.write(`ready ${id}\n`);
  armed = true;
  if (op === 'capture') id = (await queue.cases.capture(specimenCapture(300_000))).id;
  else if (op === 'retake') queue.cases.addCapture(id, fakeImage('front', 280_000));
  else if (op === 'purge') queue.cases.purgeCompleted(0);
  // Returning what the op freed to the pool (zeroed), or filling an empty pool (op `fill`).
  await files.fillPool();
  process.stdout.write(`done ${id}\n`);
  await queue.close();
}

void main();
