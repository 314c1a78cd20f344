import type { ErrorCode } from '../../shared/ipc/result';

/**
 * An error a service throws on purpose: its code reaches the renderer (which translates it) and its
 * message is for logs and support. Anything else thrown becomes `internal` and is logged in full.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
