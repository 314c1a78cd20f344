/**
 * Free space where the database lives, behind an interface so tests can simulate a full disk
 * honestly (the same guard code runs; only the number differs).
 */
import { statfsSync } from 'node:fs';

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
