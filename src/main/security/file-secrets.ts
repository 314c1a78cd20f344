/**
 * The Node host's protection for provider secrets (the harness; Electron uses safeStorage): AES-256-GCM
 * with a 32-byte key in `<data folder>/secrets.key` (mode 0600, made on first use). The sealed form is
 * base64 of iv (12 bytes) ‖ tag (16) ‖ ciphertext, the value of `{ "encrypted": … }` in the config.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readOptionalFile, writeNewSecretFile } from '../store/key-provider';

export const SECRETS_KEY_FILE = 'secrets.key';

export interface SecretSealer {
  encrypt(plain: string): string;
  decrypt(encryptedBase64: string): string;
}

export function fileSecretSealer(dataDir: string): SecretSealer {
  const path = join(dataDir, SECRETS_KEY_FILE);
  const key = (create: boolean): Buffer => {
    const existing = readOptionalFile(path);
    if (existing?.length === 32) return existing;
    if (existing) throw new Error(`${path} is damaged`);
    if (!create) throw new Error(`${path} does not exist: no secret was encrypted on this kiosk`);
    const fresh = randomBytes(32);
    writeNewSecretFile(path, fresh);
    return fresh;
  };
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(true), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(encryptedBase64) {
      const raw = Buffer.from(encryptedBase64, 'base64');
      if (raw.length < 29) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key(false), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
