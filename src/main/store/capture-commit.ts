/**
 * The capture commit (issue 12, "capture commit ≤ 1.5× a preallocated write + fsync"): a new case's
 * images, sealed fields and steps committed together, and, after a crash, the replay of a capture
 * whose journal is durable but whose rows are not (image-journal.ts says why each instant is safe).
 * KioskStore (store.ts) owns one and forwards `commitCapture`, `journalledCaptures` and
 * `replayCapture` to it.
 */
import { writeFailure } from './errors';
import { type JournalledCapture, sealCaptureJournal, unreplayedCaptures } from './image-journal';
import type { StagedImage } from './images-repo';
import type { RecordCipher } from './record-cipher';
import type { KioskStore, NewCapture } from './store';

/**
 * Where a capture's commit spent its wall time (ms, summed since `resetTimings`; the bench prints
 * the timeline per stage): the space check, the files' stage (seal, write, journal, syncs:
 * image-files.ts has the finer split), the transaction's body (the rows and the local steps) and
 * its BEGIN/COMMIT (SQLite's own time: WAL writes, an autocheckpoint when one falls due).
 */
export interface CaptureCommitTimings {
  spaceCheck: number;
  stage: number;
  rows: number;
  sqliteCommit: number;
  /** Commits timed. */
  commits: number;
}

function noTimings(): CaptureCommitTimings {
  return { spaceCheck: 0, stage: 0, rows: 0, sqliteCommit: 0, commits: 0 };
}

export class CaptureCommits {
  /** Cases whose unmarking commit failed after their files synced (`retryUnmarking`). */
  private readonly unmarkFailed = new Set<string>();

  /** The timeline of the commits since `resetTimings` (the bench reads it). */
  timings: CaptureCommitTimings = noTimings();

  resetTimings(): void {
    this.timings = noTimings();
  }

  constructor(
    private readonly store: KioskStore,
    /** The store key's cipher: the journal is sealed with it. */
    private readonly cipher: RecordCipher,
  ) {}

  /**
   * The outbox write: case, sealed fields and images, and every step, in one transaction (`settle`
   * runs inside it, to finish the local steps). When it resolves the capture is on disk; when it
   * rejects, nothing of it is (or, killed after its journal, it is replayed at the next open).
   * Errors: the translated write error (disk_full...) for "The capture".
   *
   * Durability: when every image went into a pooled file, the capture's rows are also journalled
   * into the tail of the last one, so the files' one sync makes the whole capture durable and the
   * transaction commits with synchronous=NORMAL (no second fsync; the WAL is synced by the next
   * FULL commit or checkpoint, and a power cut before that is repaired by the replay at the next
   * open). Otherwise the transaction commits FULL, after the files' (and directory's) sync.
   *
   * Why a journalled capture's rows commit while its files' fdatasync is still in flight (it hides
   * their ~1.7 ms behind the sync): until the sync returns the case carries `files_pending = 1`,
   * cleared by a second relaxed commit once it has (migration 9; when that commit fails, the relay's
   * next turn retries it: `retryUnmarking`). What could observe the rows first:
   *   - the relay: a marked case is not runnable (steps-repo.ts), so nothing is sent from files that
   *     are not durable, and the relay's first FULL commit for the case comes after the sync;
   *   - another FULL commit, or a checkpoint, in the window syncs the WAL with these rows: a power
   *     cut then can leave a committed case whose file lost its bytes. The next open checks every
   *     marked case's files (GCM tag: `settlePendingFiles`) and deletes one that fails: it was never
   *     acknowledged (the operator was still waiting) and nothing was sent for it;
   *   - the queue lists show the case ~2 ms before the capture is confirmed; if the sync then fails
   *     (an I/O error) the case is deleted again before the error reaches the operator.
   * A process kill at any instant leaves the page cache, so the files are whole: the next open
   * finds them so and clears the mark (image-files-kill.test.ts).
   */
  async commit(capture: NewCapture, settle?: (now: number) => void): Promise<void> {
    const { store } = this;
    const { timings } = this;
    const started = performance.now();
    const bytes = capture.images.reduce((sum, image) => sum + image.bytes.byteLength, 0);
    store.ensureSpaceFor(bytes * 2 + 1024 * 1024);
    const staging = performance.now();
    timings.spaceCheck += staging - started;
    // The clock is read once: the journal and the transaction record the same commit time (ms).
    const now = store.now();
    const id = capture.case.id;
    /**
     * The rows were committed during the files' sync, and counted in store.capturesSyncing (no WAL
     * checkpoint until the acknowledgement). Set with the count, before the rows' commit: when that
     * commit throws, `whileSyncing` throws and the stage rejects (image-files.ts `writeMany`), so
     * once the stage has resolved this also says the rows are committed.
     */
    let rowsDuringSync = false;
    // The images' sealed files first, synced off the JS thread (image-files.ts); the rows of a
    // journalled capture while that sync runs, the others' after it.
    let batch: { staged: StagedImage[]; journalled: boolean };
    try {
      batch = await store.images.stageAsync(
        capture.images,
        (staged) => sealCaptureJournal(this.cipher, capture, staged, now),
        (staged, journalled) => {
          if (!journalled) return undefined;
          store.capturesSyncing += 1;
          rowsDuringSync = true;
          this.commitRows(capture, staged, now, settle, 'relaxed', 1);
          store.images.files.reach('rows_committed');
          return () => store.tx(() => store.cases.dropUnsaved(id));
        },
      );
    } catch (error) {
      throw writeFailure(error, 'The capture');
    } finally {
      if (rowsDuringSync) store.capturesSyncing -= 1;
    }
    timings.stage += performance.now() - staging;
    if (rowsDuringSync) {
      // The capture is durable and committed; when this commit fails (a full disk) the mark only
      // keeps the relay away until `retryUnmarking` clears it. Not a failure of the capture.
      this.unmark(id);
    } else {
      try {
        this.commitRows(capture, batch.staged, now, settle, 'full', 0);
      } catch (error) {
        store.images.discard(batch.staged);
        throw writeFailure(error, 'The capture');
      }
    }
    store.images.committed([]);
  }

  /**
   * Clears the mark of a case whose files are synced, relaxed (a power cut losing it: the next open
   * checks the files and clears it). False when the commit failed: the id is kept for
   * `retryUnmarking`.
   */
  private unmark(id: string): boolean {
    try {
      this.store.tx(() => this.store.cases.filesSynced(id), 'relaxed');
    } catch {
      this.unmarkFailed.add(id);
      return false;
    }
    this.unmarkFailed.delete(id);
    return true;
  }

  /**
   * Retries the unmarking commits that failed (`commit`): without it such a case, acknowledged and
   * durable, is not runnable (steps-repo.ts) until the next open's `settlePendingFiles`. The relay
   * calls it at each turn of its loop, before it looks for work. Nothing while a capture's rows are
   * committed and its files' sync runs (store.capturesSyncing > 0): that window gets no commit but
   * the capture's own, as it gets no checkpoint (store.ts); the next turn comes. An id whose commit
   * fails again stays for the next call. Returns how many cases were cleared.
   */
  retryUnmarking(): number {
    if (this.unmarkFailed.size === 0 || this.store.capturesSyncing > 0) return 0;
    let cleared = 0;
    for (const id of [...this.unmarkFailed]) if (this.unmark(id)) cleared += 1;
    return cleared;
  }

  /**
   * The capture's rows in one transaction (`durability`; `pending`: the case's files_pending), its
   * body and SQLite's own BEGIN/COMMIT timed apart.
   */
  private commitRows(
    capture: NewCapture,
    staged: readonly StagedImage[],
    now: number,
    settle: ((now: number) => void) | undefined,
    durability: 'full' | 'relaxed',
    pending: 0 | 1,
  ): void {
    const { timings } = this;
    const transaction = performance.now();
    let body = 0;
    this.store.tx(() => {
      const rows = performance.now();
      this.insert(capture, staged, now, settle, undefined, pending);
      body = performance.now() - rows;
    }, durability);
    timings.rows += body;
    timings.sqliteCommit += performance.now() - transaction - body;
    timings.commits += 1;
  }

  /**
   * At open, before the journal replay and the relay: each case still marked `files_pending` (its
   * rows committed during its files' sync, and the process stopped before the mark was cleared) has
   * every image file opened and its GCM tag checked. Whole: the mark is cleared (a kill leaves the
   * page cache, so this is the usual outcome). Not whole (a power cut took the file's bytes, or the
   * sync failed): the case is deleted, FULL; it was never acknowledged and the relay never ran it.
   * Its files are then unnamed and go back to the pool with the orphan sweep. Returns both lists.
   */
  settlePendingFiles(): { kept: string[]; dropped: string[] } {
    const { store } = this;
    const kept: string[] = [];
    const dropped: string[] = [];
    for (const id of store.cases.filesPending()) {
      const whole = store.images
        .list(id)
        .filter((image) => !image.purged)
        .every((image) => {
          try {
            return store.images.read(id, image.role) !== undefined;
          } catch {
            return false;
          }
        });
      if (whole) {
        store.tx(() => store.cases.filesSynced(id));
        kept.push(id);
      } else if (store.tx(() => store.cases.dropUnsaved(id))) {
        dropped.push(id);
      }
    }
    return { kept, dropped };
  }

  /**
   * At open, before the relay starts and before the orphan sweep: the journalled captures whose
   * rows never committed, or whose NORMAL commit a power cut took with the WAL
   * (image-journal.ts `unreplayedCaptures`). Only after a crash (the running marker was left:
   * `integrityChecked`), since it lists the image folder.
   */
  journalled(): JournalledCapture[] {
    if (!this.store.integrityChecked) return [];
    return unreplayedCaptures(this.store.images, this.cipher, (id) => this.store.cases.get(id) !== undefined);
  }

  /**
   * Commits a journalled capture (`journalled`) through the same transaction as `commit`, with
   * synchronous=FULL, at the journal's time; its `captured` event says `recovered`. Nothing when
   * its case is there already.
   */
  replay(journal: JournalledCapture, settle?: (now: number) => void): void {
    this.store.tx(() => {
      if (this.store.cases.get(journal.capture.case.id)) return;
      this.insert(journal.capture, journal.staged, journal.at, settle, 'recovered');
      this.store.images.files.reach('replaying');
    });
    for (const item of journal.staged) item.written.key.fill(0);
    this.store.images.committed([]);
  }

  /** The capture's rows (inside a transaction): the one body a commit and a replay both run. */
  private insert(
    capture: Omit<NewCapture, 'images'>,
    staged: readonly StagedImage[],
    now: number,
    settle: ((now: number) => void) | undefined,
    code?: string,
    pending: 0 | 1 = 0,
  ): void {
    const { store } = this;
    store.cases.insert({ ...capture.case, created_at: now, files_pending: pending });
    store.fields.set(capture.case.id, 'typed', capture.fields, now);
    for (const image of staged) store.images.put(capture.case.id, image, now);
    store.steps.insertAll(capture.case.id, capture.steps, now);
    store.events.add({ caseId: capture.case.id, at: now, type: 'captured', code });
    settle?.(now);
  }
}
