/**
 * A JSON request body that carries images as base64 (Lumin's `{"image": "<base64>", ...}`,
 * providers.md §1; ARGOS's up to four image members, §2), written piece by piece from the image's plain pieces (image-stream.ts) rather
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

/** One member of a streamed JSON body: a string, or an image written as its base64 string. */
export type JsonMember = string | Base64Source;

function isBase64Source(value: JsonMember): value is Base64Source {
  return typeof value !== 'string';
}

/**
 * A JSON object whose members are strings or images as base64 strings, in the order given, as a
 * streamed body (application/json): ARGOS's PUT image carries up to four images in one object
 * (providers.md §2, `idImage`, `idBackImage`, `selfieImage`, `addressImage`). The images' pieces
 * are read one image after the other, each only when the body reaches it. The text is the one
 * `JSON.stringify` gives for the same object with the base64 strings in place.
 */
export function jsonWithImages(members: readonly (readonly [string, JsonMember])[]): StreamedBody {
  // The text around the images: each run of plain members and the quotes around an image's base64.
  const texts: string[] = [];
  const images: Base64Source[] = [];
  let text = '{';
  members.forEach(([name, value], index) => {
    text += `${index > 0 ? ',' : ''}${JSON.stringify(name)}:`;
    if (isBase64Source(value)) {
      texts.push(`${text}"`);
      images.push(value);
      text = '"';
    } else {
      text += JSON.stringify(value);
    }
  });
  texts.push(`${text}}`);
  const chunks = texts.map((piece) => Buffer.from(piece, 'utf8'));
  const length =
    chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) +
    images.reduce((sum, image) => sum + base64Length(image.size), 0);
  return {
    contentType: 'application/json',
    length,
    pieces: (async function* () {
      for (let i = 0; i < images.length; i++) {
        yield chunks[i]!;
        yield* base64Pieces(images[i]!.pieces);
      }
      yield chunks[images.length]!;
    })(),
  };
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
  return jsonWithImages([[field, image], ...Object.entries(rest).filter(([name]) => name !== field)]);
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
