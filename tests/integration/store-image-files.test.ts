// Issue 12: a captured image is a sealed file beside the database (src/main/store/image-files.ts),
// on a real file system: its name and mode, nothing readable in it, one read path, a retake and a
// purge that remove the files they replace, a file moved or altered that refuses to open, the
// start-up sweep, and a full disk met while writing a file (ENOSPC from the file system layer):
// the translated disk_full error, nothing stored lost, no file left, and the same capture accepted
// when staff try again.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/ipc/errors';
import { IMAGES_DIR, type ImageFs } from '../../src/main/store/image-files';
import { runBackgroundCheck } from '../helpers/background-check';
import { consistentFiles, openImageQueue, sealedFiles as imageFiles, sha } from '../helpers/image-files';
import { JPEG_MAGIC, PNG_MAGIC, SPECIMEN, fakeImage, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
/** These tests hold the new-file path (a capture when the pool is empty); the pool has its own file. */
const NO_POOL = { poolFiles: 0 };

/** node:fs, except that writes fail with ENOSPC while `full.now` is true (a full disk). */
function fillableFs(): { fs: ImageFs; full: { now: boolean } } {
  const full = { now: false };
  const writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    if (full.now)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  return { fs: { ...fs, writeSync }, full };
}

describe('sealed image files beside the database', () => {
  it('writes one 0600 file per image under a random name, nothing readable in it, and reads it back', async () => {
    const dir = tempDir();
    const queue = openImageQueue(dir, NO_POOL);
    const capture = specimenCapture(200_000);
    const { id } = await queue.cases.capture(capture);
    const names = imageFiles(dir);
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).toMatch(/^[0-9a-f]{32}\.sealed$/);
      expect(fs.statSync(join(dir, IMAGES_DIR, name)).mode & 0o777).toBe(0o600);
      // The image's size + the GCM tag, and none of the customer's data or the image's bytes.
      const bytes = fs.readFileSync(join(dir, IMAGES_DIR, name));
      expect(bytes.byteLength).toBe(200_016);
      for (const needle of [SPECIMEN.nationalId, SPECIMEN.name, 'JFIF']) {
        expect(bytes.indexOf(Buffer.from(needle))).toBe(-1);
      }
      expect(bytes.indexOf(JPEG_MAGIC)).not.toBe(0);
      expect(bytes.indexOf(PNG_MAGIC)).toBe(-1);
    }
    expect(fs.statSync(join(dir, IMAGES_DIR)).mode & 0o777).toBe(0o700);
    const rows = queue
      .store!.db.prepare(
        'SELECT role, bytes_enc, file, length(file_key_enc) AS key, length(file_nonce) AS nonce, file_size FROM images WHERE case_id = ? ORDER BY role',
      )
      .all(id) as { role: string; bytes_enc: Buffer | null; file: string; file_size: number }[];
    // No blob in the database any more: the row names the file, its sealed key, nonce and size.
    for (const row of rows) {
      expect(row.bytes_enc).toBeNull();
      expect(row.file_size).toBe(200_016);
    }
    expect(rows.map((row) => `${row.file}.sealed`).sort()).toEqual(names);
    expect(
      queue.store!.db.prepare('SELECT length(file_key_enc) AS k, length(file_nonce) AS n FROM images').all(),
    ).toEqual([
      { k: 61, n: 12 },
      { k: 61, n: 12 },
    ]);
    for (const image of capture.images) {
      expect(sha(queue.cases.image(id, image.role)!.bytes)).toBe(sha(image.bytes));
    }
    await queue.close();
  });

  it('a retake replaces the file; a purge removes the files of the purged case only', async () => {
    const dir = tempDir();
    const queue = openImageQueue(dir, NO_POOL);
    const kept = await queue.cases.capture(specimenCapture());
    const { id } = await queue.cases.capture(specimenCapture());
    const before = imageFiles(dir);
    expect(before).toHaveLength(4);
    const retake = fakeImage('front', 30_000);
    queue.cases.addCapture(id, retake);
    const after = imageFiles(dir);
    expect(after).toHaveLength(4);
    expect(after.filter((name) => !before.includes(name))).toHaveLength(1);
    expect(sha(queue.cases.image(id, 'front')!.bytes)).toBe(sha(retake.bytes));

    queue.store!.db.prepare("UPDATE cases SET state = 'completed', completed_at = 1 WHERE id = ?").run(id);
    expect(queue.cases.purgeCompleted(0)).toBe(1);
    expect(queue.cases.image(id, 'front')).toBeUndefined();
    const named = queue.store!.db.prepare('SELECT file FROM images WHERE file IS NOT NULL').pluck().all();
    expect(imageFiles(dir)).toEqual((named as string[]).map((file) => `${file}.sealed`).sort());
    expect(imageFiles(dir)).toHaveLength(2);
    expect(queue.cases.image(kept.id, 'back')).toBeDefined();
    expect(queue.store!.images.fileReport()).toEqual(consistentFiles({ named: 2, onDisk: 2, pooled: 0 }));
    await queue.close();
  });

  it('refuses a file moved under another row, altered, or cut short', async () => {
    const dir = tempDir();
    const queue = openImageQueue(dir, NO_POOL);
    const { id } = await queue.cases.capture(specimenCapture(50_000));
    const rows = queue.store!.db.prepare('SELECT role, file FROM images WHERE case_id = ?').all(id) as {
      role: 'front' | 'back';
      file: string;
    }[];
    const path = (file: string): string => join(dir, IMAGES_DIR, `${file}.sealed`);
    const [front, back] = [rows.find((r) => r.role === 'front')!, rows.find((r) => r.role === 'back')!];
    const frontBytes = fs.readFileSync(path(front.file));
    // Same size on purpose, so only the authentication can tell.
    fs.copyFileSync(path(back.file), path(front.file));
    expect(() => queue.cases.image(id, 'front')).toThrow();
    const altered = Buffer.from(frontBytes);
    altered[100]! ^= 1;
    fs.writeFileSync(path(front.file), altered);
    expect(() => queue.cases.image(id, 'front')).toThrow();
    fs.writeFileSync(path(front.file), frontBytes.subarray(0, 1000));
    expect(() => queue.cases.image(id, 'front')).toThrow(/record says/);
    expect(queue.store!.images.fileReport().missing).toBe(1);
    fs.writeFileSync(path(front.file), frontBytes);
    expect(queue.cases.image(id, 'front')!.bytes.byteLength).toBe(50_000);
    await queue.close();
  });

  it('removes the files no row names (and strays) with the background check, not at open', async () => {
    const dir = tempDir();
    const first = openImageQueue(dir, NO_POOL);
    const { id } = await first.cases.capture(specimenCapture());
    await first.close();
    const named = imageFiles(dir);
    fs.writeFileSync(join(dir, IMAGES_DIR, `${'ab'.repeat(16)}.sealed`), Buffer.alloc(100));
    fs.writeFileSync(join(dir, IMAGES_DIR, 'partial.tmp'), Buffer.alloc(10));
    const past = new Date(Date.now() - 60_000);
    for (const name of fs.readdirSync(join(dir, IMAGES_DIR)))
      fs.utimesSync(join(dir, IMAGES_DIR, name), past, past);
    const queue = openImageQueue(dir, NO_POOL);
    // Opening lists nothing (its cost would grow with the files): the orphans are still there...
    expect(imageFiles(dir)).toHaveLength(named.length + 2);
    // ...until the background check's sweep, which keeps every named file and any newer one.
    const fresh = await queue.cases.capture(specimenCapture());
    const orphans = [`${'ab'.repeat(16)}.sealed`, 'partial.tmp'];
    const kept = imageFiles(dir).filter((name) => !orphans.includes(name));
    expect(kept.length).toBeGreaterThan(named.length);
    const logLines: string[] = [];
    await runBackgroundCheck(queue, logLines);
    expect(imageFiles(dir)).toEqual(kept);
    expect(queue.cases.image(id, 'front')).toBeDefined();
    expect(queue.cases.image(fresh.id, 'front')).toBeDefined();
    expect(logLines.join('\n')).toMatch(/store\.files_swept.*"removed":2/);
    await queue.close();
  });

  it('a full disk while writing a file: disk_full, nothing lost, no file left, the retry succeeds', async () => {
    const dir = tempDir();
    const { fs: fillable, full } = fillableFs();
    const queue = openImageQueue(dir, { ...NO_POOL, fs: fillable });
    const stored = await queue.cases.capture(specimenCapture(100_000));
    const storedFront = queue.cases.image(stored.id, 'front')!.bytes;
    const filesBefore = imageFiles(dir);

    full.now = true;
    const capture = specimenCapture(100_000);
    const error = await (async () => queue.cases.capture(capture))().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('disk_full');
    expect((error as AppError).message).toMatch(/disk is full: The capture was not saved/);
    // A retake on the stored case fails the same way and keeps its front.
    expect(() => queue.cases.addCapture(stored.id, fakeImage('front'))).toThrow(
      expect.objectContaining({ code: 'disk_full' }) as Error,
    );
    expect(imageFiles(dir)).toEqual(filesBefore);
    expect(queue.cases.list({ limit: 10 }).cases.map((c) => c.id)).toEqual([stored.id]);
    expect(sha(queue.cases.image(stored.id, 'front')!.bytes)).toBe(sha(storedFront));

    // Staff try again with the same capture (still on their screen) once there is room.
    full.now = false;
    const { id } = await queue.cases.capture(capture);
    expect(sha(queue.cases.image(id, 'back')!.bytes)).toBe(sha(capture.images[1]!.bytes));
    expect(queue.store!.images.fileReport()).toEqual(consistentFiles({ named: 4, onDisk: 4, pooled: 0 }));
    await queue.close();
  });
});
