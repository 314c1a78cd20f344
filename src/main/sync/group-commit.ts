/**
 * Group commit for the relay: the writes its workers ask for in the same turn of the event loop are
 * committed together, in one IMMEDIATE transaction (one WAL fsync with synchronous=FULL) instead of
 * one each. Every write runs in its own savepoint, so one that throws is rolled back alone and only
 * its caller sees the error. Each caller's promise settles only after the COMMIT returned: a write
 * is on disk before the worker that asked for it goes on (the relay's rules depend on it: an answer
 * is stored before the next call, a non-idempotent step is in flight before its call).
 *
 * Each write says its durability (store.ts Durability): a group with one 'full' write commits with
 * synchronous=FULL (its fsync covers the relaxed writes with it); a group of relaxed writes only
 * does not fsync.
 */
import type { Durability, KioskStore } from '../store/store';

interface Job {
  write: () => unknown;
  durability: Durability;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  /** Transactions committed and writes they carried (for the benchmark's profile). */
  readonly stats = { commits: 0, writes: 0, fullCommits: 0 };

  constructor(private readonly store: KioskStore) {}

  /**
   * Queues `write` for the next group transaction; resolves with its result once committed (with
   * 'full', once on disk).
   */
  run<T>(write: () => T, durability: Durability = 'full'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, durability, resolve: (value) => resolve(value as T), reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the I/O callbacks of this turn: every answer that arrived meanwhile joins the group.
      setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now (also called directly by tests and on close). */
  flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    if (jobs.length === 0) return;
    this.queue = [];
    const { db } = this.store;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const durability = jobs.some((job) => job.durability === 'full') ? 'full' : 'relaxed';
    try {
      this.store.tx(() => {
        for (const job of jobs) {
          try {
            // A transaction function called inside a transaction runs as a savepoint.
            outcomes.push({ ok: true, value: db.transaction(job.write)() });
          } catch (error) {
            // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) make SQLite roll back the whole
            // transaction: the group is gone, and a later write must not commit on its own.
            if (!db.inTransaction) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      }, durability);
    } catch (error) {
      // The COMMIT (or BEGIN) itself failed: nothing of the group is stored.
      for (const job of jobs) job.reject(error);
      return;
    }
    this.stats.commits++;
    if (durability === 'full') this.stats.fullCommits++;
    this.stats.writes += jobs.length;
    jobs.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
