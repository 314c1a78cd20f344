/** Image checks the simulated providers apply to what they are sent. */
import { createHash } from 'node:crypto';

export type ImageType = 'jpeg' | 'png';

export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (
    bytes.length > 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47 &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a
  ) {
    return 'png';
  }
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Strict base64 of a JPEG or PNG (a `data:` URL prefix is tolerated, as providers do). Undefined
 * when the text is not base64 or the bytes are not one of those images.
 */
export function decodeBase64Image(text: unknown): { bytes: Buffer; type: ImageType } | undefined {
  if (typeof text !== 'string') return undefined;
  const raw = text.replace(/^data:image\/(jpeg|jpg|png);base64,/, '').replace(/\s+/g, '');
  if (raw.length === 0 || raw.length % 4 !== 0 || !BASE64.test(raw)) return undefined;
  const bytes = Buffer.from(raw, 'base64');
  const type = sniffImage(bytes);
  return type ? { bytes, type } : undefined;
}

/** A short digest for the ledger: proves which image arrived without keeping it. */
export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
