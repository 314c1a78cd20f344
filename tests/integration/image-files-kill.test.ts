// Issue 12, sealed image files beside the database: a real SIGKILL at every instant of a file's
// life (image-files.ts ImageFileInstant: written, synced, dir_synced, committed) during a capture,
// a retake and a retention purge (tests/helpers/image-files-kill-child.ts kills itself there). After
// the kiosk opens the data folder again: nothing acknowledged is lost, every image a row names opens
// and matches its SHA-256, what was not committed is not there, and no file is left that no row names
// once the background check has run (its orphan sweep: not on the start path, brief g12e), nor is a
// row left whose file is missing. The same with the pool of preallocated files (image-files.ts): a
// capture and a retake claiming pooled files, a purge returning them (killed after its commit and
// after the zeroing), and an empty pool's fill killed before its directory fsync: after the restart
// and the background check every file is named or pooled, and every pooled file holds only zeros
// once the pool has been filled (the purged bytes are gone).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  IMAGE_FILE_INSTANTS,
  IMAGES_DIR,
  POOL_CLAIM_INSTANTS,
  type ImageFileInstant,
} from '../../src/main/store/image-files';
import { runBackgroundCheck } from '../helpers/background-check';
import { exited, lineFrom, spawnTs } from '../helpers/child-process';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const CHILD = join(__dirname, '..', 'helpers', 'image-files-kill-child.ts');
const flows = registry(recordingFlow('http://127.0.0.1:9'));

type Op = 'capture' | 'retake' | 'purge' | 'fill';
/** Pooled files in the pool cases. */
const POOL = 4;
/** [operation, instant, pool size]. A purge writes no file: only the instants after its commit. */
const CASES: [Op, ImageFileInstant, number][] = [
  ...IMAGE_FILE_INSTANTS.map((instant): [Op, ImageFileInstant, number] => ['capture', instant, 0]),
  ...IMAGE_FILE_INSTANTS.map((instant): [Op, ImageFileInstant, number] => ['retake', instant, 0]),
  ['purge', 'committed', 0],
  ...POOL_CLAIM_INSTANTS.map((instant): [Op, ImageFileInstant, number] => ['capture', instant, POOL]),
  ...POOL_CLAIM_INSTANTS.map((instant): [Op, ImageFileInstant, number] => ['retake', instant, POOL]),
  ['purge', 'committed', POOL],
  ['purge', 'zeroed', POOL],
  ['fill', 'pool_filled', POOL],
];

async function killAt(dir: string, op: Op, instant: ImageFileInstant, pool: number): Promise<string> {
  const child = spawnTs(CHILD, {
    KIOSK_TEST_DATA: dir,
    KIOSK_TEST_OP: op,
    KIOSK_TEST_INSTANT: instant,
    KIOSK_TEST_POOL: String(pool),
  });
  const ready = await lineFrom(child, 'ready');
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await exited(child);
  expect(output, `the ${op} went past ${instant} without being killed`).not.toMatch(/^done/m);
  expect(child.signalCode).toBe('SIGKILL');
  return ready.slice('ready '.length).trim();
}

describe('a SIGKILL at every instant of a sealed image file', () => {
  it.each(CASES)(
    '%s killed at %s (pool of %i): nothing lost, no orphan file after the restart',
    async (op, instant, pool) => {
      const dir = tempDir();
      const caseId = await killAt(dir, op, instant, pool);
      // The pool's fill run by hand after the sweep (in the product it starts at open, in the
      // background, and the sweep keeps only what still has room): the count below is then exact.
      const { queue } = openQueue(dir, flows, { imageFiles: { poolFiles: pool, manualFill: true } });
      expect(queue.serviceNeeded).toBeUndefined();
      const store = queue.store!;
      // The orphan sweep runs with the background check after start-up: wait for it, not for a delay.
      expect((await runBackgroundCheck(queue))?.outcome).toBe('ok');
      await store.images.files.fillPool();
      const committed = instant === 'committed' || instant === 'zeroed';

      // Every file on disk is named by a row or held by the pool, and every row's file is on disk.
      const named = store.db
        .prepare('SELECT file FROM images WHERE file IS NOT NULL')
        .pluck()
        .all() as string[];
      const onDisk = readdirSync(join(dir, IMAGES_DIR)).map((name) => name.replace(/\.sealed$/, ''));
      const pooled = store.images.files.pooled();
      expect(onDisk.filter((file) => !pooled.has(file)).sort()).toEqual([...named].sort());
      expect(pooled.size).toBe(pool);
      expect(store.images.fileReport()).toMatchObject({ missing: 0, unnamed: 0, pooled: pool });
      // A pooled file holds zeros only: a claimed-but-uncommitted image, or a purged one, is gone.
      for (const file of pooled) {
        const bytes = readFileSync(join(dir, IMAGES_DIR, `${file}.sealed`));
        expect(bytes.byteLength).toBeGreaterThan(0);
        expect(bytes.every((byte) => byte === 0)).toBe(true);
      }

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
      } else if (op === 'purge') {
        expect(store.images.list(caseId).every((image) => image.purged)).toBe(true);
        expect(named).toHaveLength(0);
      } else {
        expect(cases).toHaveLength(0);
      }
      await queue.close();
    },
  );
});
