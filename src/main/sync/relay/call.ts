/**
 * One provider call under the step timeout, the worker's signal and the relay's stop signal. A
 * connector that ignores its signal cannot hold the relay: the race ends the wait when the signal
 * fires. Connectors must not throw; a throw (a bug) becomes a retryable outcome rather than a stall.
 */
import type { StepOutcome } from '../flow-types';

export interface CallResult<T> {
  outcome: T | Extract<StepOutcome, { kind: 'retryable' }>;
  /** The relay cut the call off (timeout, drain): it may have reached the provider. */
  abortedByRelay: boolean;
}

function thrownOutcome(
  error: unknown,
  signal: AbortSignal,
  timeout: AbortSignal,
): Extract<StepOutcome, { kind: 'retryable' }> {
  if (timeout.aborted) return { kind: 'retryable', code: 'timeout', message: 'The call took too long' };
  if (signal.aborted) return { kind: 'retryable', code: 'aborted', message: 'Stopped on quit' };
  return {
    kind: 'retryable',
    code: 'exception',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** Runs `run` with a signal that fires on `signals` or after `timeoutMs` (real time: it bounds real I/O). */
export async function callProvider<T>(
  timeoutMs: number,
  signals: readonly AbortSignal[],
  run: (signal: AbortSignal) => Promise<T>,
): Promise<CallResult<T>> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const callSignal = AbortSignal.any([...signals, timeout]);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(callSignal.reason as Error);
    callSignal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([run(callSignal), aborted]);
    return { outcome, abortedByRelay: false };
  } catch (error) {
    return { outcome: thrownOutcome(error, callSignal, timeout), abortedByRelay: callSignal.aborted };
  } finally {
    if (onAbort) callSignal.removeEventListener('abort', onAbort);
    aborted.catch(() => undefined);
  }
}
