/**
 * The store key under Electron: 32 random bytes wrapped by the OS keychain through safeStorage
 * (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux) and kept wrapped in a file in
 * the user-data folder. Copying the folder to another machine or user does not carry the key.
 */
import { randomBytes } from 'node:crypto';
import { safeStorage } from 'electron';
import { StoreUnavailableError } from '../store/errors';
import { type KeyProvider, readOptionalFile, writeNewSecretFile } from '../store/key-provider';
import { KEY_BYTES } from '../store/record-cipher';

export class SafeStorageKeyProvider implements KeyProvider {
  constructor(private readonly path: string) {}

  get description(): string {
    return `OS-protected key ${this.path}`;
  }

  loadKey({ create }: { create: boolean }): Buffer {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new StoreUnavailableError('key_unavailable', 'The operating system keychain is not available');
    }
    const wrapped = readOptionalFile(this.path);
    if (wrapped) {
      let key: Buffer;
      try {
        key = Buffer.from(safeStorage.decryptString(wrapped), 'base64');
      } catch (error) {
        throw new StoreUnavailableError(
          'key_unavailable',
          'The keychain could not unwrap the store key',
          error,
        );
      }
      if (key.length !== KEY_BYTES)
        throw new StoreUnavailableError('key_unavailable', 'The store key is damaged');
      return key;
    }
    if (!create) {
      throw new StoreUnavailableError(
        'key_missing',
        `The store key (${this.path}) is missing but the database exists`,
      );
    }
    const key = randomBytes(KEY_BYTES);
    writeNewSecretFile(this.path, safeStorage.encryptString(key.toString('base64')));
    return key;
  }
}
