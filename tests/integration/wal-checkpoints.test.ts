/**
 * The WAL's checkpoints out of the commits' path (issue 12, the capture commit's p99): SQLite's
 * autocheckpoint ran inside whichever COMMIT crossed 16 MB of WAL, a capture's among them. Now the
 * commit returns first and the checkpoint runs on a later turn (wal-checkpoints.ts); SQLite's own
 * stays only as the bound (64 MB). Real SQLite files: the database file's size says whether the WAL
 * was copied back (a checkpoint writes the pages into it), the WAL's whether it was truncated.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WAL_CHECKPOINT_BYTES } from '../../src/main/store/database';
import { DATABASE_FILE } from '../../src/main/store/store';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const flows = registry(recordingFlow('http://127.0.0.1:9'));
const MB = 1024 * 1024;

/** Bytes of the database file and of its WAL. */
function sizes(dir: string): { db: number; wal: number } {
  const file = join(dir, DATABASE_FILE);
  return { db: statSync(file).size, wal: statSync(`${file}-wal`).size };
}

/**
 * A queue on a fresh data folder whose WAL is 100 KB short of WAL_CHECKPOINT_BYTES, filled by a
 * table of 32 KB blobs written outside the store's `tx` (so no checkpoint is queued by them).
 */
async function queueWithWalJustUnderThreshold() {
  const dir = tempDir();
  const { queue } = openQueue(dir, flows, { imageFiles: { manualFill: true } });
  const store = queue.store!;
  await store.images.files.fillPool();
  store.db.exec('CREATE TABLE filler (b BLOB)');
  const insert = store.db.prepare('INSERT INTO filler (b) VALUES (?)');
  let blobs = 0;
  while (sizes(dir).wal < WAL_CHECKPOINT_BYTES - 100 * 1024) insert.run(Buffer.alloc(32 * 1024, blobs++));
  return { dir, queue, store, fillerBytes: blobs * 32 * 1024 };
}

describe('WAL checkpoints out of the commits path', () => {
  it('a capture whose commit crosses the threshold returns before the checkpoint, which follows on the next turn', async () => {
    // Just under the threshold, committed without the store's tx (so nothing is queued), then the
    // capture (~120 KB of WAL: its rows) crosses it.
    const { dir, queue, store, fillerBytes } = await queueWithWalJustUnderThreshold();
    const before = sizes(dir);
    expect(before.wal).toBeLessThan(WAL_CHECKPOINT_BYTES);
    const { id } = await queue.cases.capture(specimenCapture(100_000));
    const acknowledged = sizes(dir);
    // Not copied back inside the capture's COMMIT (SQLite's autocheckpoint at 16 MB did that).
    expect(acknowledged.wal).toBeGreaterThanOrEqual(WAL_CHECKPOINT_BYTES);
    expect(acknowledged.db).toBe(before.db);
    await nextTurn();
    const after = sizes(dir);
    expect(after.wal).toBe(0);
    // The filler's pages are in the database file now.
    expect(after.db).toBeGreaterThan(before.db + fillerBytes);
    expect(store.cases.get(id)?.state).toBe('queued');
    await queue.close();
  });

  it('below the threshold nothing is checkpointed; the bound stays SQLite’s own at 64 MB', async () => {
    const dir = tempDir();
    const { queue } = openQueue(dir, flows, { imageFiles: { manualFill: true } });
    const store = queue.store!;
    await store.images.files.fillPool();
    await queue.cases.capture(specimenCapture(100_000));
    const acknowledged = sizes(dir);
    await nextTurn();
    expect(sizes(dir)).toEqual(acknowledged);
    expect(acknowledged.wal).toBeGreaterThan(0);
    const pageSize = store.db.pragma('page_size', { simple: true }) as number;
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe((64 * MB) / pageSize);
    await queue.close();
  });

  it('a reader on an older snapshot (the background check) is not waited for: the WAL stays until the next commit after it', async () => {
    const { dir, queue, store } = await queueWithWalJustUnderThreshold();
    // A second connection holding a read snapshot, as background-check.ts' quick_check does.
    const reader = new Database(join(dir, DATABASE_FILE), { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM cases').get();
    await queue.cases.capture(specimenCapture(100_000));
    await nextTurn();
    // Not truncated (the reader needs the WAL), and the store's own wait for locks is as it was.
    expect(sizes(dir).wal).toBeGreaterThanOrEqual(WAL_CHECKPOINT_BYTES);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    reader.exec('COMMIT');
    reader.close();
    await queue.cases.capture(specimenCapture(100_000));
    await nextTurn();
    expect(sizes(dir).wal).toBe(0);
    await queue.close();
  });
});
