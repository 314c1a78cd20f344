/**
 * The machine-readable code on every specimen: generated as SVG (uqr) so it composes with the rest
 * of the card, read back from pixels (jsQR over sharp's raw RGBA) by the simulators.
 */
import jsQR from 'jsqr';
import sharp from 'sharp';
import { encode } from 'uqr';

export interface QrSvg {
  svg: string;
  side: number;
}

/** A QR code as a standalone SVG with a white quiet zone; `modulePx` pixels per module. */
export function qrCodeSvg(text: string, modulePx: number): QrSvg {
  // Level M survives JPEG re-encoding and a smudge; the quiet zone (4 modules) is what scanners need.
  const qr = encode(text, { ecc: 'M', border: 4 });
  const side = qr.size * modulePx;
  const rects: string[] = [];
  qr.data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) rects.push(`M${x * modulePx} ${y * modulePx}h${modulePx}v${modulePx}h-${modulePx}z`);
    });
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}">` +
    `<rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path d="${rects.join('')}" fill="#000" shape-rendering="crispEdges"/></svg>`;
  return { svg, side };
}

/** The largest side we decode at: enough modules per pixel for our codes, and fast. */
const DECODE_MAX_SIDE = 1600;

/**
 * Reads the first QR code in an image (JPEG, PNG, anything sharp opens). Undefined when the image
 * cannot be opened or holds no readable code. `limitInputPixels` guards against decompression bombs.
 */
export async function readQrCode(image: Uint8Array): Promise<string | undefined> {
  try {
    const { data, info } = await sharp(image, { limitInputPixels: 8000 * 8000 })
      .rotate()
      .resize(DECODE_MAX_SIDE, DECODE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
    const found = jsQR(pixels, info.width, info.height, { inversionAttempts: 'dontInvert' });
    return found?.data;
  } catch {
    return undefined;
  }
}
