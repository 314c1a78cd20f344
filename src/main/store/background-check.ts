/**
 * The store's background integrity check (issue 14): `PRAGMA quick_check` on a separate read-only
 * connection in a `worker_threads` worker, so the main event loop (IPC, relay, the first screen)
 * never waits for it. Opening the store runs the same check only after an unclean shutdown
 * (database.ts); this one runs some time after a healthy start, because a cleanly closed file can
 * still be damaged by the disk underneath it.
 *
 * quick_check reads every page of the file (about 1 s on a 4 GB folder) but does not lock writers
 * out: the kiosk runs WAL, so the worker reads one consistent snapshot while the relay commits.
 *
 * The worker is a short CommonJS script run with `eval: true` rather than a separate file, so the
 * same code runs in every host (the electron-vite bundle, the harness under tsx, Vitest) without a
 * bundler entry; it loads the very better-sqlite3 the main process uses (its resolved path is
 * passed in `workerData`).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What one check found. `problems` are SQLite's own lines (page numbers, never customer data). */
export interface IntegrityResult {
  /** ok: "ok"; failed: quick_check reported damage (or SQLite called the file corrupt); error: it could not run. */
  outcome: 'ok' | 'failed' | 'error';
  /** At most MAX_PROBLEMS of SQLite's lines; for `error`, the reason it could not run. */
  problems: string[];
  /** Wall time of the check inside the worker, ms. */
  ms: number;
  /** The worker's thread id (never 0, the main thread's): where the pages were read. */
  threadId: number;
}

/** quick_check stops after this many problems: a damaged file is reported, not listed in full. */
export const MAX_PROBLEMS = 20;

const CORRUPT_CODES = ['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_FORMAT'];

const WORKER_SOURCE = `
const { parentPort, workerData, threadId } = require('node:worker_threads');
const Database = require(workerData.driver);
const started = performance.now();
let db;
let result;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const rows = db.pragma('quick_check(' + workerData.maxProblems + ')', { simple: false });
  const problems = rows.map((row) => String(row.quick_check)).filter((line) => line !== 'ok');
  result = { outcome: problems.length === 0 ? 'ok' : 'failed', problems };
} catch (error) {
  const code = error && typeof error.code === 'string' ? error.code : '';
  const message = (code ? code + ': ' : '') + (error instanceof Error ? error.message : String(error));
  result = { outcome: workerData.corruptCodes.includes(code) ? 'failed' : 'error', problems: [message] };
} finally {
  try { if (db) db.close(); } catch {}
}
parentPort.postMessage({ ...result, ms: performance.now() - started, threadId });
`;

/** The path of the better-sqlite3 module this process loaded, for the worker to require. */
function driverPath(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}

/** A running check: its result, or `stop()` to end it without waiting. */
export interface RunningCheck {
  /** Resolves with the result; resolves to null when stopped (or when the worker died without one). */
  result: Promise<IntegrityResult | null>;
  /** Terminates the worker; returns at once (quitting never waits for the check). */
  stop(): void;
}

/**
 * Starts quick_check of the SQLite file `file` in a new worker thread. The worker opens its own
 * read-only connection, so the main connection's transactions are untouched.
 */
export function checkInWorker(file: string): RunningCheck {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver: driverPath(), maxProblems: MAX_PROBLEMS, corruptCodes: CORRUPT_CODES },
  });
  // The check must never keep a quitting process alive.
  worker.unref();
  let stopped = false;
  const result = new Promise<IntegrityResult | null>((resolve) => {
    worker.once('message', (message: IntegrityResult) => resolve(stopped ? null : message));
    worker.once('error', (error: Error) =>
      resolve(
        stopped ? null : { outcome: 'error', problems: [error.message], ms: 0, threadId: worker.threadId },
      ),
    );
    worker.once('exit', () => resolve(null));
  });
  return {
    result,
    stop: () => {
      if (stopped) return;
      stopped = true;
      void worker.terminate().catch(() => undefined);
    },
  };
}
