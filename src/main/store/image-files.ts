/**
 * (Over ~400 lines on purpose: the write, the read, the sweep and the crash-order rules between a
 * file and its row are one unit that must be read together; the pool's state and fill are in
 * image-pool.ts; `sweepImageFiles` stays here, where other callers were told to find it.)
 *
 * Sealed image files beside the database (issue 12, "capture commit ≤ 1.5× a write + fsync"): each
 * captured image (or supporting PDF) is one file `<data>/images/<file id>.sealed`, mode 0600, named
 * by 128 random bits (no personal data, nothing about the case in the name), encrypted with a key
 * of its own (AES-256-GCM, 96-bit random nonce). The database row holds that key (sealed with the
 * store key), the nonce, the file's size and the image's SHA-256 (images-repo.ts), so:
 *   - an image's bytes no longer go through SQLite's pages and WAL (copied twice, checkpointed);
 *   - a file without its row (a crash between the file's fsync and the row's commit, or between a
 *     purge's commit and the unlink) cannot be opened by anyone (its key never reached, or has left,
 *     the database, which overwrites freed pages: secure_delete) and is removed by the sweep that
 *     runs with the background check after the next start (`sweepImageFiles`), off the path to the
 *     first screen.
 *
 * Order, for crash safety (the same as a messenger's attachments): the file is written and fsynced,
 * then its directory is fsynced (the new name must survive a power cut before a row names it), and
 * only then does the row commit. A file is removed only after the commit that stopped naming it.
 *
 * Layout of a file: ciphertext (as long as the image) | GCM tag (16 bytes). The associated data is
 * the row's identity (record-cipher.ts `recordAad('images', id, 'file')`), so a file renamed to
 * another row's name fails to open.
 *
 * The pool (issue 12, "capture commit ≤ 1.5× a preallocated write + fsync"): a file whose name is
 * already durable and whose blocks are already allocated costs a capture one `fdatasync` (data only:
 * its size does not change, so no metadata is flushed) and no directory fsync. So up to
 * `poolFiles` unnamed files of `poolFileBytes` (zero-filled, fsynced, their directory fsynced once
 * per fill) wait in the folder; a capture claims one by writing its sealed image from offset 0 and
 * the row names it (no rename: the claim is the row). A file no row names is, after a crash or a
 * purge, overwritten with zeros and returned to the pool (or removed past the pool's size): an
 * unnamed file is therefore either a zeroed pool file or ciphertext whose key never reached, or
 * has left, the database. The pool is filled in the background (libuv's threads, `fs.promises`)
 * after a commit, never during one; a failure there (a full disk) only leaves captures to create
 * new files as before. Layout of a pooled file: ciphertext | tag | zeros (or an older ciphertext's
 * tail, unreadable without its key) up to the pool size; the row's `file_size` says where the
 * sealed part ends.
 *
 * Why sealing is streamed in 256 KB pieces straight into the file: a fresh 1 MB output buffer costs
 * 256 page faults (on the virtual machines the kiosk is tested on, ~18 µs each: 5 ms per image, more
 * than the write and fsync); pieces of 256 KB are reused by the allocator.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import type { open as openAsync } from 'node:fs/promises';
import { decodeJournal, JOURNAL_BYTES } from './image-journal';
import { ImagePool } from './image-pool';
import { join } from 'node:path';

/** The directory under the data folder that holds the sealed image files. */
export const IMAGES_DIR = 'images';
/** Suffix of every sealed image file. */
export const SEALED_SUFFIX = '.sealed';
export const FILE_KEY_BYTES = 32;
export const FILE_NONCE_BYTES = 12;
export const FILE_TAG_BYTES = 16;
const PIECE_BYTES = 256 * 1024;
/** Default number of unnamed, preallocated files kept ready (two captures of two images, and spares). */
export const DEFAULT_POOL_FILES = 6;
/** Default size of a pooled file (bytes): a sealed ID image is well under it; a larger one gets a new file. */
export const DEFAULT_POOL_FILE_BYTES = 2 * 1024 * 1024;
/** A file id: 32 lower-case hex digits (128 random bits). */
export const FILE_ID = /^[0-9a-f]{32}$/;

/** The file-system calls this module makes; tests inject failures (ENOSPC) through it. */
export type ImageFs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'readFileSync'
  | 'readSync'
  | 'fdatasyncSync'
  | 'fsync'
  | 'fdatasync'
  | 'unlinkSync'
  | 'mkdirSync'
  | 'readdirSync'
  | 'statSync'
  | 'existsSync'
>;

/**
 * The instants of a sealed file's life at which a test may stop the process ("crash here"):
 * written (not yet fsynced), synced (file fsynced, directory not), dir_synced (the name is durable,
 * the row not committed), committed (the row committed, a replaced or purged file not yet removed
 * or zeroed). Pool only: zeroed (a file no row names overwritten with zeros and synced, not yet
 * back in the pool), pool_filled (new pool files written and synced, their directory not yet).
 * Journalled capture only: journalled (the capture's journal written into its last file, the
 * files not yet synced; image-journal.ts); rows_committed (its rows committed, synchronous=NORMAL,
 * marked files_pending, while the files' sync runs: capture-commit.ts); replaying (at the next
 * open, inside the replay's transaction, its rows written and not committed: capture-commit.ts).
 */
export type ImageFileInstant =
  | 'written'
  | 'journalled'
  | 'rows_committed'
  | 'replaying'
  | 'synced'
  | 'dir_synced'
  | 'committed'
  | 'zeroed'
  | 'pool_filled';
/** The instants of a capture writing new files (no pool), in order. */
export const IMAGE_FILE_INSTANTS: readonly ImageFileInstant[] = [
  'written',
  'synced',
  'dir_synced',
  'committed',
];
/** The instants of a capture claiming pooled files, in order (no directory fsync on this path). */
export const POOL_CLAIM_INSTANTS: readonly ImageFileInstant[] = ['written', 'synced', 'committed'];
/**
 * The instants of a new capture whose files are all pooled, with its journal (image-journal.ts):
 * its rows commit with synchronous=NORMAL while the files' one sync runs (capture-commit.ts).
 */
export const JOURNAL_CAPTURE_INSTANTS: readonly ImageFileInstant[] = [
  'written',
  'journalled',
  'rows_committed',
  'synced',
  'committed',
];

export interface ImageFilesOptions {
  /** Default: node:fs. */
  fs?: ImageFs;
  /** Tests only: called at each instant (a test SIGKILLs its own process there). */
  instant?: (instant: ImageFileInstant) => void;
  /** Unnamed preallocated files kept ready (0: no pool, every image gets a new file). */
  poolFiles?: number;
  /** Bytes of each pooled file. */
  poolFileBytes?: number;
  /** Tests and the bench: no fill after a commit unless `fillPool` is called. */
  manualFill?: boolean;
  /** The background fill's file opening (default: node:fs/promises `open`); tests inject ENOSPC. */
  openAsync?: typeof openAsync;
  /**
   * Whether `bytes` more may be allocated without eating the free space the store keeps for
   * captures (store.ts `hasRoomFor`, the statfs floor). Default: always.
   */
  roomFor?: (bytes: number) => boolean;
}

/** Where a capture's commit spent its time (ms, summed since `resetTimings`): the bench prints it. */
export interface ImageFileTimings {
  /** AES-GCM over the image and writing it into the page cache (they alternate per 256 KB piece). */
  sealAndWrite: number;
  /** fsync (new file) or fdatasync (pooled file) of the files. */
  syncFiles: number;
  /** fsync of the images directory (new files only). */
  syncDir: number;
  /** Images written into a pooled file / into a new file. */
  claimed: number;
  created: number;
  /** Captures whose rows were journalled into their last file (image-journal.ts). */
  journalled: number;
  /** Sealing the journal (JSON, AES-GCM, SHA-256) and writing it into the last file's tail. */
  journal: number;
  /** Background: zeroing, creating and syncing pool files (not on the capture's path). */
  fill: number;
}

function noTimings(): ImageFileTimings {
  return {
    sealAndWrite: 0,
    syncFiles: 0,
    syncDir: 0,
    claimed: 0,
    created: 0,
    journalled: 0,
    journal: 0,
    fill: 0,
  };
}

/** What a sweep found: files removed, and unnamed files kept for the pool (zeroed before reuse). */
export interface SweepResult {
  removed: number;
  kept: string[];
}

/**
 * The start-up sweep of `<data>/images` as one function callable from anywhere (the store's open,
 * or a background worker): every `.sealed` file whose id `isReferenced` does not know and that is
 * older than `startedAt` (ms since the epoch, against the file's mtime) is kept for the pool while
 * fewer than `keep` are kept, else removed; any other stray file (a partial write's leftover) is
 * removed. The kept ones must be overwritten before reuse (`ImageFiles.adopt` does it): they may
 * hold ciphertext whose key is gone.
 */
export function sweepImageFiles(
  dataDir: string,
  isReferenced: (file: string) => boolean,
  startedAt: number,
  keep = 0,
  fs: Pick<ImageFs, 'existsSync' | 'readdirSync' | 'statSync' | 'unlinkSync'> = nodeFs,
): SweepResult {
  const dir = join(dataDir, IMAGES_DIR);
  const result: SweepResult = { removed: 0, kept: [] };
  if (!fs.existsSync(dir)) return result;
  for (const name of fs.readdirSync(dir)) {
    const file = name.endsWith(SEALED_SUFFIX) ? name.slice(0, -SEALED_SUFFIX.length) : undefined;
    const isFile = file !== undefined && FILE_ID.test(file);
    if (isFile && isReferenced(file)) continue;
    const path = join(dir, name);
    try {
      if (fs.statSync(path).mtimeMs >= startedAt) continue;
      if (isFile && result.kept.length < keep) {
        result.kept.push(file);
        continue;
      }
      fs.unlinkSync(path);
      result.removed += 1;
    } catch {
      // gone already, or not removable: the sweep after the next start tries again
    }
  }
  return result;
}

/** A file being written: its descriptor and what the row will record. */
interface OpenFile {
  fd: number;
  written: WrittenFile;
  /** Bytes of a claimed pooled file (its journal region is the last JOURNAL_BYTES); 0 for a new file. */
  capacity: number;
}

/** What `writeMany` wrote: the files (in the items' order), and whether the journal went with them. */
export interface WrittenBatch {
  files: WrittenFile[];
  /** True when the journal is in the last file, synced with it (image-journal.ts). */
  journalled: boolean;
}

/** What the row records about a written file (images-repo.ts stores it). */
export interface WrittenFile {
  /** The file id (the name without `.sealed`). */
  file: string;
  /** The file's own key, in clear: the caller seals it into the row and forgets it. */
  key: Buffer;
  nonce: Buffer;
  /** Bytes of the file: the image's size + 16 (the tag). */
  size: number;
  /** A new file (its name needs `syncDir` before a row names it), or a claimed pooled one. */
  fresh: boolean;
}

export class ImageFiles {
  readonly dir: string;
  private readonly fs: ImageFs;
  private readonly instant: (instant: ImageFileInstant) => void;
  private dirReady = false;
  private readonly manualFill: boolean;
  private readonly pool: ImagePool;
  /** Where the time went (the bench reads and resets it). */
  timings: ImageFileTimings = noTimings();

  constructor(
    private readonly dataDir: string,
    options: ImageFilesOptions = {},
  ) {
    this.dir = join(dataDir, IMAGES_DIR);
    this.fs = options.fs ?? nodeFs;
    this.instant = options.instant ?? (() => undefined);
    this.manualFill = options.manualFill ?? false;
    const host = {
      dir: this.dir,
      pathOf: (file: string) => this.pathOf(file),
      ensureDir: () => this.ensureDir(),
      instant: (instant: ImageFileInstant) => this.instant(instant),
      removeQuietly: (file: string) => this.removeQuietly(file),
      roomFor: options.roomFor ?? (() => true),
      addFillTime: (ms: number) => {
        this.timings.fill += ms;
      },
    };
    this.pool = new ImagePool(
      host,
      Math.max(0, options.poolFiles ?? DEFAULT_POOL_FILES),
      options.poolFileBytes ?? DEFAULT_POOL_FILE_BYTES,
      options.openAsync,
    );
  }

  /** Tells a test the process is at `instant` outside this module (the journal's replay). */
  reach(instant: ImageFileInstant): void {
    this.instant(instant);
  }

  resetTimings(): void {
    this.timings = noTimings();
  }

  /** Path of a file id; refuses anything that is not a file id (no path can be smuggled in). */
  pathOf(file: string): string {
    if (!FILE_ID.test(file)) throw new Error('Not an image file id');
    return join(this.dir, `${file}${SEALED_SUFFIX}`);
  }

  /**
   * Seals `bytes` with a new key into a pooled file (claimed: overwritten from offset 0, then
   * fdatasync) or, when none is ready or big enough, a new file (fsync; its name needs `syncDir`
   * once for all the files of one commit). `aad`: the row's identity. Throws the file system's
   * error (ENOSPC on a full disk) after removing the partial new file (a pooled one goes back to
   * be zeroed).
   */
  write(bytes: Uint8Array, aad: string): WrittenFile {
    const open = this.seal(bytes, aad);
    let ok = false;
    try {
      const started = performance.now();
      // A pooled file keeps its size and blocks: fdatasync flushes the data and no metadata.
      if (open.written.fresh) this.fs.fsyncSync(open.fd);
      else this.fs.fdatasyncSync(open.fd);
      this.timings.syncFiles += performance.now() - started;
      this.instant('synced');
      ok = true;
      return open.written;
    } finally {
      this.settle(open, ok);
    }
  }

  /**
   * `write` for several images, their syncs off the JS thread (libuv) and overlapped: each image's
   * fdatasync runs while the next is sealed, and all at once. Resolves when every file is synced
   * (the order guarantee: no row may name a file before that); rejects after cleaning up every file
   * of the batch, like `write`.
   *
   * `journal` (a new capture, image-journal.ts): called once every file is sealed, with what the
   * rows will record; the region it returns is written into the tail of the last file before that
   * file's sync, when every file of the batch is a pooled one with JOURNAL_BYTES free after its
   * image (`journalled` then says so). Otherwise, or when it returns undefined, no journal.
   *
   * `whileSyncing` (a new capture, capture-commit.ts): called once every file is written and its
   * sync started, with the batch; the caller may commit rows naming the files then (only when the
   * batch is journalled: capture-commit.ts says why that is safe) and returns how to take them back.
   * When a sync then fails, that undo runs before the files go back to the pool; when the undo
   * fails too, the files are left as they are (rows name them; the next open checks them: store.ts
   * `settlePendingFiles`). When `whileSyncing` throws, the syncs are awaited, the files cleaned up
   * and its error rethrown.
   */
  async writeMany(
    items: readonly { bytes: Uint8Array; aad: string }[],
    journal?: (files: readonly WrittenFile[]) => Buffer | undefined,
    whileSyncing?: (batch: WrittenBatch) => (() => void) | undefined,
  ): Promise<WrittenBatch> {
    const opened: OpenFile[] = [];
    const syncs: Promise<void>[] = [];
    let ok = false;
    /** The files stay as written, neither zeroed nor removed: rows still name them. */
    let named = false;
    let journalled = false;
    const started = performance.now();
    let overlapped = 0;
    const sync = (open: OpenFile): void => {
      syncs.push(
        new Promise<void>((resolve, reject) => {
          const done = (error: Error | null): void => (error ? reject(error) : resolve());
          if (open.written.fresh) this.fs.fsync(open.fd, done);
          else this.fs.fdatasync(open.fd, done);
        }).then(() => this.instant('synced')),
      );
    };
    try {
      for (const [index, item] of items.entries()) {
        const sealStarted = performance.now();
        const open = this.seal(item.bytes, item.aad);
        opened.push(open);
        if (index === items.length - 1 && journal) journalled = this.writeJournal(opened, journal);
        overlapped += performance.now() - sealStarted;
        sync(open);
      }
      const batch: WrittenBatch = { files: opened.map((open) => open.written), journalled };
      let undo: (() => void) | undefined;
      if (whileSyncing) {
        const rowsStarted = performance.now();
        try {
          undo = whileSyncing(batch);
        } catch (error) {
          await Promise.allSettled(syncs);
          throw error;
        } finally {
          overlapped += performance.now() - rowsStarted;
        }
      }
      const settled = await Promise.allSettled(syncs);
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) {
        try {
          undo?.();
        } catch {
          named = true;
        }
        throw failed.reason;
      }
      ok = true;
      return batch;
    } finally {
      // What the syncs cost beyond the sealing (and the rows) they overlapped.
      this.timings.syncFiles += performance.now() - started - overlapped;
      for (const open of opened) this.settle(open, ok || named);
    }
  }

  /**
   * Writes the journal into the tail of the batch's last file (not synced: the caller's sync of that
   * file covers it). False, and nothing written, when a file is new (its name would need the
   * directory's fsync) or an image leaves no room for the region.
   */
  private writeJournal(
    opened: readonly OpenFile[],
    journal: (files: readonly WrittenFile[]) => Buffer | undefined,
  ): boolean {
    const fits = (open: OpenFile): boolean =>
      !open.written.fresh && open.written.size <= open.capacity - JOURNAL_BYTES;
    if (opened.length === 0 || !opened.every(fits)) return false;
    const started = performance.now();
    const region = journal(opened.map((open) => open.written));
    if (!region || region.byteLength > JOURNAL_BYTES) return false;
    const last = opened[opened.length - 1]!;
    this.writeAll(last.fd, region, last.capacity - JOURNAL_BYTES);
    this.timings.journal += performance.now() - started;
    this.timings.journalled += 1;
    this.instant('journalled');
    return true;
  }

  /**
   * The journal payload in a file's tail (image-journal.ts `decodeJournal`), or undefined when the
   * file holds none (a pooled file's zeros, a new file, a torn region) or cannot be read.
   */
  readJournal(file: string): Buffer | undefined {
    try {
      const fd = this.fs.openSync(this.pathOf(file), 'r');
      try {
        const size = this.fs.statSync(this.pathOf(file)).size;
        if (size < JOURNAL_BYTES) return undefined;
        const region = Buffer.alloc(JOURNAL_BYTES);
        let got = 0;
        while (got < JOURNAL_BYTES) {
          const n = this.fs.readSync(fd, region, got, JOURNAL_BYTES - got, size - JOURNAL_BYTES + got);
          if (n === 0) return undefined;
          got += n;
        }
        return decodeJournal(region);
      } finally {
        this.fs.closeSync(fd);
      }
    } catch {
      return undefined;
    }
  }

  /** Claims a pooled file (or creates one), seals `bytes` into it: written, not yet synced. */
  private seal(bytes: Uint8Array, aad: string): OpenFile {
    this.ensureDir();
    const pooled = this.pool.claim(bytes.byteLength + FILE_TAG_BYTES);
    const file = pooled?.file ?? randomBytes(16).toString('hex');
    const key = randomBytes(FILE_KEY_BYTES);
    const nonce = randomBytes(FILE_NONCE_BYTES);
    let fd: number;
    try {
      fd = this.fs.openSync(this.pathOf(file), pooled ? 'r+' : 'wx', 0o600);
    } catch (error) {
      if (pooled) this.pool.spoilt(file); // pooled but unusable now: the next fill decides
      throw error;
    }
    const open: OpenFile = {
      fd,
      written: { file, key, nonce, size: 0, fresh: !pooled },
      capacity: pooled?.capacity ?? 0,
    };
    try {
      const started = performance.now();
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: FILE_TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      let offset = 0;
      for (let start = 0; start < bytes.byteLength; start += PIECE_BYTES) {
        const piece = bytes.subarray(start, Math.min(start + PIECE_BYTES, bytes.byteLength));
        offset += this.writeAll(fd, cipher.update(piece), offset);
      }
      offset += this.writeAll(fd, cipher.final(), offset);
      offset += this.writeAll(fd, cipher.getAuthTag(), offset);
      open.written.size = offset;
      this.timings.sealAndWrite += performance.now() - started;
      this.instant('written');
      if (pooled) this.timings.claimed += 1;
      else this.timings.created += 1;
      return open;
    } catch (error) {
      this.settle(open, false);
      throw error;
    }
  }

  /** Closes a sealed file; when its write failed, a new file is removed, a pooled one re-zeroed. */
  private settle(open: OpenFile, ok: boolean): void {
    this.fs.closeSync(open.fd);
    if (ok) return;
    if (open.written.fresh) this.removeQuietly(open.written.file);
    else this.pool.spoilt(open.written.file);
  }

  /** Makes the names of the files written so far durable (fsync of the images directory). */
  syncDir(): void {
    const started = performance.now();
    this.fsyncPath(this.dir);
    this.timings.syncDir += performance.now() - started;
    this.instant('dir_synced');
  }

  /**
   * Opens a file written by `write`. Throws when the file is missing, has another size than the
   * row says, was altered, or belongs to another row (aad).
   */
  read(file: string, size: number, key: Uint8Array, nonce: Uint8Array, aad: string): Buffer {
    if (size < FILE_TAG_BYTES) throw new Error(`The image file's record says ${size} bytes`);
    // A pooled file is longer than its sealed part (zeros after the tag): read exactly `size`.
    const fd = this.fs.openSync(this.pathOf(file), 'r');
    const data = Buffer.allocUnsafe(size);
    let got = 0;
    try {
      while (got < size) {
        const n = this.fs.readSync(fd, data, got, size - got, got);
        if (n === 0) break;
        got += n;
      }
    } finally {
      this.fs.closeSync(fd);
    }
    if (got !== size) throw new Error(`The image file is ${got} bytes, its record says ${size}`);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: FILE_TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(data.subarray(size - FILE_TAG_BYTES));
    const plain = decipher.update(data.subarray(0, size - FILE_TAG_BYTES));
    // final() checks the tag (throws when the file was altered) and yields no bytes for GCM, so the
    // 1 MB from update() is returned as it is rather than copied once more by a concat.
    const rest = decipher.final();
    return rest.byteLength === 0 ? plain : Buffer.concat([plain, rest]);
  }

  /**
   * Whether the file is there and holds the size the row records (the integrity check's question;
   * a pooled file may be longer: zeros after the tag).
   */
  present(file: string, size: number): boolean {
    try {
      return this.fs.statSync(this.pathOf(file)).size >= size;
    } catch {
      return false;
    }
  }

  /**
   * After a commit (the capture's, a retake's, a purge's): tells a test it is past it, returns the
   * files the commit stopped naming (`remove`), and starts the pool's background fill unless
   * `manualFill`.
   */
  committed(removed: readonly string[] = []): void {
    this.instant('committed');
    this.remove(removed);
    if (!this.manualFill) void this.pool.fill();
  }

  /**
   * Files no row names any more (after the commit that dropped them, or staged for a transaction
   * that did not commit): back to the pool, to be overwritten with zeros first, while the pool has
   * room; removed otherwise. A crash before either leaves them to the sweep after the next start; they
   * cannot be opened without their key anyway.
   */
  remove(files: readonly string[]): void {
    for (const file of files) if (!this.pool.giveBack(file)) this.removeQuietly(file);
  }

  /**
   * At start, before anything writes: `sweepImageFiles` over this folder; the unnamed files it
   * keeps join the pool (zeroed by the next fill). Returns how many were removed.
   */
  sweep(isReferenced: (file: string) => boolean, startedAt: number): number {
    // Kept only while the pool has room (a fill since the start may have filled it already).
    const room = Math.max(0, this.pool.size - this.pool.pooled().size);
    const result = sweepImageFiles(this.dataDir, isReferenced, startedAt, room, this.fs);
    this.adopt(result.kept);
    // What it kept is zeroed (and then claimable) in the background.
    if (result.kept.length > 0 && !this.manualFill) void this.pool.fill();
    return result.removed;
  }

  /** Unnamed files a sweep kept (`sweepImageFiles`): zeroed by the next fill, then claimable. */
  adopt(files: readonly string[]): void {
    this.pool.adopt(files.filter((file) => FILE_ID.test(file)));
  }

  /** Ids of the files the pool holds (ready, or to be zeroed): unnamed on purpose. */
  pooled(): Set<string> {
    return this.pool.pooled();
  }

  /** Pooled files ready to claim (tests and diagnostics). */
  ready(): number {
    return this.pool.ready();
  }

  /** The pool's background fill (image-pool.ts `fill`); resolves when it is done. */
  fillPool(): Promise<void> {
    return this.pool.fill();
  }

  /** Resolves once no fill is running (close, tests, the bench between captures). */
  idle(): Promise<void> {
    return this.pool.idle();
  }

  /** No new fill after this; awaits the running one. */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** Every file id in the folder (diagnostics and tests). */
  list(): string[] {
    if (!this.fs.existsSync(this.dir)) return [];
    return this.fs
      .readdirSync(this.dir)
      .filter((name) => name.endsWith(SEALED_SUFFIX))
      .map((name) => name.slice(0, -SEALED_SUFFIX.length));
  }

  private ensureDir(): void {
    if (this.dirReady) return;
    if (!this.fs.existsSync(this.dir)) {
      this.fs.mkdirSync(this.dir, { mode: 0o700 });
      // The folder's own name must be durable before any file in it is relied on.
      this.fsyncPath(this.dataDir);
    }
    this.dirReady = true;
  }

  /**
   * fsync of a directory (POSIX: a new name is durable only once its directory is synced). Windows
   * cannot open a directory as a file (EISDIR) and needs no such step: NTFS journals the name with
   * the file's own FlushFileBuffers.
   */
  private fsyncPath(path: string): void {
    if (process.platform === 'win32') return;
    const fd = this.fs.openSync(path, 'r');
    try {
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  private writeAll(fd: number, data: Uint8Array, position: number): number {
    let written = 0;
    while (written < data.byteLength) {
      written += this.fs.writeSync(fd, data, written, data.byteLength - written, position + written);
    }
    return written;
  }

  private removeQuietly(file: string): void {
    try {
      this.fs.unlinkSync(this.pathOf(file));
    } catch {
      // already gone, or removed by the sweep after the next start
    }
  }
}
