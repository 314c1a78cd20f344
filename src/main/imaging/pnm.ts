/**
 * A strict reader for binary PNM (P5 grey, P6 colour, 8 bits), the default output of scanimage.
 * sharp's prebuilt libvips cannot read PNM, and the format is simple enough to parse safely here.
 */
import { AppError } from '../ipc/errors';

export interface PnmImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** Pixel bytes, row after row, without the header. */
  data: Uint8Array;
}

function unreadable(why: string): AppError {
  return new AppError('image_unreadable', `PNM image is not readable: ${why}`);
}

export function parsePnm(bytes: Uint8Array, maxPixels: number): PnmImage {
  const fields: number[] = [];
  let pos = 2;
  // Header: magic, width, height, maxval, separated by whitespace, '#' comments allowed.
  while (fields.length < 3) {
    if (pos >= bytes.length || pos > 4096) throw unreadable('header truncated');
    const c = bytes[pos]!;
    if (c === 0x23) {
      while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
    } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      pos++;
    } else if (c >= 0x30 && c <= 0x39) {
      let value = 0;
      while (pos < bytes.length && bytes[pos]! >= 0x30 && bytes[pos]! <= 0x39) {
        value = value * 10 + (bytes[pos]! - 0x30);
        if (value > 1_000_000) throw unreadable('header number too large');
        pos++;
      }
      fields.push(value);
    } else {
      throw unreadable('unexpected byte in header');
    }
  }
  pos++; // exactly one whitespace byte ends the header
  const [width, height, maxval] = fields as [number, number, number];
  if (width < 1 || height < 1) throw unreadable('zero size');
  if (maxval !== 255) throw new AppError('image_format', `PNM with maxval ${maxval} (only 8-bit) is refused`);
  if (width * height > maxPixels) {
    throw new AppError('image_too_large', `PNM image of ${width}x${height} exceeds the pixel limit`);
  }
  const channels = bytes[1] === 0x36 ? 3 : 1;
  const needed = width * height * channels;
  if (bytes.length - pos < needed) throw unreadable('pixel data truncated');
  return { width, height, channels, data: bytes.subarray(pos, pos + needed) };
}
