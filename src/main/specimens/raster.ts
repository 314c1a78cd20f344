/** Rasterises a specimen's SVG and its QR code into the image a scanner would deliver. */
import sharp from 'sharp';
import { qrCodeSvg } from './qr-code';

export interface RenderOptions {
  /** Scanners deliver JPEG; PNG is there for lossless tests. Default jpeg. */
  format?: 'jpeg' | 'png';
  /** JPEG quality, default 90. */
  quality?: number;
  /** 1 = 300 dpi (default); 0.6 ≈ 180 dpi. */
  scale?: number;
}

export interface RenderedDocument {
  bytes: Buffer;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
}

export interface QrPlacement {
  text: string;
  left: number;
  top: number;
  /** The code is drawn as large as fits in this square. */
  maxSide: number;
}

export async function rasterise(
  svg: string,
  qr: QrPlacement,
  options: RenderOptions = {},
): Promise<RenderedDocument> {
  const probe = qrCodeSvg(qr.text, 1);
  const modulePx = Math.max(2, Math.floor(qr.maxSide / probe.side));
  const code = qrCodeSvg(qr.text, modulePx);
  const offset = Math.floor((qr.maxSide - code.side) / 2);
  let image = sharp(Buffer.from(svg)).composite([
    { input: Buffer.from(code.svg), left: qr.left + Math.max(0, offset), top: qr.top + Math.max(0, offset) },
  ]);
  const format = options.format ?? 'jpeg';
  const scale = options.scale ?? 1;
  if (scale !== 1) {
    // Composite first, then resize: sharp applies resize before composite within one pipeline.
    const flat = await image.png().toBuffer();
    const meta = await sharp(flat).metadata();
    image = sharp(flat).resize(Math.round((meta.width ?? 1) * scale));
  }
  const encoded =
    format === 'png'
      ? await image.png().toBuffer({ resolveWithObject: true })
      : await image
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: options.quality ?? 90 })
          .toBuffer({ resolveWithObject: true });
  return {
    bytes: encoded.data,
    mime: format === 'png' ? 'image/png' : 'image/jpeg',
    width: encoded.info.width,
    height: encoded.info.height,
  };
}
