/**
 * A JSON request body that carries one image as base64 (Lumin's `{"image": "<base64>", ...}`,
 * providers.md §1), written piece by piece from the image's plain pieces (image-stream.ts) rather
 * than built whole: building it whole meant the 1 MB image, a 1.4 MB base64 string, a second
 * 1.4 MB string for the JSON text and its UTF-8 bytes, all per upload.
 *
 * Base64 (RFC 4648 §4, with padding) encodes 3 bytes as 4 characters, so each piece is encoded up to
 * its last whole group of 3 and the 0–2 bytes left over are carried into the next piece; the text is
 * the same as `Buffer.toString('base64')` of the whole image. The length is known before the first
 * byte (Content-Length): the JSON around the image is ASCII-escaped by JSON.stringify where needed
 * and measured in UTF-8 bytes, the base64 is 4 × ceil(size / 3) bytes.
 *
 * An image that fails its integrity check throws from its pieces before the last one; the body stops
 * there, short of its Content-Length (http-call.ts StreamedBody).
 */
import type { StreamedBody } from './http-call';

/** The image part of the body: its plain pieces and their total size (bytes). */
export interface Base64Source {
  pieces: AsyncIterable<Uint8Array>;
  /** Bytes the pieces add up to. */
  size: number;
}

/** Bytes of the base64 text of `size` bytes (with padding). */
export function base64Length(size: number): number {
  return 4 * Math.ceil(size / 3);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The base64 text of the pieces, as ASCII bytes, in pieces; the same as the whole image's. */
export async function* base64Pieces(
  pieces: AsyncIterable<Uint8Array>,
): AsyncGenerator<Buffer, void, undefined> {
  let carry = Buffer.alloc(0);
  for await (const raw of pieces) {
    let piece = asBuffer(raw);
    if (carry.byteLength > 0) {
      // Complete the carried group with the piece's first bytes (at most 2 copied).
      const take = Math.min(3 - carry.byteLength, piece.byteLength);
      carry = Buffer.concat([carry, piece.subarray(0, take)]);
      piece = piece.subarray(take);
      if (carry.byteLength < 3) continue;
      yield Buffer.from(carry.toString('base64'), 'latin1');
      carry = Buffer.alloc(0);
    }
    const whole = piece.byteLength - (piece.byteLength % 3);
    if (whole > 0) yield Buffer.from(piece.subarray(0, whole).toString('base64'), 'latin1');
    if (whole < piece.byteLength) carry = Buffer.from(piece.subarray(whole));
  }
  if (carry.byteLength > 0) yield Buffer.from(carry.toString('base64'), 'latin1');
}

/**
 * `{"<field>": "<base64 of the image>", ...rest}` as a streamed body (application/json). `rest`
 * holds the other members (strings, e.g. Lumin's customerId), written after the image.
 */
export function jsonWithBase64(
  field: string,
  image: Base64Source,
  rest: Record<string, string> = {},
): StreamedBody {
  const head = Buffer.from(`{${JSON.stringify(field)}:"`, 'utf8');
  const others = JSON.stringify(rest);
  const tail = Buffer.from(others === '{}' ? '"}' : `",${others.slice(1)}`, 'utf8');
  return {
    contentType: 'application/json',
    length: head.byteLength + base64Length(image.size) + tail.byteLength,
    pieces: (async function* () {
      yield head;
      yield* base64Pieces(image.pieces);
      yield tail;
    })(),
  };
}

/** Whether a request body given to a client is a streamed one (rather than a value to send as JSON). */
export function isStreamedBody(body: unknown): body is StreamedBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    'pieces' in body &&
    'length' in body &&
    'contentType' in body &&
    typeof (body as { pieces: unknown }).pieces === 'object' &&
    Symbol.asyncIterator in (body as { pieces: object }).pieces
  );
}
