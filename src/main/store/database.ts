/**
 * Opens the kiosk's SQLite database the one safe way: WAL with synchronous=FULL (a commit survives a
 * power cut), foreign keys on, freed pages overwritten, a quick integrity check when the last run did
 * not shut down cleanly, then migrations. Anything wrong stops here with a StoreUnavailableError;
 * the caller shows "service needed".
 *
 * Why the check is not run on every start: `PRAGMA quick_check` reads every page (263 ms at 10,000
 * cases, ~1 s on a 4 GB folder), on the path to the first screen. WAL with synchronous=FULL keeps a
 * cleanly closed file consistent; damage comes from crashes and power cuts, which leave the
 * "running" marker (`<file>.running`) behind, so the check runs exactly then.
 */
import { closeSync, existsSync, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from './errors';
import { migrate, type Migration, MIGRATIONS } from './migrations';

export interface OpenedDatabase {
  db: Database.Database;
  /** True when the file did not exist before (a fresh install). */
  created: boolean;
  migrated: { from: number; to: number };
  /** True when the quick integrity check ran (the last run did not close the store cleanly). */
  checked: boolean;
}

/** Present while the store is open; left behind by a crash or power cut. */
export function runningMarkerOf(file: string): string {
  return `${file}.running`;
}

/**
 * Creates the running marker and makes its name durable (its folder fsynced): after a power cut
 * the next open must find it, because it is what tells that open to replay the capture journal
 * (capture-commit.ts; a capture committed with synchronous=NORMAL relies on it) and to run the
 * integrity check. Windows needs no folder fsync and cannot open a folder (image-files.ts).
 */
function writeMarker(path: string): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (process.platform === 'win32') return;
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Closes the database and records the clean shutdown (the next start skips the integrity check). */
export function closeDatabase(db: Database.Database, file: string): void {
  db.close();
  rmSync(runningMarkerOf(file), { force: true });
}

/**
 * Page size of a new database: SQLite's default, 4 KB. The images are sealed files beside the
 * database (image-files.ts), so a capture writes only its rows through the WAL: ~29 pages (each
 * table and index it touches), 120 KB of WAL with 4 KB pages where 16 KB pages (chosen when the
 * images went through the WAL) wrote 476 KB, and reached a checkpoint four times as often (issue
 * 12, measured with the commit bench's store). It can only be chosen before the first table
 * exists; an existing database keeps its page size (nothing else depends on it).
 */
export const NEW_DATABASE_PAGE_SIZE = 4096;

/**
 * WAL size (bytes) past which the store checkpoints once the commit that crossed it has returned
 * (wal-checkpoints.ts): out of the capture's path (issue 12, the commit's p99 was the checkpoint
 * SQLite ran inside COMMIT).
 */
export const WAL_CHECKPOINT_BYTES = 16 * 1024 * 1024;
/**
 * The bound on the WAL (bytes): SQLite's own autocheckpoint, inside COMMIT, should the deferred
 * ones not keep up (one that could not finish, a long burst of commits with no turn between).
 */
export const WAL_BOUND_BYTES = 64 * 1024 * 1024;

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_FORMAT']);

function classify(error: unknown, file: string): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (CORRUPT_CODES.has(code)) {
    return new StoreUnavailableError('corrupt', `The database ${file} is damaged (${code}).`, error);
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY')) {
    return new StoreUnavailableError(
      'unreadable',
      `The database ${file} cannot be opened for writing (${code}): the disk may be read-only, or the folder not writable.`,
      error,
    );
  }
  return new StoreUnavailableError(
    'unreadable',
    `The database ${file} cannot be opened (${code || (error instanceof Error ? error.message : 'error')}).`,
    error,
  );
}

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): OpenedDatabase {
  // An empty file is what SQLite leaves after a crash before the first commit: treat it as new.
  const created = !existsSync(file) || statSync(file).size === 0;
  const marker = runningMarkerOf(file);
  const checked = !created && existsSync(marker);
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    if (created) db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
    // FULL by default; a relay write that is safe to lose in a power cut asks for NORMAL for its
    // own COMMIT (store.ts Durability).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    // SQLite's own checkpoint (run inside whichever COMMIT crosses it, on the operator's time when
    // that is a capture's) only as the bound on the WAL's size: the store checkpoints at
    // WAL_CHECKPOINT_BYTES after the commit has returned (wal-checkpoints.ts). The pragma counts
    // pages, so it follows the file's page size.
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`wal_autocheckpoint = ${Math.ceil(WAL_BOUND_BYTES / pageSize)}`);
    if (checked) {
      const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
      const problems = check.map((row) => row.quick_check).filter((line) => line !== 'ok');
      if (problems.length > 0) {
        throw new StoreUnavailableError(
          'corrupt',
          `The database ${file} failed its integrity check: ${problems.slice(0, 3).join('; ')}`,
        );
      }
    }
    const migrated = migrate(db, migrations);
    writeMarker(marker);
    return { db, created, migrated, checked };
  } catch (error) {
    db?.close();
    throw classify(error, file);
  }
}
