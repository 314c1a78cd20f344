/**
 * Reads a QR code from a scanned page or an image file (the ARGOS submission id the customer shows
 * on a phone). The bytes are hostile: sharp opens them with a pixel limit, and anything it cannot
 * open is simply "no code". jsQR (ISO/IEC 18004 decoder) runs on raw RGBA.
 *
 * A phone on a flatbed at 300 dpi gives a small code on a large page, and a phone screen may be
 * dark (light modules on black): so the page is tried at two sizes, and inverted as well.
 */
import jsQR from 'jsqr';
import sharp, { type OutputInfo } from 'sharp';

/** Sides (px) the page is decoded at, largest first: big enough for a 2 cm code on an A4 scan. */
const DECODE_SIDES = [2000, 1000] as const;

/** Decompression-bomb guard, as for every import (pixels). */
const MAX_INPUT_PIXELS = 12_000 * 12_000;

/**
 * The text of the first QR code found in `image` (JPEG, PNG, TIFF...), or undefined when the image
 * cannot be opened or holds no readable code. Never throws for bad input.
 */
export async function readQrText(image: Uint8Array): Promise<string | undefined> {
  for (const side of DECODE_SIDES) {
    let raw: { data: Buffer; info: OutputInfo };
    try {
      raw = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS })
        .rotate()
        .resize(side, side, { fit: 'inside', withoutEnlargement: true })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
    } catch {
      return undefined;
    }
    const { data, info } = raw;
    const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
    const found = jsQR(pixels, info.width, info.height, { inversionAttempts: 'attemptBoth' });
    if (found && found.data !== '') return found.data;
  }
  return undefined;
}
