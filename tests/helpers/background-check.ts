/**
 * Runs on a test's queue what core.ts runs some time after start-up (integrity-service.ts): the
 * orphan image-file sweep, then quick_check in a real worker thread; resolves when both are done,
 * so a test waits for them deterministically instead of for a delay.
 */
import { createLogger, memorySink } from '../../src/main/logging/logger';
import type { IntegrityResult } from '../../src/main/store/background-check';
import { IntegrityService } from '../../src/main/store/integrity-service';
import type { QueueService } from '../../src/main/sync/queue-service';

/** The check's result (null without a store); `logLines` gets the service's log lines. */
export async function runBackgroundCheck(
  queue: QueueService,
  logLines: string[] = [],
): Promise<IntegrityResult | null> {
  const store = queue.store;
  if (!store) return null;
  const integrity = new IntegrityService({
    file: store.file,
    checkedAtOpening: store.integrityChecked,
    background: true,
    delayMs: 0,
    log: createLogger(memorySink(logLines), 'debug'),
    now: Date.now,
    auditFailure: () => undefined,
    changed: () => undefined,
    sweep: () => store.sweepImageFiles(),
  });
  return integrity.runNow();
}
