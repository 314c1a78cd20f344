// Issue 12, "capture commit ≤ 1.5× a preallocated write + fsync": the pool of preallocated image
// files (src/main/store/image-files.ts) on a real file system. A capture claims pooled files (no new
// name, so no directory fsync on its path), a retake and a purge give their files back overwritten
// with zeros, an image larger than a pooled file gets a new file, and a full disk while the pool is
// being filled (ENOSPC from the fill's own file calls) stops the fill without stopping captures.
import * as fs from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGES_DIR } from '../../src/main/store/image-files';
import { POOL_HEADROOM_BYTES } from '../../src/main/store/disk-space';
import { consistentFiles, openImageQueue, sealedFiles, sha } from '../helpers/image-files';
import { openQueue, registry } from '../helpers/queue';
import { recordingFlow } from '../helpers/recording-flow';
import { fakeImage, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const POOL_FILE_BYTES = 512 * 1024;

/** The pool's and the rows' file names (without `.sealed`), sorted. */
function names(dir: string): string[] {
  return sealedFiles(dir).map((name) => name.replace(/\.sealed$/, ''));
}

function zerosOnly(dir: string, file: string): boolean {
  return fs.readFileSync(join(dir, IMAGES_DIR, `${file}.sealed`)).every((byte) => byte === 0);
}

function openPooled(dir: string, poolFiles = 4) {
  return openImageQueue(dir, { poolFiles, poolFileBytes: POOL_FILE_BYTES });
}

describe('the pool of preallocated image files', () => {
  it('stops filling where it would take the free space the store keeps (its statfs floor)', async () => {
    // The store's own guard with an injected free-space figure (store/disk-space.ts: the same code,
    // only the number differs), which follows what is written to the images folder as a real disk
    // would: room for the floor, the headroom kept for a capture and two pooled files, not four.
    const floor = 50 * 1024 * 1024;
    let budget = floor + POOL_HEADROOM_BYTES + 2 * POOL_FILE_BYTES + 1000;
    const dir = tempDir();
    const written = (): number => {
      const folder = join(dir, IMAGES_DIR);
      if (!fs.existsSync(folder)) return 0;
      return fs.readdirSync(folder).reduce((sum, name) => sum + fs.statSync(join(folder, name)).size, 0);
    };
    const queue = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')), {
      disk: { freeBytes: () => budget - written() },
      settings: { freeSpaceFloorBytes: floor },
      imageFiles: { poolFiles: 4, poolFileBytes: POOL_FILE_BYTES },
    }).queue;
    const files = queue.store!.images.files;
    await files.idle();
    expect(files.ready(), 'pooled files above the floor').toBe(2);
    expect(names(dir)).toHaveLength(2);
    // More room later (a filler removed): the next fill tops the pool up.
    budget += 10 * POOL_FILE_BYTES;
    await files.fillPool();
    expect(files.ready()).toBe(4);
    await queue.close();
  });

  it('is filled at open; a capture claims pooled files with no new name and no directory fsync', async () => {
    const dir = tempDir();
    const queue = openPooled(dir);
    const files = queue.store!.images.files;
    await files.idle();
    expect(files.ready()).toBe(4);
    const pool = names(dir);
    expect(pool).toHaveLength(4);
    for (const file of pool) {
      const stat = fs.statSync(join(dir, IMAGES_DIR, `${file}.sealed`));
      expect(stat.size).toBe(POOL_FILE_BYTES);
      expect(stat.mode & 0o777).toBe(0o600);
      expect(zerosOnly(dir, file)).toBe(true);
    }

    files.resetTimings();
    const capture = specimenCapture(200_000);
    const { id } = await queue.cases.capture(capture);
    expect(files.timings).toMatchObject({ claimed: 2, created: 0, syncDir: 0 });
    const rows = queue.store!.db.prepare('SELECT file, file_size FROM images WHERE case_id = ?').all(id) as {
      file: string;
      file_size: number;
    }[];
    // The rows name two of the pool's files (the claim is the row: no rename, no new name).
    expect(rows.every((row) => pool.includes(row.file))).toBe(true);
    expect(rows.map((row) => row.file_size)).toEqual([200_016, 200_016]);
    expect(sha(queue.cases.image(id, 'front')!.bytes)).toBe(sha(capture.images[0]!.bytes));
    expect(sha(queue.cases.image(id, 'back')!.bytes)).toBe(sha(capture.images[1]!.bytes));
    // The upload's streamed read (image-stream.ts) stops at the row's size, not at the file's end.
    const streamed = queue.store!.images.stream(id, 'front')!;
    const pieces: Uint8Array[] = [];
    for await (const piece of streamed.pieces) pieces.push(piece);
    expect(sha(Buffer.concat(pieces))).toBe(sha(capture.images[0]!.bytes));

    // The refill after the commit, in the background: four ready again beside the two named.
    await files.idle();
    expect(files.ready()).toBe(4);
    expect(queue.store!.images.fileReport()).toEqual(consistentFiles({ named: 2, onDisk: 6, pooled: 4 }));
    await queue.close();
  });

  it('a retake and a purge give their files back to the pool overwritten with zeros', async () => {
    const dir = tempDir();
    const queue = openPooled(dir, 6);
    const files = queue.store!.images.files;
    await files.idle();
    const { id } = await queue.cases.capture(specimenCapture(100_000));
    const rowFile = (role: string): string =>
      queue
        .store!.db.prepare('SELECT file FROM images WHERE case_id = ? AND role = ?')
        .pluck()
        .get(id, role) as string;
    const oldFront = rowFile('front');
    const back = rowFile('back');
    // Room in the pool for what comes back (6 − 2 claimed; the refill has not run: no await).
    const retake = fakeImage('front', 30_000);
    queue.cases.addCapture(id, retake);
    expect(sha(queue.cases.image(id, 'front')!.bytes)).toBe(sha(retake.bytes));
    await files.idle();
    expect(files.pooled().has(oldFront)).toBe(true);
    expect(zerosOnly(dir, oldFront)).toBe(true);

    queue.store!.db.prepare("UPDATE cases SET state = 'completed', completed_at = 1 WHERE id = ?").run(id);
    const newFront = rowFile('front');
    files.resetTimings();
    // Claims made meanwhile, so that the pool has room for the purged files.
    await queue.cases.capture(specimenCapture(100_000));
    expect(queue.cases.purgeCompleted(0)).toBe(1);
    await files.idle();
    for (const file of [newFront, back]) {
      // Either back in the pool with zeros only, or removed when the pool was full: never readable.
      const there = fs.existsSync(join(dir, IMAGES_DIR, `${file}.sealed`));
      if (there) expect(zerosOnly(dir, file)).toBe(true);
      expect(there).toBe(files.pooled().has(file));
    }
    expect(queue.store!.images.fileReport()).toMatchObject({ missing: 0, unnamed: 0 });
    await queue.close();
  });

  it('an image larger than a pooled file gets a new file, its name made durable', async () => {
    const dir = tempDir();
    const queue = openPooled(dir);
    const files = queue.store!.images.files;
    await files.idle();
    files.resetTimings();
    const capture = specimenCapture(POOL_FILE_BYTES); // + the tag: does not fit
    const { id } = await queue.cases.capture(capture);
    expect(files.timings).toMatchObject({ claimed: 0, created: 2 });
    expect(files.timings.syncDir).toBeGreaterThan(0);
    expect(sha(queue.cases.image(id, 'back')!.bytes)).toBe(sha(capture.images[1]!.bytes));
    expect(files.ready()).toBe(4);
    await queue.close();
  });

  it('a full disk while filling the pool: the fill stops, no partial file stays, captures go on', async () => {
    const dir = tempDir();
    const full = { now: true };
    // The fill's own file calls (node:fs/promises): every write fails with ENOSPC while full.
    const openAsync = (async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<unknown>;
      Object.assign(handle, {
        write: (...a: unknown[]) =>
          full.now
            ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))
            : write(...a),
      });
      return handle;
    }) as typeof open;
    const queue = openImageQueue(dir, { poolFiles: 4, poolFileBytes: POOL_FILE_BYTES, openAsync });
    const files = queue.store!.images.files;
    await files.idle();
    expect(files.ready()).toBe(0);
    expect(fs.existsSync(join(dir, IMAGES_DIR)) ? names(dir) : []).toEqual([]);

    // Captures fall back to new files.
    files.resetTimings();
    const capture = specimenCapture(100_000);
    const { id } = await queue.cases.capture(capture);
    expect(files.timings).toMatchObject({ claimed: 0, created: 2 });
    await files.idle();
    expect(sha(queue.cases.image(id, 'front')!.bytes)).toBe(sha(capture.images[0]!.bytes));
    expect(queue.store!.images.fileReport()).toEqual(consistentFiles({ named: 2, onDisk: 2, pooled: 0 }));

    // Room again: the next commit's fill makes the pool, and the capture after it claims from it.
    full.now = false;
    await queue.cases.capture(specimenCapture(100_000));
    await files.idle();
    expect(files.ready()).toBe(4);
    files.resetTimings();
    await queue.cases.capture(specimenCapture(100_000));
    expect(files.timings).toMatchObject({ claimed: 2, created: 0 });
    await queue.close();
  });
});
