/**
 * The one shape every IPC operation answers with. Errors carry a stable `code` that the renderer
 * translates for the operator, and an English `message` for logs and support staff.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_operation'
  | 'forbidden_sender'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'disk_full'
  | 'storage_failure'
  | 'internal';

export interface IpcError {
  code: ErrorCode;
  message: string;
  /** Optional machine-readable details (field paths of a validation error, provider codes). */
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: unknown): Result<never> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}
