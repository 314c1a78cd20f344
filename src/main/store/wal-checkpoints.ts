/**
 * The WAL's checkpoints out of the commits' path (issue 12, "capture commit ≤ 1.5× a preallocated
 * write + fsync": its p99 was the checkpoint SQLite's autocheckpoint ran inside a capture's
 * COMMIT, every ~16 MB of WAL). After each outermost commit (store.ts `tx`), once the WAL has
 * grown past WAL_CHECKPOINT_BYTES, a checkpoint (TRUNCATE: the WAL back to zero bytes, so its
 * size is the measure) runs on a later turn of the event loop: after the commit that crossed it
 * has returned and its caller (a capture awaiting its acknowledgement, a relay step) has gone on.
 * SQLite's own autocheckpoint stays as the bound on the WAL (database.ts WAL_BOUND_BYTES), should
 * these not keep up.
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { WAL_CHECKPOINT_BYTES } from './database';

export class WalCheckpoints {
  private queued = false;

  constructor(
    /** The database file; its WAL is `<file>-wal` (sqlite.org/wal.html). */
    private readonly file: string,
    /** True when a checkpoint must not run now (the store closed, a transaction open). */
    private readonly busy: () => boolean,
    /** The store's checkpoint (TRUNCATE, never waiting for a reader: `checkpointWithoutWaiting`). */
    private readonly checkpoint: () => void,
    /** WAL bytes past which to checkpoint (tests lower it). */
    private readonly thresholdBytes = WAL_CHECKPOINT_BYTES,
  ) {}

  /**
   * After a commit: one stat of the WAL (µs); past the threshold, the checkpoint is queued for the
   * next turn (setImmediate), once. A checkpoint that fails or cannot finish (a full or read-only
   * disk, a reader on an older snapshot) leaves the WAL to the next commit's, to SQLite's bound and
   * to the close.
   */
  afterCommit(): void {
    if (this.queued) return;
    let size: number;
    try {
      size = statSync(`${this.file}-wal`).size;
    } catch {
      return; // no WAL file: nothing to copy back
    }
    if (size < this.thresholdBytes) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      if (this.busy()) return;
      try {
        this.checkpoint();
      } catch {
        // a full or read-only disk: see above
      }
    });
  }
}

/**
 * A TRUNCATE checkpoint that never waits: TRUNCATE waits in the busy handler (5 s) for readers on
 * older snapshots, e.g. the background check's quick_check (~1 s on 4 GB), which would block the JS
 * thread; with no wait it copies what it can and leaves the WAL to the next.
 */
export function checkpointWithoutWaiting(db: Database.Database): void {
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma('busy_timeout = 5000');
  }
}
