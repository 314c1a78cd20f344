/**
 * The kiosk's offline store: one SQLite file in the data folder (mode 0600, like the key file),
 * owned by one process (the data folder's lock) and written through one transaction API: `tx` for
 * the relay's group commit, `command` for everything a person does, which checks its preconditions
 * inside the transaction that writes. It composes the repositories and holds the few operations
 * that must be one transaction (a capture, a retention purge). UI-facing code calls services
 * (src/main/sync/case-service.ts), never SQL.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { deriveAuditKey } from '../security/audit-chain';
import { AuditRepo } from './audit-repo';
import { CasesRepo, type NewCaseRow } from './cases-repo';
import { ClaimsRepo } from './claims-repo';
import { DataFolderLock, createPrivate } from './data-folder-lock';
import { closeDatabase, openDatabase } from './database';
import { type DiskSpace, SpaceGuard, statfsDiskSpace } from './disk-space';
import { StoreUnavailableError, writeFailure } from './errors';
import { EventsRepo } from './events-repo';
import { type Fields, FieldsRepo } from './fields-repo';
import { ImageFiles, type ImageFilesOptions } from './image-files';
import { CaptureCommits } from './capture-commit';
import type { JournalledCapture } from './image-journal';
import { ImagesRepo, type NewImage, type StagedImage } from './images-repo';
import type { KeyProvider } from './key-provider';
import { type Migration, MIGRATIONS } from './migrations';
import { RecordCipher, recordAad } from './record-cipher';
import { BlindIndex, deriveIndexKey } from './search-index';
import { SearchRepo } from './search-repo';
import { SessionsRepo } from './sessions-repo';
import { SettingsRepo } from './settings-repo';
import { type NewStep, StepsRepo } from './steps-repo';
import { checkpointWithoutWaiting, WalCheckpoints } from './wal-checkpoints';

export const DATABASE_FILE = 'kiosk.db';
const KEY_CHECK = 'key-check';
const KEY_CHECK_PLAIN = 'branch-kyc-kiosk store key';

export interface StoreOptions {
  dataDir: string;
  keys: KeyProvider;
  /** New captures are refused below this much free space (bytes). Default 200 MB. */
  freeSpaceFloorBytes?: number;
  disk?: DiskSpace;
  now?: () => number;
  /** Tests only: a different migration list. */
  migrations?: readonly Migration[];
  /** Tests only: the sealed image files' file system and "crash here" hook (image-files.ts). */
  imageFiles?: ImageFilesOptions;
}

/**
 * What a transaction's COMMIT waits for, in WAL mode (sqlite.org/pragma.html#pragma_synchronous,
 * sqlite.org/wal.html):
 * - 'full' (`synchronous=FULL`): the WAL is fsynced before COMMIT returns; the commit survives a
 *   power cut. Everything a person did (captures, answers, cancels) and the in-flight mark written
 *   before a non-idempotent provider call.
 * - 'relaxed' (`synchronous=NORMAL`): no fsync at COMMIT. The database stays consistent (never
 *   corrupt); a power cut may roll back the last relaxed commits, a SIGKILL or crash of the process
 *   loses nothing (the OS holds the WAL). A later 'full' commit (or a checkpoint) fsyncs the WAL and
 *   with it every relaxed commit before it (WAL order). Only for writes the relay redoes safely when
 *   they are lost: leases, idempotent steps' outcomes, back-off schedules, step events.
 */
export type Durability = 'full' | 'relaxed';

export interface NewCapture {
  case: Omit<NewCaseRow, 'created_at'>;
  fields: Fields;
  images: readonly NewImage[];
  steps: readonly NewStep[];
}

export class KioskStore {
  readonly db: Database.Database;
  readonly cases: CasesRepo;
  readonly steps: StepsRepo;
  readonly images: ImagesRepo;
  readonly fields: FieldsRepo;
  readonly events: EventsRepo;
  readonly sessions: SessionsRepo;
  readonly search: SearchRepo;
  /** Serial claims (one case at a time per subject, keyed digests only). */
  readonly claims: ClaimsRepo;
  /** The audit trail (issue 13): every case event is appended here in its own transaction. */
  readonly audit: AuditRepo;
  /** What an administrator changed on the settings screen (src/main/admin/settings-service.ts). */
  readonly settings: SettingsRepo;
  readonly file: string;
  /** Whether opening ran the integrity check (the last run did not shut down cleanly). */
  readonly integrityChecked: boolean;
  /** Captures whose rows are committed and whose files' sync has not returned (capture-commit.ts). */
  capturesSyncing = 0;
  /** Wall-clock ms when this process took the data folder's lock (the orphan sweep's cut-off). */
  private readonly lockedAt: number;
  readonly now: () => number;
  /** The free-space floor (disk-space.ts). */
  private readonly space: SpaceGuard;
  private readonly lock: DataFolderLock;
  private closed = false;
  /** Checkpoints out of the commits' path (wal-checkpoints.ts). */
  private readonly walCheckpoints: WalCheckpoints;
  /** What the connection's `PRAGMA synchronous` is now (database.ts opens it FULL). */
  private durability: Durability = 'full';
  /** The capture commit and its journal's replay (capture-commit.ts); public for its timings (the bench). */
  readonly captures: CaptureCommits;

  private constructor(
    db: Database.Database,
    cipher: RecordCipher,
    index: BlindIndex,
    auditKey: Buffer,
    options: StoreOptions,
    file: string,
    lock: DataFolderLock,
    integrityChecked: boolean,
    lockedAt: number,
  ) {
    this.db = db;
    this.lockedAt = lockedAt;
    this.lock = lock;
    this.file = file;
    this.integrityChecked = integrityChecked;
    this.now = options.now ?? Date.now;
    this.space = new SpaceGuard(
      options.disk ?? statfsDiskSpace,
      file,
      options.freeSpaceFloorBytes ?? 200 * 1024 * 1024,
    );
    this.cases = new CasesRepo(db);
    this.search = new SearchRepo(db, index);
    this.claims = new ClaimsRepo(db, index);
    this.steps = new StepsRepo(db, cipher, this.search);
    this.images = new ImagesRepo(
      db,
      cipher,
      new ImageFiles(options.dataDir, {
        roomFor: (bytes) => this.hasRoomFor(bytes),
        ...options.imageFiles,
      }),
    );
    this.fields = new FieldsRepo(db, cipher, this.search);
    this.audit = new AuditRepo(db, auditKey);
    this.events = new EventsRepo(db, (event) =>
      this.audit.append({
        at: event.at,
        action: event.type,
        caseId: event.caseId,
        detail: {
          ...(event.stepKey ? { step: event.stepKey } : {}),
          // A review's code lists the corrected fields' names (case-service.ts recordReview).
          ...(event.code ? { [event.type === 'reviewed' ? 'corrected' : 'code']: event.code } : {}),
          ...this.audit.describe?.(event),
        },
        ...(event.message ? { changed: event.message } : {}),
      }),
    );
    this.sessions = new SessionsRepo(db, cipher);
    this.settings = new SettingsRepo(db);
    this.captures = new CaptureCommits(this, cipher);
    this.walCheckpoints = new WalCheckpoints(
      file,
      // Nor before a capture whose rows committed is acknowledged (capture-commit.ts): its last
      // commit queues the checkpoint again.
      () => this.closed || db.inTransaction || this.capturesSyncing > 0,
      () => checkpointWithoutWaiting(db),
    );
  }

  /**
   * Opens (or creates) the store; throws StoreUnavailableError for anything that needs service,
   * 'already_open' when another process holds the data folder.
   */
  static open(options: StoreOptions): KioskStore {
    const file = join(options.dataDir, DATABASE_FILE);
    const lock = DataFolderLock.acquire(options.dataDir);
    // Every image file written before this instant belongs to a process that is gone (the lock says
    // so): the orphan sweep considers only those (sweepImageFiles). Wall clock on purpose: it is
    // compared with the files' modification times, not used to decide anything about a case. The
    // migrations and key check below take longer than the kernel's coarse file-time tick, so a file
    // this process writes always carries a later time.
    const lockedAt = Date.now();
    let db: Database.Database;
    let created: boolean;
    let migrated: { from: number; to: number };
    let checked: boolean;
    try {
      // SQLite creates the WAL and shm files with the database file's mode.
      createPrivate(file);
      ({ db, created, migrated, checked } = openDatabase(file, options.migrations ?? MIGRATIONS));
    } catch (error) {
      lock.release();
      throw error;
    }
    try {
      const hasKeyCheck = db.prepare('SELECT 1 FROM meta WHERE key = ?').get(KEY_CHECK) !== undefined;
      // A key is only ever made for a database that holds nothing yet (no key check written).
      const key = options.keys.loadKey({ create: !hasKeyCheck });
      const cipher = new RecordCipher(key);
      const index = new BlindIndex(deriveIndexKey(key));
      const auditKey = deriveAuditKey(key);
      key.fill(0);
      const aad = recordAad('meta', KEY_CHECK, 'value');
      if (hasKeyCheck) {
        const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK) as { value: Buffer };
        try {
          cipher.open(row.value, aad);
        } catch (error) {
          throw new StoreUnavailableError(
            'key_mismatch',
            `The store key from ${options.keys.description} does not open this database.`,
            error,
          );
        }
      } else {
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
          KEY_CHECK,
          cipher.seal(Buffer.from(KEY_CHECK_PLAIN), aad),
        );
      }
      const store = new KioskStore(db, cipher, index, auditKey, options, file, lock, checked, lockedAt);
      // Image files no row names are not looked for here (cost ∝ files): sweepImageFiles, run by the
      // background check.
      // The pool of preallocated image files (image-files.ts): filled in the background (libuv's
      // threads), never on the path to the first screen; what the sweep later keeps joins it.
      if (!options.imageFiles?.manualFill) void store.images.files.fillPool();
      // A database from before the blind index (schema < 4): index the numbers already stored.
      if (!created && migrated.from < 4 && migrated.to >= 4) store.reindexSearch();
      return store;
    } catch (error) {
      db.close();
      lock.release();
      throw error;
    }
  }

  /**
   * Removes the image files no row names (a crash between a file's fsync and its row's commit, or
   * between a purge's commit and its unlink) that were written before this store was opened, and
   * strays (a partial write's leftovers). Not on the path to the first screen: its cost grows with
   * the files in `images/` (a listing and a look-up each; `npm run bench -- startup_files`), so the
   * background check runs it (integrity-service.ts). Until then an orphan is harmless: it cannot be
   * opened without its key, which went with its row. Returns how many files were removed.
   */
  sweepImageFiles(): number {
    if (this.closed) return 0;
    return this.images.sweep(this.lockedAt);
  }

  /**
   * True: this process holds the data folder's lock, so it is the store's only writer (the relay
   * takes back leases of dead processes at start on that ground).
   */
  get soleWriter(): boolean {
    return !this.closed;
  }

  /** Rebuilds the blind index from every case's sealed fields and provider answers, in one transaction. */
  reindexSearch(): number {
    const ids = (
      this.db
        .prepare(
          `SELECT case_id FROM case_fields WHERE data_enc IS NOT NULL
           UNION SELECT case_id FROM steps WHERE answer_enc IS NOT NULL`,
        )
        .all() as { case_id: string }[]
    ).map((row) => row.case_id);
    let indexed = 0;
    this.tx(() => {
      for (const id of ids) {
        this.search.drop(id);
        for (const fields of Object.values(this.fields.read(id))) indexed += this.search.add(id, fields);
        for (const answer of Object.values(this.steps.answers(id))) indexed += this.search.add(id, answer);
      }
    });
    return indexed;
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction: all of it is committed, or none of it. `durability`
   * (default 'full') says what its COMMIT waits for; see Durability. Called inside a transaction,
   * `fn` joins it (a savepoint) and the outer transaction's durability applies.
   */
  tx<T>(fn: () => T, durability: Durability = 'full'): T {
    if (this.db.inTransaction) return this.db.transaction(fn).immediate();
    this.setSynchronous(durability);
    const result = this.db.transaction(fn).immediate();
    this.walCheckpoints.afterCommit();
    return result;
  }

  /**
   * A command: `fn` checks its preconditions (throwing an AppError, e.g. 'conflict') and writes,
   * inside one IMMEDIATE transaction, so nothing can change between the check and the write. Other
   * failures become the translated write error for `what` (errors.ts). Everything a person did is
   * 'full' (the default); 'relaxed' only where the caller's comment says why a power cut losing it
   * is harmless.
   */
  command<T>(what: string, fn: () => T, options: { durability?: Durability } = {}): T {
    try {
      return this.tx(fn, options.durability ?? 'full');
    } catch (error) {
      throw writeFailure(error, what);
    }
  }

  /**
   * The connection's `PRAGMA synchronous` for the next COMMIT: FULL (2) fsyncs the WAL at the
   * commit, NORMAL (1) leaves it to the next FULL commit or checkpoint. Set outside a transaction
   * only, and only when it changes (the pragma is a statement of its own).
   */
  private setSynchronous(durability: Durability): void {
    if (durability === this.durability) return;
    this.db.pragma(durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    this.durability = durability;
  }

  /** Whether the image pool may allocate `bytes` more (disk-space.ts SpaceGuard). */
  hasRoomFor(bytes: number): boolean {
    return this.space.hasRoomFor(bytes);
  }

  /** Refuses new work ('disk_full') that would cross the free-space floor (disk-space.ts SpaceGuard). */
  ensureSpaceFor(bytes: number): void {
    this.space.ensureSpaceFor(bytes);
  }

  /** The capture commit and its journal's replay: capture-commit.ts `commit`. */
  commitCapture(capture: NewCapture, settle?: (now: number) => void): Promise<void> {
    return this.captures.commit(capture, settle);
  }

  /** At open: capture-commit.ts `settlePendingFiles` (cases marked files_pending checked). */
  settlePendingFiles(): { kept: string[]; dropped: string[] } {
    return this.captures.settlePendingFiles();
  }

  /** Clears the marks whose unmarking commit failed: capture-commit.ts `retryUnmarking`. */
  retryUnmarking(): number {
    return this.captures.retryUnmarking();
  }

  /** After a crash, the journalled captures to replay: capture-commit.ts `journalled`. */
  journalledCaptures(): JournalledCapture[] {
    return this.captures.journalled();
  }

  /** Commits a journalled capture: capture-commit.ts `replay`. */
  replayCapture(journal: JournalledCapture, settle?: (now: number) => void): void {
    this.captures.replay(journal, settle);
  }

  /**
   * Writes the sealed files of images about to be committed (ImagesRepo.stage), outside any
   * transaction; a failure (ENOSPC: `disk_full`) is the translated write error for `what`.
   */
  stageImages(what: string, images: readonly NewImage[]): StagedImage[] {
    try {
      return this.images.stage(images);
    } catch (error) {
      throw writeFailure(error, what);
    }
  }

  /**
   * Retention: removes images, personal fields, provider answers and sessions of completed cases
   * (completed before `cutoff`), keeps their metadata and history, then truncates the WAL so the
   * removed data does not linger in it. Cases that are not completed are never touched.
   */
  purgeCompleted(cutoff: number): number {
    const now = this.now();
    const ids = this.cases.completedBefore(cutoff);
    if (ids.length === 0) return 0;
    const files: string[] = [];
    this.tx(() => {
      for (const id of ids) {
        files.push(...this.images.purge(id, now));
        this.fields.purge(id, now);
        this.steps.purge(id);
        this.sessions.drop(id);
        this.claims.drop(id);
        this.cases.markPurged(id, now);
        this.events.add({ caseId: id, at: now, type: 'purged' });
      }
    });
    // The files only once no row names them (a crash before this: the sweep at the next start).
    this.images.committed(files);
    this.checkpoint();
    return ids.length;
  }

  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.checkpoint();
    } catch {
      // a read-only or full disk: the WAL stays and is replayed at the next start
    }
    closeDatabase(this.db, this.file);
    this.lock.release();
  }
}
