/**
 * Authenticated encryption of personal data at rest: AES-256-GCM, a fresh 96-bit nonce per record,
 * and the record's identity (table, row id, column) as associated data, so a blob copied into
 * another row or column fails to open instead of showing the wrong customer's data.
 *
 * Layout of a sealed blob: version (1 byte) | nonce (12) | tag (16) | ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JsonValue } from './records';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES + TAG_BYTES;
export const KEY_BYTES = 32;

/** Associated data naming where a blob belongs. */
export function recordAad(table: string, id: string, column: string): string {
  return `${table}\u0000${id}\u0000${column}`;
}

export class RecordCipher {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new Error(`The store key must be ${KEY_BYTES} bytes`);
    this.key = Buffer.from(key);
  }

  seal(plain: Uint8Array, aad: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    // GCM is a stream mode: update() returns every byte and final() none, so the body is copied
    // once (into the sealed blob), not twice (a 1 MB image is sealed on the operator's time).
    const body = cipher.update(plain);
    const tail = cipher.final();
    return Buffer.concat(
      [Buffer.of(VERSION), nonce, cipher.getAuthTag(), body, tail],
      HEADER_BYTES + body.length + tail.length,
    );
  }

  /** Throws when the blob was altered, belongs elsewhere (other aad) or was sealed with another key. */
  open(blob: Uint8Array, aad: string): Buffer {
    if (blob.length < HEADER_BYTES || blob[0] !== VERSION) throw new Error('Unknown sealed record format');
    const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(1, 1 + NONCE_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(data.subarray(1 + NONCE_BYTES, HEADER_BYTES));
    return Buffer.concat([decipher.update(data.subarray(HEADER_BYTES)), decipher.final()]);
  }

  sealJson(value: JsonValue, aad: string): Buffer {
    return this.seal(Buffer.from(JSON.stringify(value), 'utf8'), aad);
  }

  openJson(blob: Uint8Array, aad: string): JsonValue {
    return JSON.parse(this.open(blob, aad).toString('utf8')) as JsonValue;
  }
}
