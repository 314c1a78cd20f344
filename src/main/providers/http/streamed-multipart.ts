/**
 * A multipart/form-data request body (RFC 7578) written piece by piece from the images' plain
 * pieces (image-stream.ts) rather than built whole with the platform's FormData and Blob, which
 * needed the whole image decrypted in memory and then copied into the Blob (issue 12, the drain).
 * Used for Jumio's credential parts (one binary `file` part, providers.md §3) and ARGOS's multipart
 * PUT image (text fields, the images as base64 text, as the current docs' curl sends them, §2).
 *
 * The layout is the one undici's FormData writes (RFC 7578 §4): each part opens with
 * `--<boundary>` CRLF, a `Content-Disposition: form-data; name="…"` line (plus `; filename="…"` and
 * a `Content-Type` line for a file), an empty line, the content and CRLF; the body ends with
 * `--<boundary>--` CRLF. Names and file names are escaped as the WHATWG HTML form encoding does
 * (`"` → %22, CR → %0D, LF → %0A). The length is known before the first byte (Content-Length).
 *
 * An image that fails its integrity check throws from its pieces before the last one; the body stops
 * there, short of its Content-Length (http-call.ts StreamedBody).
 */
import { randomBytes } from 'node:crypto';
import type { StreamedBody } from './http-call';
import { base64Length, base64Pieces, type Base64Source } from './streamed-json';

/** A binary file part: its plain pieces, their total (bytes), its type and the name it is sent under. */
export interface FilePart {
  pieces: AsyncIterable<Uint8Array>;
  size: number;
  mime: string;
  filename: string;
}

/** One part: a text field, an image as the base64 text of a field, or a binary file. */
export type MultipartPart =
  { name: string; text: string } | { name: string; base64: Base64Source } | { name: string; file: FilePart };

/** WHATWG "multipart/form-data encoding algorithm": the escapes of a name in its header. */
function escapeName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/** A boundary no image's base64 or JSON can hold by chance (24 random bytes as hex, RFC 2046 §5.1.1). */
export function randomBoundary(): string {
  return `----kiosk-${randomBytes(24).toString('hex')}`;
}

/**
 * The parts as one streamed multipart/form-data body. `boundary` defaults to a random one; a
 * binary file's bytes are not scanned for it (48 random hex digits), as the platform's FormData
 * does not scan either.
 */
export function multipartBody(parts: readonly MultipartPart[], boundary = randomBoundary()): StreamedBody {
  // Text around the streamed contents: texts[i] comes before streamed source i, the last one ends it.
  const texts: string[] = [];
  const sources: { pieces: AsyncIterable<Uint8Array>; encode: boolean; length: number }[] = [];
  let text = '';
  for (const part of parts) {
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"`;
    if ('text' in part) {
      text += `\r\n\r\n${part.text}\r\n`;
      continue;
    }
    if ('file' in part) {
      text += `; filename="${escapeName(part.file.filename)}"\r\nContent-Type: ${part.file.mime}`;
      sources.push({ pieces: part.file.pieces, encode: false, length: part.file.size });
    } else {
      sources.push({ pieces: part.base64.pieces, encode: true, length: base64Length(part.base64.size) });
    }
    texts.push(`${text}\r\n\r\n`);
    text = '\r\n';
  }
  texts.push(`${text}--${boundary}--\r\n`);
  const chunks = texts.map((piece) => Buffer.from(piece, 'utf8'));
  const length =
    chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) +
    sources.reduce((sum, source) => sum + source.length, 0);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    pieces: (async function* () {
      for (let i = 0; i < sources.length; i++) {
        yield chunks[i]!;
        const source = sources[i]!;
        yield* source.encode ? base64Pieces(source.pieces) : source.pieces;
      }
      yield chunks[sources.length]!;
    })(),
  };
}
