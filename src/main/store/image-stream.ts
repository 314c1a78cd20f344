/**
 * A sealed image file (image-files.ts layout: ciphertext | 16-byte GCM tag) opened as a stream of
 * plain pieces, for uploads that send an image without ever holding all of it (issue 12, "the
 * drain ≤ 1.25× its floor": opening a 1 MB image whole, then copying it into the request, cost
 * about a fifth of the drain's CPU).
 *
 * Integrity is kept as with the whole read: AES-GCM's tag is only checked at the end, so the last
 * piece is held back until `final()` has verified the tag. A file that was altered therefore never
 * yields its last piece: the iterator throws instead, which aborts the request that was sending it
 * (its declared Content-Length is never reached, so the provider cannot take it as complete) and
 * fails the step as the whole read's throw does.
 *
 * Pieces are read into one reused buffer (the decipher's output is a new buffer each time, so the
 * input can be overwritten as soon as `update()` returns).
 *
 * The reads are synchronous, as the whole read's are (image-files.ts `read`): a 256 KB read from
 * the page cache costs tens of µs, while `fs.promises`' FileHandle (open, stat, four reads, close:
 * seven promises and a GC-tracked handle per image) cost 6 % of the drain's main thread in its
 * profile (issue 12). The generator still yields between pieces, so other work runs meanwhile.
 */
import { createDecipheriv } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FILE_TAG_BYTES } from './image-files';

/** Bytes read from the file per piece (and the size of the plain pieces yielded). */
export const STREAM_PIECE_BYTES = 256 * 1024;

/** Where a sealed file is and how to open it (what its row records). */
export interface SealedFileRef {
  /** Absolute path of the `.sealed` file. */
  path: string;
  /** Bytes of the file as the row records it (plain size + 16). */
  size: number;
  /** The file's own AES-256 key, in clear (32 bytes). */
  key: Uint8Array;
  /** The GCM nonce (12 bytes). */
  nonce: Uint8Array;
  /** The associated data: the row's identity (record-cipher.ts `recordAad`). */
  aad: string;
}

/**
 * Plain pieces of a sealed file, in order, at most STREAM_PIECE_BYTES each; their total is
 * `ref.size - 16` bytes. Throws (from the iterator, before the last piece) when the file is
 * missing, shorter than the row says, was altered, or belongs to another row.
 */
export async function* sealedImagePieces(ref: SealedFileRef): AsyncGenerator<Buffer, void, undefined> {
  // Opened when the body reaches this image (an async generator runs nothing before its first next()).
  await Promise.resolve();
  const fd = openSync(ref.path, 'r');
  try {
    // A pooled file (image-pool.ts) is longer than its sealed part: zeros after the tag. The row's
    // size says where the sealed part ends; a file shorter than that was cut.
    const { size } = fstatSync(fd);
    if (size < ref.size || ref.size < FILE_TAG_BYTES) {
      throw new Error(`The image file is ${size} bytes, its record says ${ref.size}`);
    }
    const plainBytes = ref.size - FILE_TAG_BYTES;
    const tag = Buffer.alloc(FILE_TAG_BYTES);
    readSync(fd, tag, 0, FILE_TAG_BYTES, plainBytes);
    const decipher = createDecipheriv('aes-256-gcm', ref.key, ref.nonce, { authTagLength: FILE_TAG_BYTES });
    decipher.setAAD(Buffer.from(ref.aad, 'utf8'));
    decipher.setAuthTag(tag);
    const piece = Buffer.allocUnsafe(Math.min(STREAM_PIECE_BYTES, Math.max(plainBytes, 1)));
    let held: Buffer | undefined;
    for (let position = 0; position < plainBytes;) {
      const want = Math.min(piece.byteLength, plainBytes - position);
      const bytesRead = readSync(fd, piece, 0, want, position);
      if (bytesRead === 0) throw new Error('The image file ended before its record says');
      position += bytesRead;
      const plain = decipher.update(piece.subarray(0, bytesRead));
      if (held) yield held;
      held = plain;
    }
    // final() checks the tag (throws when the file was altered) and yields no bytes for GCM.
    const rest = decipher.final();
    if (held) yield held;
    if (rest.byteLength > 0) yield rest;
  } finally {
    closeSync(fd);
  }
}

/** An image to send piece by piece (StepContext.imageStream). */
export interface StreamedImage {
  role: string;
  mime: string;
  /** Plain bytes the pieces add up to (the request's Content-Length). */
  size: number;
  /** Plain pieces; throws before the last one when the image fails its integrity check. */
  pieces: AsyncIterable<Uint8Array>;
}

/** Pieces of an image already held whole (rows from before sealed files keep their blob). */
export async function* wholePieces(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  await Promise.resolve();
  yield bytes;
}
