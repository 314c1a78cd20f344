import { AppError } from '../ipc/errors';

/** Why a scan stopped: the timeout or the operator. Sources throw this when their signal aborts. */
export function abortError(signal: AbortSignal): AppError {
  const reason: unknown = signal.reason;
  if (reason instanceof AppError) return reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    return new AppError('scan_timeout', 'The scan took too long');
  }
  return new AppError('scan_cancelled', 'The scan was cancelled');
}

/** Resolves after `ms`, or rejects with abortError when the signal aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
