/**
 * The pool of preallocated image files (issue 12, "capture commit ≤ 1.5× a preallocated write +
 * fsync"), split out of image-files.ts, which owns the files and calls this. Why a pool, and the
 * rules a row and a file keep with it, are at the top of image-files.ts. This file holds the pool's
 * state (files ready to claim, files to zero first) and its background fill (libuv's threads,
 * node:fs/promises), which never runs inside a commit.
 */
import { randomBytes } from 'node:crypto';
import { open as openAsync } from 'node:fs/promises';
import type { ImageFileInstant } from './image-files';

/** Pieces in which the fill writes zeros (bytes). */
const ZERO_PIECE_BYTES = 256 * 1024;
const ZEROS = Buffer.alloc(ZERO_PIECE_BYTES);

/** What the pool needs of image-files.ts (its folder, names, "crash here" hook and timers). */
export interface PoolHost {
  readonly dir: string;
  pathOf(file: string): string;
  /** Creates the images folder (and syncs its name) if needed. */
  ensureDir(): void;
  instant(instant: ImageFileInstant): void;
  /** Unlinks a file, ignoring a failure (the next start's sweep tries again). */
  removeQuietly(file: string): void;
  /** Counts the fill's time (ms) in image-files.ts `timings.fill` (the bench prints it). */
  addFillTime(ms: number): void;
  /** Whether `bytes` more may be allocated and the store's free-space floor still hold. */
  roomFor(bytes: number): boolean;
}

/** A file in the pool, ready to claim. */
export interface PooledFile {
  file: string;
  /** Bytes allocated (the file's size). */
  capacity: number;
}

export class ImagePool {
  /** Pooled files ready to claim (zeroed or freshly allocated, names durable). */
  private readonly free: PooledFile[] = [];
  /** Unnamed files to zero before they join `free` (swept at start, replaced or purged). */
  private readonly dirty: string[] = [];
  private filling: Promise<void> | undefined;
  private closed = false;

  /**
   * `size`: files kept ready (0: no pool); `fileBytes`: bytes of each new pooled file; `open`:
   * the fill's file opening (node:fs/promises `open`; tests inject ENOSPC).
   */
  constructor(
    private readonly host: PoolHost,
    readonly size: number,
    private readonly fileBytes: number,
    private readonly open: typeof openAsync = openAsync,
  ) {}

  /** The smallest ready pooled file that holds `needed` bytes, taken out of the pool. */
  claim(needed: number): PooledFile | undefined {
    let best = -1;
    for (let index = 0; index < this.free.length; index++) {
      const entry = this.free[index]!;
      if (entry.capacity >= needed && (best < 0 || entry.capacity < this.free[best]!.capacity)) best = index;
    }
    return best < 0 ? undefined : this.free.splice(best, 1)[0];
  }

  /** A pooled file whose claim failed: zeroed again by the next fill before anyone claims it. */
  spoilt(file: string): void {
    this.dirty.push(file);
  }

  /**
   * A file no row names any more: back to the pool (zeroed by the next fill) while it has room;
   * false when it is full (the caller removes the file).
   */
  giveBack(file: string): boolean {
    if (this.free.length + this.dirty.length >= this.size) return false;
    this.dirty.push(file);
    return true;
  }

  /** Unnamed files a sweep kept (image-files.ts `sweepImageFiles`): zeroed, then claimable. */
  adopt(files: readonly string[]): void {
    const known = this.pooled();
    for (const file of files) if (!known.has(file)) this.dirty.push(file);
  }

  /** Ids of the files the pool holds (ready, to be zeroed): unnamed on purpose. */
  pooled(): Set<string> {
    return new Set([...this.free.map((entry) => entry.file), ...this.dirty]);
  }

  /** Pooled files ready to claim (tests and diagnostics). */
  ready(): number {
    return this.free.length;
  }

  /**
   * Background, off the JS thread (libuv): zeroes the files waiting for it, then creates new
   * zero-filled files until `size` are ready, fsyncs each, and the directory once; only then are
   * they claimable (a row may name only a durable name). One fill at a time; resolves when done.
   * A failure (a full disk), or too little room above the store's free-space floor, stops the fill
   * quietly: captures then create new files.
   */
  fill(): Promise<void> {
    if (this.filling) return this.filling;
    if (this.closed || (this.dirty.length === 0 && this.free.length >= this.size)) {
      return Promise.resolve();
    }
    this.filling = this.rounds()
      .catch(() => undefined)
      .finally(() => {
        this.filling = undefined;
      });
    return this.filling;
  }

  /** Resolves once no fill is running (close, tests, the bench between captures). */
  async idle(): Promise<void> {
    while (this.filling) await this.filling;
  }

  /** No new fill after this; awaits the running one. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private async rounds(): Promise<void> {
    const started = performance.now();
    try {
      // Again while files came back meanwhile (a retake or purge during the fill), unless a round
      // failed (a full disk): the next commit tries again.
      while (!this.closed && (this.dirty.length > 0 || this.free.length < this.size)) {
        if (!(await this.round())) break;
      }
    } finally {
      this.host.addFillTime(performance.now() - started);
    }
  }

  /** One round of the fill: zero the dirty, create the missing, sync the directory. False: failed. */
  private async round(): Promise<boolean> {
    this.host.ensureDir();
    // Nothing joins `free` before a directory fsync that follows its creation: a row may name
    // only a durable name (a staged new file discarded before its `syncDir` comes here too).
    const ready: PooledFile[] = [];
    let ok = true;
    while (this.dirty.length > 0 && !this.closed) {
      const file = this.dirty[0]!;
      try {
        ready.push({ file, capacity: await this.zero(file, undefined) });
        this.host.instant('zeroed');
      } catch {
        this.host.removeQuietly(file); // cannot be overwritten (gone, or a full disk): not pooled
      }
      this.dirty.shift();
    }
    while (!this.closed && this.free.length + ready.length < this.size) {
      // A nearly full disk: the pool must not take the space the store keeps free (its statfs
      // guard refuses captures with a clear error before SQLite would meet SQLITE_FULL); captures
      // then create their files as before. The next commit's fill asks again.
      if (!this.host.roomFor(this.fileBytes)) {
        ok = false;
        break;
      }
      const file = randomBytes(16).toString('hex');
      try {
        ready.push({ file, capacity: await this.zero(file, this.fileBytes) });
      } catch {
        this.host.removeQuietly(file); // a full disk: captures create their files as before
        ok = false;
        break;
      }
    }
    // Closed meanwhile: what is ready stays on disk unnamed; the next start's sweep keeps it.
    if (ready.length === 0 || this.closed) return false;
    this.host.instant('pool_filled');
    if (process.platform !== 'win32') {
      // Windows needs no such step (image-files.ts fsyncPath) and cannot open a directory.
      const dir = await this.open(this.host.dir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
    this.free.push(...ready);
    return ok;
  }

  /**
   * Overwrites a file with zeros (its whole length, or creates it `create` bytes long) and syncs
   * it. Returns its length. `create` undefined: the file exists (an unnamed one, back to the pool).
   */
  private async zero(file: string, create: number | undefined): Promise<number> {
    const handle = await this.open(this.host.pathOf(file), create === undefined ? 'r+' : 'wx', 0o600);
    try {
      const length = create ?? (await handle.stat()).size;
      for (let offset = 0; offset < length; offset += ZERO_PIECE_BYTES) {
        await handle.write(ZEROS, 0, Math.min(ZERO_PIECE_BYTES, length - offset), offset);
      }
      if (create === undefined) await handle.datasync();
      else await handle.sync();
      return length;
    } finally {
      await handle.close();
    }
  }
}
