/**
 * The blind index that lets staff find a case by the customer's national ID or passport number
 * without the number being stored in clear: each number is normalised and stored only as
 * HMAC-SHA-256(indexKey, number) in `case_search`; the number itself stays in the sealed fields.
 *
 * The index key is derived from the store key with HKDF-SHA-256 and a label of its own, so it is
 * held exactly like the store key (OS keychain in Electron, 0600 file in the Node host), is never
 * written anywhere, and a digest cannot be used as, or turned into, the encryption key.
 *
 * An HMAC without the key cannot be brute-forced over the 14-digit ID space (a plain hash could,
 * in hours); with the key it answers only "which case holds exactly this number".
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { normaliseDigits } from '../../shared/validation/egyptian-national-id';
import type { JsonValue } from './records';

/** HKDF "info" label; changing it changes every digest (a new migration would rebuild them). */
const INDEX_KEY_LABEL = 'branch-kyc-kiosk blind index v1';
const INDEX_KEY_BYTES = 32;

/**
 * Field names that hold a document or person number in typed, extracted (OCR) and reviewed fields
 * and in the providers' answers (their OCR reading, indexed by StepsRepo.finish)
 * (Lumin's `idNumber` and `documentNumber`, ICAO 9303's document and personal numbers as the
 * passport readers name them). Values are looked up at any depth (reviewed fields are nested under
 * their review step's key).
 */
export const NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'idNumber',
  'nationalId',
  'nationalIdNumber',
  'personalNumber',
  'passportNumber',
  'documentNumber',
]);

/** Derives the blind-index key (32 bytes) from the 32-byte store key. */
export function deriveIndexKey(storeKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', storeKey, Buffer.alloc(0), INDEX_KEY_LABEL, INDEX_KEY_BYTES));
}

/**
 * The canonical form of a number as staff may type or OCR may read it: Arabic-Indic digits to ASCII,
 * spaces, dashes, dots and slashes dropped, letters upper-cased (passport numbers such as A12345678).
 * Returns null when what is left is not a plausible number (6 to 20 letters and digits, one digit at
 * least), so names and dates never become search terms.
 */
export function normaliseNumber(text: string): string | null {
  const plain = normaliseDigits(text)
    .replace(/[\s\-./]/g, '')
    .toUpperCase();
  if (!/^[0-9A-Z]{6,20}$/.test(plain) || !/[0-9]/.test(plain)) return null;
  return plain;
}

/** Every number found under NUMBER_FIELDS in a fields object, normalised and without repeats. */
export function numbersIn(value: JsonValue | undefined, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) numbersIn(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      if (NUMBER_FIELDS.has(name) && (typeof item === 'string' || typeof item === 'number')) {
        const number = normaliseNumber(String(item));
        if (number) found.add(number);
      } else {
        numbersIn(item, found);
      }
    }
  }
  return found;
}

/** Computes the digests; owns a copy of the key and never exposes it. */
export class BlindIndex {
  private readonly key: Buffer;

  constructor(indexKey: Uint8Array) {
    this.key = Buffer.from(indexKey);
  }

  /** HMAC-SHA-256 (32 bytes) of an already normalised number. */
  digest(normalised: string): Buffer {
    return createHmac('sha256', this.key).update(normalised, 'utf8').digest();
  }

  /** The digest of what a person typed in the search box, or null when it is not a number. */
  digestOfQuery(text: string): Buffer | null {
    const number = normaliseNumber(text);
    return number ? this.digest(number) : null;
  }
}
