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
