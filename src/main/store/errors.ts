/**
 * Why the store cannot run. Every one of these stops the app with a "service needed" state: the
 * kiosk never starts over with an empty database when the real one is damaged or unreadable.
 */
import { AppError } from '../ipc/errors';

export type StoreFailure =
  | 'corrupt'
  | 'unreadable'
  | 'newer_schema'
  | 'migration_failed'
  | 'key_missing'
  | 'key_mismatch'
  | 'key_unavailable'
  /** Another kiosk process holds the data folder (data-folder-lock.ts). */
  | 'already_open';

export class StoreUnavailableError extends AppError {
  constructor(
    readonly failure: StoreFailure,
    message: string,
    cause?: unknown,
  ) {
    super(failure === 'already_open' ? 'store_already_open' : 'storage_failure', message, { failure });
    this.name = 'StoreUnavailableError';
    if (cause !== undefined) this.cause = cause;
  }
}

/** SQLite result codes that mean "the disk is full" rather than "something is broken". */
export function isDiskFullError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/**
 * Translates a write failure into the AppError the operator sees. The transaction has already been
 * rolled back by then, so nothing stored before is affected.
 */
export function writeFailure(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (isDiskFullError(error)) {
    return new AppError(
      'disk_full',
      `The disk is full: ${what} was not saved. Free some space and try again.`,
    );
  }
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : undefined;
  return new AppError('storage_failure', `${what} could not be saved (${code ?? 'error'}).`, {
    sqlite: code,
  });
}
