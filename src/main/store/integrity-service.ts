/**
 * When the store's integrity is checked, and what a result does (issue 14). After an unclean
 * shutdown the check already ran while opening (database.ts), before anything read the file. After
 * a clean one it runs in the background, `delayMs` after start-up, in a worker thread
 * (background-check.ts), never on the path to the first screen. Every result is logged; a failure
 * is audited and shown to the administrator (AppStatus.storeCheck), and the diagnostics bundle
 * carries the last result for support.
 *
 * The same moment removes the image files no row names (`sweep`, the store's sweepImageFiles): that
 * costs a look-up per file in `images/`, so it stays off the first screen's path too, and it runs
 * even when the check itself is off or already ran at opening. An orphan is harmless until then.
 */
import type { StoreCheck } from '../../shared/ipc/app';
import type { Logger } from '../logging/logger';
import { checkInWorker, type IntegrityResult, type RunningCheck } from './background-check';

export interface IntegrityServiceOptions {
  /** The database file; undefined when the store could not be opened (nothing to check). */
  file: string | undefined;
  /** True when opening already ran the check (the last shutdown was not clean). */
  checkedAtOpening: boolean;
  /** Run the background check (configuration `store.backgroundCheck`). */
  background: boolean;
  /** How long after start-up the background check runs, ms (`store.backgroundCheckDelaySeconds`). */
  delayMs: number;
  log: Logger;
  now: () => number;
  /** Writes a failure to the audit trail (called once per failed check). */
  auditFailure: (result: IntegrityResult) => void;
  /** The status changed (pushed to the renderer with the app status). */
  changed: (status: StoreCheck) => void;
  /**
   * Removes orphan image files and answers how many (KioskStore.sweepImageFiles); run once, before
   * the first check. Absent: nothing to sweep (no store).
   */
  sweep?: () => number;
  /** Tests: run the check elsewhere; default a worker thread. */
  check?: (file: string) => RunningCheck;
}

/** The last result in full, for the diagnostics bundle (no customer data: page numbers only). */
export interface IntegrityReport extends StoreCheck {
  problems?: string[];
  ms?: number;
  /** For a failure: what support does first (in the diagnostics bundle). */
  advice?: string;
}

/**
 * What support does with a failed check. Records are sealed one by one (record-cipher.ts), so rows
 * SQLite can still read stay readable with the key; a copy first, so no repair attempt loses more.
 */
export const SUPPORT_ADVICE =
  'Stop the kiosk, then copy the whole data folder (kiosk.db, kiosk.db-wal, kiosk.db-shm, the images ' +
  'folder and the store ' +
  'key) before anything else. Work on the copy: sqlite3 ".recover" into a new file, open it with the same ' +
  'key on a test machine, compare case counts with the last audit export, then replace the folder. Never ' +
  'start the kiosk on an empty folder while captures are unsent.';

export class IntegrityService {
  private state: IntegrityReport;
  private timer: NodeJS.Timeout | undefined;
  private running: RunningCheck | undefined;
  private stopped = false;
  private swept = false;

  constructor(private readonly options: IntegrityServiceOptions) {
    const openedAt = new Date(options.now()).toISOString();
    if (options.checkedAtOpening) this.state = { state: 'ok', at: 'opening', checkedAt: openedAt };
    else if (options.background && options.file) this.state = { state: 'scheduled' };
    else this.state = { state: 'off' };
  }

  /** What the status line and the administrator see. */
  status(): StoreCheck {
    const { state, at, checkedAt } = this.state;
    return { state, ...(at ? { at } : {}), ...(checkedAt ? { checkedAt } : {}) };
  }

  /** The last result with SQLite's lines and duration, for support. */
  report(): IntegrityReport {
    return { ...this.state, ...(this.state.state === 'failed' ? { advice: SUPPORT_ADVICE } : {}) };
  }

  /**
   * Schedules the background work `delayMs` after start-up: the orphan sweep, then the check (the
   * check only when it is on and did not already run at opening).
   */
  start(): void {
    const check = this.state.state === 'scheduled';
    if (this.stopped || (!check && (this.swept || !this.options.sweep))) return;
    this.timer = setTimeout(() => {
      this.sweepOnce();
      if (check) void this.runNow();
    }, this.options.delayMs);
    this.timer.unref();
  }

  /**
   * The orphan image-file sweep, once per start (logged with its count and duration). A failure
   * is logged and left to the next start: the files stay unreadable without their keys.
   */
  sweepOnce(): void {
    if (this.swept || this.stopped || !this.options.sweep) return;
    this.swept = true;
    const started = performance.now();
    try {
      const removed = this.options.sweep();
      this.options.log.info('store.files_swept', { removed, ms: Math.round(performance.now() - started) });
    } catch (error) {
      this.options.log.warn('store.files_sweep_failed', { error });
    }
  }

  /**
   * Runs the orphan sweep (if it has not run yet), then the check now in the worker; resolves with its result, or null when it is turned off,
   * already running, stopped, or there is no store.
   */
  async runNow(): Promise<IntegrityResult | null> {
    this.sweepOnce();
    const file = this.options.file;
    if (!file || !this.options.background || this.stopped || this.running) return null;
    clearTimeout(this.timer);
    this.running = (this.options.check ?? checkInWorker)(file);
    this.set({ state: 'running', at: 'background' });
    const result = await this.running.result;
    this.running = undefined;
    if (!result || this.stopped) return null;
    this.accept(result);
    return result;
  }

  /** Quit: cancels the timer and terminates a running worker without waiting for it. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.running?.stop();
    this.running = undefined;
  }

  private accept(result: IntegrityResult): void {
    const checkedAt = new Date(this.options.now()).toISOString();
    const ms = Math.round(result.ms);
    const { log } = this.options;
    if (result.outcome === 'ok') {
      log.info('store.integrity_ok', { at: 'background', ms });
    } else if (result.outcome === 'failed') {
      log.error('store.integrity_failed', { at: 'background', ms, problems: result.problems });
      try {
        this.options.auditFailure(result);
      } catch (error) {
        // a damaged file may refuse the write too: the log line and the warning remain
        log.error('store.integrity_audit_failed', { error });
      }
    } else {
      log.warn('store.integrity_not_run', { at: 'background', problems: result.problems });
    }
    this.set({ state: result.outcome, at: 'background', checkedAt, problems: result.problems, ms });
  }

  private set(report: IntegrityReport): void {
    this.state = report;
    this.options.changed(this.status());
  }
}
