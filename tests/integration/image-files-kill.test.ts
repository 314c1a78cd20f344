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
// A new capture into pooled files journals its rows into its last file (image-journal.ts) and
// commits them with synchronous=NORMAL: killed once the journal is written (journalled, synced) it
// is replayed at the next open, exactly once even when that replay is killed after its commit; and
// after a power cut that lost a file's bytes (simulated: the machine cannot cut its own power; the
// files' data is overwritten with zeros, what a lost page cache leaves in a preallocated file) it
// is not replayed and its files go back to the pool. Its rows commit while the files' sync runs
// (capture-commit.ts, marked files_pending): killed there it is kept (the files are whole), and after
// a power cut that lost a file's bytes it is deleted at the next open, its files pooled.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  IMAGE_FILE_INSTANTS,
  IMAGES_DIR,
  JOURNAL_CAPTURE_INSTANTS,
  POOL_CLAIM_INSTANTS,
  type ImageFileInstant,
} from '../../src/main/store/image-files';
import { runBackgroundCheck } from '../helpers/background-check';
import { exited, lineFrom, spawnTs } from '../helpers/child-process';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { useTempDirs } from '../helpers/temp-dir';

// Each test starts a real child process (Node + tsx compiling the store): on a shared 2-core machine
// that alone took over the default 20 s once. A bound on waiting, not a speed check.
vi.setConfig({ testTimeout: 90_000 });

const tempDir = useTempDirs();
const CHILD = join(__dirname, '..', 'helpers', 'image-files-kill-child.ts');
const flows = registry(recordingFlow('http://127.0.0.1:9'));

type Op = 'capture' | 'retake' | 'purge' | 'fill' | 'reopen';
/** Pooled files in the pool cases. */
const POOL = 4;
/** [operation, instant, pool size]. A purge writes no file: only the instants after its commit. */
const CASES: [Op, ImageFileInstant, number][] = [
  ...IMAGE_FILE_INSTANTS.map((instant): [Op, ImageFileInstant, number] => ['capture', instant, 0]),
  ...IMAGE_FILE_INSTANTS.map((instant): [Op, ImageFileInstant, number] => ['retake', instant, 0]),
  ['purge', 'committed', 0],
  // A capture into pooled files is journalled (the claim's instants plus `journalled`).
  ...JOURNAL_CAPTURE_INSTANTS.map((instant): [Op, ImageFileInstant, number] => ['capture', instant, POOL]),
  ...POOL_CLAIM_INSTANTS.map((instant): [Op, ImageFileInstant, number] => ['retake', instant, POOL]),
  ['purge', 'committed', POOL],
  ['purge', 'zeroed', POOL],
  ['fill', 'pool_filled', POOL],
];

/** Runs the child's `op` and waits for its SIGKILL at `instant`; returns the id it printed at `ready`. */
async function killAt(dir: string, op: Op, instant: ImageFileInstant, pool: number): Promise<string> {
  const child = spawnTs(CHILD, {
    KIOSK_TEST_DATA: dir,
    KIOSK_TEST_OP: op,
    KIOSK_TEST_INSTANT: instant,
    KIOSK_TEST_POOL: String(pool),
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // `reopen` is killed while it opens, before it could print `ready`.
  const ready = op === 'reopen' ? '' : await lineFrom(child, 'ready');
  await exited(child);
  expect(output, `the ${op} went past ${instant} without being killed`).not.toMatch(/^done/m);
  expect(child.signalCode).toBe('SIGKILL');
  return ready.slice('ready '.length).trim();
}

/**
 * Opens the folder again as the kiosk does, waits for the background check (its orphan sweep) and
 * fills the pool, then checks the files against the rows: every file on disk is named or pooled,
 * every row's file is there, every pooled file holds zeros only, every named image opens and is the
 * image its SHA-256 says. Returns the open queue, its case ids and the named files.
 */
async function reopenAndCheck(dir: string, pool: number) {
  // The pool's fill run by hand after the sweep (in the product it starts at open, in the
  // background, and the sweep keeps only what still has room): the count below is then exact.
  const { queue } = openQueue(dir, flows, { imageFiles: { poolFiles: pool, manualFill: true } });
  expect(queue.serviceNeeded).toBeUndefined();
  const store = queue.store!;
  // The orphan sweep runs with the background check after start-up: wait for it, not for a delay.
  expect((await runBackgroundCheck(queue))?.outcome).toBe('ok');
  await store.images.files.fillPool();

  const named = store.db.prepare('SELECT file FROM images WHERE file IS NOT NULL').pluck().all() as string[];
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
  const cases = store.db.prepare('SELECT id FROM cases').pluck().all() as string[];
  // A capture whose rows committed during its files' sync (capture-commit.ts) was checked at open:
  // kept and unmarked, or deleted.
  expect(store.cases.filesPending()).toEqual([]);
  for (const id of cases) {
    for (const meta of store.images.list(id).filter((image) => !image.purged)) {
      const bytes = queue.cases.image(id, meta.role)!.bytes;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(meta.sha256);
    }
  }
  return { queue, store, cases, named };
}

/**
 * What a power cut before the files' sync leaves in a preallocated file: its old zeros over the
 * image's first 64 KB. The journal region (the last 64 KB) is left as written, the worst case: a
 * valid journal whose images never reached the disk.
 */
function losePageCache(dir: string): void {
  for (const name of readdirSync(join(dir, IMAGES_DIR))) {
    const fd = openSync(join(dir, IMAGES_DIR, name), 'r+');
    writeSync(fd, Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    closeSync(fd);
  }
}

describe('a SIGKILL at every instant of a sealed image file', () => {
  it.each(CASES)(
    '%s killed at %s (pool of %i): nothing lost, no orphan file after the restart',
    async (op, instant, pool) => {
      const dir = tempDir();
      const caseId = await killAt(dir, op, instant, pool);
      const { queue, store, cases, named } = await reopenAndCheck(dir, pool);
      // A journalled capture is kept from its journal on (replayed at the open above).
      const journalled = pool > 0 && op === 'capture' && instant !== 'written';
      const committed = instant === 'committed' || instant === 'zeroed' || journalled;

      if (op === 'capture') {
        // Not acknowledged before the commit (or, journalled, its journal): the operator still has it
        // on screen and captures again.
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

describe('a journalled capture (image-journal.ts) after a crash', () => {
  it('is replayed once, even when the replay is killed inside its transaction and after its commit', async () => {
    const dir = tempDir();
    await killAt(dir, 'capture', 'journalled', POOL);
    // The next open replays it and is killed with the rows written, not committed.
    await killAt(dir, 'reopen', 'replaying', POOL);
    // The one after replays it again and is killed right after the replay's commit.
    await killAt(dir, 'reopen', 'committed', POOL);
    const { queue, store, cases } = await reopenAndCheck(dir, POOL);
    expect(cases).toHaveLength(1);
    expect(store.images.list(cases[0]!).map((image) => image.role)).toEqual(['back', 'front']);
    const recovered = store.db
      .prepare("SELECT COUNT(*) FROM case_events WHERE type = 'captured' AND code = 'recovered'")
      .pluck()
      .get();
    expect(recovered).toBe(1);
    // Replayed through the capture's own transaction: its steps are there, as for any capture.
    expect(store.steps.forCase(cases[0]!).length).toBeGreaterThan(0);
    await queue.close();
  });

  it('is not replayed when a power cut lost its files (simulated), and its files go back to the pool', async () => {
    const dir = tempDir();
    // Killed with its journal written and its rows not yet committed (they commit next, during the
    // files' sync): only the journal could bring it back.
    await killAt(dir, 'capture', 'journalled', POOL);
    losePageCache(dir);
    const { queue, cases } = await reopenAndCheck(dir, POOL);
    expect(cases).toHaveLength(0);
    await queue.close();
  });

  it("committed during its files' sync, then a power cut (simulated) lost a file: deleted at open, files pooled", async () => {
    const dir = tempDir();
    // Killed with its rows committed (NORMAL, marked files_pending) and its files not yet synced:
    // the WAL keeps the rows, as it would if another commit had synced it before the cut.
    await killAt(dir, 'capture', 'rows_committed', POOL);
    losePageCache(dir);
    const { queue, cases, named } = await reopenAndCheck(dir, POOL);
    // Never acknowledged and never sent (the relay does not run a marked case): gone, not half there.
    expect(cases).toHaveLength(0);
    expect(named).toHaveLength(0);
    await queue.close();
  });
});
