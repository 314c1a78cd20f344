// Issue 12 (capture commit ≤ 1.5× a preallocated write + fsync): a journalled capture's rows commit
// while its files' fdatasync is still running (src/main/store/capture-commit.ts), its case marked
// `files_pending` (migration 9) until the sync returns. On a real data folder, with the real
// file system except for the one fdatasync the test holds or fails:
//   - during the sync the case is committed and marked, and the relay's queries do not offer it;
//     once the sync returns the mark is gone and the step is offered;
//   - a sync that fails after the rows committed: the capture is refused with the translated
//     storage error, the case is deleted again, its files go back to the pool (zeroed);
//   - an unmarking commit that fails (a full disk) after the sync: the capture is acknowledged, the
//     case stays marked until the store's retry (the relay's next turn) clears it;
//   - migration 9 on a schema-8 database leaves every row as it was, unmarked.
// The crash side (a SIGKILL at `rows_committed`, a power cut after it) is in image-files-kill.test.ts.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/ipc/errors';
import { IMAGES_DIR, type ImageFs } from '../../src/main/store/image-files';
import { schemaVersion } from '../../src/main/store/migrations';
import { KioskStore } from '../../src/main/store/store';
import { openQueue, registry } from '../helpers/queue';
import { recordingFlow } from '../helpers/recording-flow';
import { specimenCapture } from '../helpers/specimen';
import { oneCaseAtSchema } from '../helpers/schema-at';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const flows = registry(recordingFlow('http://127.0.0.1:9'));
const POOL = 4;

/** node:fs whose callback fdatasync is held (or failed with EIO) while `armed`. */
function heldSyncFs() {
  const control = {
    armed: false,
    fail: false,
    release: () => {},
    /** Resolves when the first held fdatasync was called. */
    started: undefined as unknown as Promise<void>,
  };
  let begin = () => {};
  control.started = new Promise<void>((resolve) => (begin = resolve));
  const held = new Promise<void>((resolve) => (control.release = resolve));
  const fdatasync = ((fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
    if (!control.armed) return fs.fdatasync(fd, done);
    begin();
    void held.then(() => {
      if (control.fail) done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
      else fs.fdatasync(fd, done);
    });
  }) as typeof fs.fdatasync;
  const layer: ImageFs = { ...fs, fdatasync };
  return { fs: layer, control };
}

async function openPooled(dir: string, layer: ImageFs) {
  const { queue } = openQueue(dir, flows, {
    imageFiles: { poolFiles: POOL, manualFill: true, fs: layer },
    autoStart: false,
  });
  await queue.store!.images.files.fillPool();
  return queue;
}

describe("a capture's rows committed while its files are being synced", () => {
  it('are marked files_pending and not offered to the relay until the sync returns', async () => {
    const dir = tempDir();
    const { fs: layer, control } = heldSyncFs();
    const queue = await openPooled(dir, layer);
    const store = queue.store!;
    const offered = () => store.steps.ready(Number.MAX_SAFE_INTEGER, 10, [], 'withdraw');
    control.armed = true;
    const capture = queue.cases.capture(specimenCapture(300_000));
    await control.started;

    const rows = store.db.prepare('SELECT id, files_pending FROM cases').all() as {
      id: string;
      files_pending: number;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.files_pending).toBe(1);
    const id = rows[0]!.id;
    expect(store.steps.forCase(id).some((step) => step.kind === 'remote' && step.state === 'pending')).toBe(
      true,
    );
    expect(offered()).toEqual([]);
    expect(store.steps.nextWake([], 'withdraw')).toBeUndefined();

    control.release();
    expect((await capture).id).toBe(id);
    expect(store.cases.get(id)!.files_pending).toBe(0);
    expect(offered().map((step) => step.caseId)).toEqual([id]);
    await queue.close();
  });

  it('a sync that fails after the rows committed: refused, translated, the case deleted, its files pooled', async () => {
    const dir = tempDir();
    const { fs: layer, control } = heldSyncFs();
    const queue = await openPooled(dir, layer);
    const store = queue.store!;
    control.armed = true;
    control.fail = true;
    const capture = queue.cases.capture(specimenCapture(300_000));
    await control.started;
    expect(store.db.prepare('SELECT COUNT(*) FROM cases').pluck().get()).toBe(1);
    control.release();

    const error = await capture.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('storage_failure');
    expect((error as AppError).message).toMatch(/The capture could not be saved \(EIO\)/);
    expect(store.db.prepare('SELECT COUNT(*) FROM cases').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM images').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM steps').pluck().get()).toBe(0);
    // The claimed files are back in the pool once it is filled again, zeros only.
    control.armed = false;
    await store.images.files.fillPool();
    expect(store.images.fileReport()).toMatchObject({ named: 0, missing: 0, unnamed: 0, pooled: POOL });
    for (const name of fs.readdirSync(join(dir, IMAGES_DIR))) {
      expect(fs.readFileSync(join(dir, IMAGES_DIR, name)).every((byte) => byte === 0)).toBe(true);
    }
    // The operator tries again: saved.
    const { id } = await queue.cases.capture(specimenCapture(300_000));
    expect(store.cases.get(id)!.files_pending).toBe(0);
    await queue.close();
  });
});

/**
 * Makes the real SQLite refuse the unmarking commit (cases.files_pending back to 0) the way a full
 * disk would make it fail, until the returned function drops the trigger.
 */
function refuseUnmarking(store: KioskStore): () => void {
  store.db.exec(`CREATE TEMP TRIGGER refuse_unmarking BEFORE UPDATE OF files_pending ON main.cases
    WHEN NEW.files_pending = 0 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
  return () => store.db.exec('DROP TRIGGER temp.refuse_unmarking');
}

describe('an unmarking commit that fails after the files synced', () => {
  it('leaves the capture acknowledged and unsendable until retryUnmarking clears it', async () => {
    const dir = tempDir();
    const queue = await openPooled(dir, heldSyncFs().fs);
    const store = queue.store!;
    const offered = () => store.steps.ready(Number.MAX_SAFE_INTEGER, 10, [], 'withdraw');
    const allow = refuseUnmarking(store);

    const { id } = await queue.cases.capture(specimenCapture(300_000));
    expect(store.cases.get(id)!.files_pending).toBe(1);
    expect(offered()).toEqual([]);
    // Fails again: kept for the next try.
    expect(store.retryUnmarking()).toBe(0);
    expect(store.cases.get(id)!.files_pending).toBe(1);
    allow();
    // Not while another capture's files are being synced.
    store.capturesSyncing = 1;
    expect(store.retryUnmarking()).toBe(0);
    expect(store.cases.get(id)!.files_pending).toBe(1);
    store.capturesSyncing = 0;
    expect(store.retryUnmarking()).toBe(1);
    expect(store.cases.get(id)!.files_pending).toBe(0);
    expect(offered().map((step) => step.caseId)).toEqual([id]);
    // Done once: nothing left to retry.
    expect(store.retryUnmarking()).toBe(0);
    await queue.close();
  });

  it("is retried by the relay's next turn, which then offers the case", async () => {
    const dir = tempDir();
    const queue = await openPooled(dir, heldSyncFs().fs);
    const store = queue.store!;
    const allow = refuseUnmarking(store);
    const { id } = await queue.cases.capture(specimenCapture(300_000));
    allow();
    expect(store.cases.get(id)!.files_pending).toBe(1);
    expect(store.steps.nextWake([], 'withdraw')).toBeUndefined();

    queue.start();
    await queue.relay!.idle();
    expect(store.cases.get(id)!.files_pending).toBe(0);
    // Offered: the relay ran its first remote step (the provider is unreachable: one attempt).
    expect(store.steps.forCase(id).some((step) => step.kind === 'remote' && step.attempts > 0)).toBe(true);
    await queue.close();
  });
});

describe('migration 9: cases.files_pending', () => {
  it('a schema-8 database opens at schema 9 with its cases untouched and unmarked', () => {
    const dir = tempDir();
    const before = oneCaseAtSchema(dir, 8, 'c8');
    const keys = { description: 'test key', loadKey: () => Buffer.alloc(32, 7) };
    const store = KioskStore.open({ dataDir: dir, keys, imageFiles: { poolFiles: 0 } });
    try {
      expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(9);
      expect(store.db.prepare('SELECT * FROM cases').all()).toEqual([
        { ...(before[0] as object), files_pending: 0 },
      ]);
      expect(() => store.db.prepare("UPDATE cases SET files_pending = 2 WHERE id = 'c8'").run()).toThrow(
        /CHECK/,
      );
      // A case without the mark is never deleted by the pending-files rule.
      expect(store.cases.dropUnsaved('c8')).toBe(false);
    } finally {
      store.close();
    }
  });
});
