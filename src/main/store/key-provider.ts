/**
 * Where the store's 256-bit key comes from. Electron wraps it with the OS keychain (safeStorage,
 * src/main/electron/safe-storage-key.ts); the Node host (harness, tests) keeps it in a 0600 file.
 * `create` is true only when there is no database yet: a missing key next to an existing database is
 * an error ("service needed"), never a reason to make a new key and lose the data.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { StoreUnavailableError } from './errors';
import { KEY_BYTES } from './record-cipher';

export interface KeyProvider {
  /** For logs and the service screen: where the key lives, never the key. */
  readonly description: string;
  loadKey(options: { create: boolean }): Buffer;
}

/** Writes a new file that must not exist yet, with owner-only permissions, and syncs it. */
export function writeNewSecretFile(path: string, data: Uint8Array): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readOptionalFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreUnavailableError('key_unavailable', `The store key at ${path} cannot be read`, error);
  }
}

/** The Node host's key: 32 raw bytes in a file created with mode 0600. */
export class FileKeyProvider implements KeyProvider {
  constructor(private readonly path: string) {}

  get description(): string {
    return `key file ${this.path}`;
  }

  loadKey({ create }: { create: boolean }): Buffer {
    const existing = readOptionalFile(this.path);
    if (existing) {
      if (existing.length !== KEY_BYTES) {
        throw new StoreUnavailableError('key_unavailable', `The store key file ${this.path} is damaged`);
      }
      return existing;
    }
    if (!create) {
      throw new StoreUnavailableError(
        'key_missing',
        `The store key (${this.path}) is missing but the database exists: the data cannot be read.`,
      );
    }
    const key = randomBytes(KEY_BYTES);
    writeNewSecretFile(this.path, key);
    return key;
  }
}
