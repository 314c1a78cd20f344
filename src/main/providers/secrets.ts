/**
 * Turns a configured secret into its value, in the main process only. Plain strings are accepted
 * (training mode's simulator keys); `{ encrypted }` needs a decryptor from the host (Electron's
 * safeStorage). Values are resolved per call and never kept in objects that get logged.
 */
import type { SecretValue } from './config';

export type Decryptor = (encryptedBase64: string) => string;

export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
}

export function createSecretResolver(decrypt?: Decryptor): (value: SecretValue) => string {
  return (value) => {
    if (typeof value === 'string') return value;
    if (!decrypt)
      throw new SecretUnavailableError('an encrypted secret is configured but this host cannot decrypt it');
    try {
      return decrypt(value.encrypted);
    } catch {
      // Never echo the cause: it may contain the ciphertext or key material.
      throw new SecretUnavailableError('a configured secret could not be decrypted');
    }
  };
}
