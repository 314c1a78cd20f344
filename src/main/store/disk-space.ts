/**
 * Free space where the database lives, behind an interface so tests can simulate a full disk
 * honestly (the same guard code runs; only the number differs).
 */
import { statfsSync } from 'node:fs';
import { AppError } from '../ipc/errors';

export interface DiskSpace {
  /** Bytes available to this (unprivileged) process on the file system holding `path`. */
  freeBytes(path: string): number;
}

export const statfsDiskSpace: DiskSpace = {
  freeBytes(path) {
    const stats = statfsSync(path);
    return Number(stats.bavail) * Number(stats.bsize);
  },
};

/**
 * Free space (bytes) the image pool leaves above the store's floor: room for a large capture (two
 * 2 MB images asked for twice, plus `ensureSpaceFor`'s 1 MB), so the pool's files never crowd out
 * the capture they are for (store.ts `hasRoomFor`).
 */
export const POOL_HEADROOM_BYTES = 16 * 1024 * 1024;

/**
 * The store's free-space floor (StoreOptions.freeSpaceFloorBytes, bytes) on the file system that
 * holds `file`: new work is refused below it, what is stored is never touched. When the free space
 * cannot be read, SQLite's own SQLITE_FULL is the guard.
 */
export class SpaceGuard {
  constructor(
    private readonly disk: DiskSpace,
    private readonly file: string,
    private readonly floor: number,
  ) {}

  /**
   * Whether the image pool may allocate `bytes` more: the floor must still hold with
   * POOL_HEADROOM_BYTES to spare, so a filled pool never makes `ensureSpaceFor` refuse a capture.
   */
  hasRoomFor(bytes: number): boolean {
    try {
      return this.disk.freeBytes(this.file) - bytes >= this.floor + POOL_HEADROOM_BYTES;
    } catch {
      return true;
    }
  }

  /** Throws AppError 'disk_full' (translated by its code) when writing `bytes` would cross the floor. */
  ensureSpaceFor(bytes: number): void {
    let free: number;
    try {
      free = this.disk.freeBytes(this.file);
    } catch {
      return;
    }
    if (free - bytes < this.floor) {
      throw new AppError(
        'disk_full',
        `Not enough free disk space to save a new capture (${Math.floor(free / 1048576)} MB free, ` +
          `${Math.ceil(this.floor / 1048576)} MB must stay free). Captures already saved are safe.`,
        { freeBytes: free, floorBytes: this.floor },
      );
    }
  }
}
