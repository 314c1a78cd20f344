// Issue 12, sealed image files beside the database: a real SIGKILL at every instant of a file's
// life (image-files.ts ImageFileInstant: written, synced, dir_synced, committed) during a capture,
// a retake and a retention purge (tests/helpers/image-files-kill-child.ts kills itself there). After
// the kiosk opens the data folder again: nothing acknowledged is lost, every image a row names opens
// and matches its SHA-256, what was not committed is not there, and no file is left that no row names
// once the background check has run (its orphan sweep: not on the start path, brief g12e), nor is a
// row left whose file is missing.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE_FILE_INSTANTS, IMAGES_DIR, type ImageFileInstant } from '../../src/main/store/image-files';
import { runBackgroundCheck } from '../helpers/background-check';
import { exited, lineFrom, spawnTs } from '../helpers/child-process';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const CHILD = join(__dirname, '..', 'helpers', 'image-files-kill-child.ts');
const flows = registry(recordingFlow('http://127.0.0.1:9'));

type Op = 'capture' | 'retake' | 'purge';
/** A purge writes no file: only the instant between its commit and the unlinks exists for it. */
const CASES: [Op, ImageFileInstant][] = [
  ...IMAGE_FILE_INSTANTS.map((instant): [Op, ImageFileInstant] => ['capture', instant]),
  ...IMAGE_FILE_INSTANTS.map((instant): [Op, ImageFileInstant] => ['retake', instant]),
  ['purge', 'committed'],
];

async function killAt(dir: string, op: Op, instant: ImageFileInstant): Promise<string> {
  const child = spawnTs(CHILD, { KIOSK_TEST_DATA: dir, KIOSK_TEST_OP: op, KIOSK_TEST_INSTANT: instant });
  const ready = await lineFrom(child, 'ready');
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await exited(child);
  expect(output, `the ${op} went past ${instant} without being killed`).not.toMatch(/^done/m);
  expect(child.signalCode).toBe('SIGKILL');
  return ready.slice('ready '.length).trim();
}

describe('a SIGKILL at every instant of a sealed image file', () => {
  it.each(CASES)('%s killed at %s: nothing lost, no orphan file after the restart', async (op, instant) => {
    const dir = tempDir();
    const caseId = await killAt(dir, op, instant);
    const { queue } = openQueue(dir, flows);
    expect(queue.serviceNeeded).toBeUndefined();
    const store = queue.store!;
    const committed = instant === 'committed';
    // The orphan sweep runs with the background check after start-up: wait for it, not for a delay.
    expect((await runBackgroundCheck(queue))?.outcome).toBe('ok');

    // Every file on disk is named by a row, and every row's file is on disk with its size.
    const named = store.db
      .prepare('SELECT file FROM images WHERE file IS NOT NULL')
      .pluck()
      .all() as string[];
    const onDisk = readdirSync(join(dir, IMAGES_DIR)).map((name) => name.replace(/\.sealed$/, ''));
    expect(onDisk.sort()).toEqual([...named].sort());
    expect(store.images.fileReport()).toMatchObject({ missing: 0, unnamed: 0 });

    // Every image a row names opens, and is the image its SHA-256 says.
    const cases = store.db.prepare('SELECT id FROM cases').pluck().all() as string[];
    for (const id of cases) {
      for (const meta of store.images.list(id).filter((image) => !image.purged)) {
        const bytes = queue.cases.image(id, meta.role)!.bytes;
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(meta.sha256);
      }
    }

    if (op === 'capture') {
      // Not acknowledged before the commit: the operator still has it on screen and captures again.
      expect(cases).toHaveLength(committed ? 1 : 0);
      if (committed)
        expect(store.images.list(cases[0]!).map((image) => image.role)).toEqual(['back', 'front']);
    } else if (op === 'retake') {
      expect(cases).toEqual([caseId]);
      // The old front until the retake's commit, the new one after.
      expect(queue.cases.image(caseId, 'front')!.bytes.byteLength).toBe(committed ? 280_000 : 300_000);
      expect(named).toHaveLength(2);
    } else {
      expect(store.images.list(caseId).every((image) => image.purged)).toBe(true);
      expect(named).toHaveLength(0);
    }
    await queue.close();
  });
});
