/**
 * One process per data folder. Two processes writing one outbox (a second kiosk instance started
 * outside Electron's single-instance lock, the harness beside the app) would each take the other's
 * leases for crashed ones and send steps twice. The lock is an exclusive SQLite lock on a small
 * file beside the database (`kiosk.lock`, mode 0600): SQLite's locking works across processes and
 * between connections of one process, and the operating system lets go of it when the holder dies
 * (even by SIGKILL), so a crash never leaves a stale lock behind.
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from './errors';

export const LOCK_FILE = 'kiosk.lock';

export class DataFolderLock {
  private constructor(private readonly db: Database.Database) {}

  /** Takes the folder's lock; throws StoreUnavailableError('already_open') when another holds it. */
  static acquire(dataDir: string): DataFolderLock {
    const file = join(dataDir, LOCK_FILE);
    createPrivate(file);
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { timeout: 0 });
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock; in EXCLUSIVE mode it is kept until close.
      db.exec(`CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL); DELETE FROM holder;`);
      db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
      return new DataFolderLock(db);
    } catch (error) {
      db?.close();
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new StoreUnavailableError(
          'already_open',
          `The kiosk's data folder ${dataDir} is already open in another kiosk process. Close it first.`,
          error,
        );
      }
      const name = typeof code === 'string' ? code : error instanceof Error ? error.message : 'error';
      throw new StoreUnavailableError(
        'unreadable',
        `The kiosk's data folder ${dataDir} cannot be opened for writing (${name}): the disk may be ` +
          'read-only, or the folder not writable.',
        error,
      );
    }
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}

/** Creates `file` with mode 0600 when it does not exist, and narrows its mode when it does. */
export function createPrivate(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  try {
    chmodSync(file, 0o600);
  } catch {
    // not ours to change (a read-only medium): opening it reports what matters
  }
}
