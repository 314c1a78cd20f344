/**
 * Opens the kiosk's SQLite database the one safe way: WAL with synchronous=FULL (a commit survives a
 * power cut), foreign keys on, freed pages overwritten, a quick integrity check, then migrations.
 * Anything wrong stops here with a StoreUnavailableError; the caller shows "service needed".
 */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from './errors';
import { migrate, type Migration, MIGRATIONS } from './migrations';

export interface OpenedDatabase {
  db: Database.Database;
  /** True when the file did not exist before (a fresh install). */
  created: boolean;
  migrated: { from: number; to: number };
}

/**
 * Page size of a new database. Every capture writes ~2 MB of sealed images through the WAL: with
 * 16 KB pages that is 4x fewer WAL frames (and write calls) than SQLite's 4 KB default, while a
 * small relay commit still writes only a few pages. It can only be chosen before the first table
 * exists; an existing database keeps its page size (nothing else depends on it).
 */
export const NEW_DATABASE_PAGE_SIZE = 16384;

const WAL_CHECKPOINT_BYTES = 16 * 1024 * 1024;

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
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    if (created) db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    // Checkpoint every 16 MB of WAL instead of 4 MB: with ~2 MB per capture the default would copy
    // the WAL back into the database after every other capture, on the operator's time. The pragma
    // counts pages, so it follows the file's page size.
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`wal_autocheckpoint = ${Math.ceil(WAL_CHECKPOINT_BYTES / pageSize)}`);
    const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    const problems = check.map((row) => row.quick_check).filter((line) => line !== 'ok');
    if (problems.length > 0) {
      throw new StoreUnavailableError(
        'corrupt',
        `The database ${file} failed its integrity check: ${problems.slice(0, 3).join('; ')}`,
      );
    }
    const migrated = migrate(db, migrations);
    return { db, created, migrated };
  } catch (error) {
    db?.close();
    throw classify(error, file);
  }
}
