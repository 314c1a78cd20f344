/** Jumio's limits on uploaded files (seed 004): JPEG or PNG, ≤ 15 MB, ≤ 8000 × 8000 px, longest side > 300 px. */
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { sniffImage } from '../common/images';

export const MAX_FILE_BYTES = 15 * 1024 * 1024;
export const MAX_SIDE_PX = 8000;
export const MIN_LONGEST_SIDE_PX = 300;

/** Undefined when the image is acceptable, else the reason. */
export async function imageProblem(bytes: Uint8Array): Promise<string | undefined> {
  if (bytes.byteLength > MAX_FILE_BYTES) return 'The file is larger than 15 MB.';
  if (!sniffImage(bytes)) return 'The file must be a JPEG or PNG image.';
  let width: number | undefined;
  let height: number | undefined;
  try {
    // Only the header is read: no decoding of a hostile image's pixels.
    ({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch {
    return 'The image cannot be read.';
  }
  if (!width || !height) return 'The image cannot be read.';
  if (width > MAX_SIDE_PX || height > MAX_SIDE_PX) return 'The image is larger than 8000 × 8000 pixels.';
  if (Math.max(width, height) <= MIN_LONGEST_SIDE_PX)
    return 'The longest side of the image must be more than 300 pixels.';
  return undefined;
}

export const isPdf = (bytes: Uint8Array): boolean =>
  bytes.length > 4 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;

/**
 * Pages of a PDF, read from its page tree with pdf-lib (a regular expression over the file misses
 * the page objects a compressed object stream holds, as pdf-lib's own output has), or undefined
 * when the file cannot be read as a PDF or is encrypted (Jumio cannot open one either).
 */
export async function pdfPages(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    return document.isEncrypted ? undefined : document.getPageCount();
  } catch {
    return undefined;
  }
}
