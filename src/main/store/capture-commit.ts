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
   * open). Otherwise the transaction commits FULL, as before.
   *
   * Why the NORMAL transaction does not run while the files' fdatasync is in flight (it would hide
   * its ~1–3 ms behind the sync; issue 12 asks for it only if nothing can observe the rows first):
   * the rows would be committed on the one connection while this function awaits the sync, and
   * everything that runs on the JS thread meanwhile sees them. The relay's run loop would lease the
   * case's first step (steps-repo.ts `due`) and upload images whose bytes are not yet durable; its
   * in-flight mark is a FULL commit, which syncs the WAL with these rows in it, so a power cut could
   * then leave a committed case naming a file the cut emptied, after a provider call, for a capture
   * never acknowledged (the operator was still waiting). The queue list (IPC) would show the case
   * before the capture is confirmed. A process kill is harmless either way (the page cache
   * survives); a power cut is not, and a kernel writeback can put WAL pages on disk before the
   * image's. Making the rows unobservable until the sync returns needs a gate in the relay's
   * query and the listings (a "not yet durable" mark, written and cleared: a second commit per
   * capture) and a rule at open for a committed case whose image fails its GCM check: not done.
   * The journal design needs neither: nothing names the files before their sync returns.
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
    // The images' sealed files first, synced off the JS thread (image-files.ts); then the rows.
    let batch: { staged: StagedImage[]; journalled: boolean };
    try {
      batch = await store.images.stageAsync(capture.images, (staged) =>
        sealCaptureJournal(this.cipher, capture, staged, now),
      );
    } catch (error) {
      throw writeFailure(error, 'The capture');
    }
    const transaction = performance.now();
    timings.stage += transaction - staging;
    let body = 0;
    try {
      store.tx(
        () => {
          const rows = performance.now();
          this.insert(capture, batch.staged, now, settle);
          body = performance.now() - rows;
        },
        batch.journalled ? 'relaxed' : 'full',
      );
      timings.rows += body;
      timings.sqliteCommit += performance.now() - transaction - body;
      timings.commits += 1;
    } catch (error) {
      store.images.discard(batch.staged);
      throw writeFailure(error, 'The capture');
    }
    store.images.committed([]);
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
  ): void {
    const { store } = this;
    store.cases.insert({ ...capture.case, created_at: now });
    store.fields.set(capture.case.id, 'typed', capture.fields, now);
    for (const image of staged) store.images.put(capture.case.id, image, now);
    store.steps.insertAll(capture.case.id, capture.steps, now);
    store.events.add({ caseId: capture.case.id, at: now, type: 'captured', code });
    settle?.(now);
  }
}
