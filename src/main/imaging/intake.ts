/**
 * The first thing every image meets, whatever its source: treat it as hostile. Format by magic
 * bytes and an allow-list per origin, a byte cap, a pixel cap read from the header before any
 * decoding (decompression bombs), then a full decode with sharp set to fail on warnings (truncated
 * files). Every refusal is an AppError with a code the operator sees translated; nothing throws
 * anything else. The result is oriented (EXIF), sRGB, alpha flattened, metadata gone.
 */
import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../ipc/errors';
import { isAllowed, sniffFormat, type AllowedFormat, type ImageOrigin } from './formats';
import { parsePnm } from './pnm';
import type { RawImage } from './raw-image';

export interface IntakeLimits {
  /** Largest encoded file accepted. */
  maxBytes: number;
  /** Largest width × height accepted, checked from the header before decoding. */
  maxPixels: number;
  /** Larger images are scaled down to this longest side at decode time (memory, speed). */
  maxWorkingSide: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxBytes: 30 * 1024 * 1024,
  // 1200 dpi A6 (4960 x 7016) fits; a 100 000 x 100 000 PNG bomb does not.
  maxPixels: 40_000_000,
  maxWorkingSide: 4000,
};

export interface IntakeResult {
  format: AllowedFormat;
  /** Size as decoded from the file (after EXIF orientation), before any working scale-down. */
  originalWidth: number;
  originalHeight: number;
  /** Working pixels per original pixel (1 unless the image was larger than maxWorkingSide). */
  scale: number;
  /** Pixels per inch recorded in the file, if any (scanners write it; cameras write 72). */
  density: number | null;
  image: RawImage;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const SHARP_OPTIONS = { failOn: 'warning', sequentialRead: true } as const;

export async function intakeImage(
  input: Uint8Array,
  origin: ImageOrigin,
  limits: IntakeLimits = DEFAULT_INTAKE_LIMITS,
): Promise<IntakeResult> {
  if (input.byteLength === 0) throw new AppError('image_unreadable', 'The image is empty');
  if (input.byteLength > limits.maxBytes) {
    throw new AppError('image_too_large', `The image file is ${input.byteLength} bytes`, {
      maxBytes: limits.maxBytes,
    });
  }
  const format = sniffFormat(input);
  if (!isAllowed(format, origin)) {
    throw new AppError('image_format', `A ${format} image is not accepted from a ${origin}`, {
      detected: format,
    });
  }
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);

  let pipeline: Sharp;
  let density: number | null = null;
  let width: number;
  let height: number;
  if (format === 'pnm') {
    const pnm = parsePnm(bytes, limits.maxPixels);
    ({ width, height } = pnm);
    pipeline = sharp(pnm.data, { raw: { width, height, channels: pnm.channels } });
  } else {
    let meta: Metadata;
    try {
      meta = await sharp(bytes, { ...SHARP_OPTIONS, limitInputPixels: false }).metadata();
    } catch (error) {
      throw new AppError('image_unreadable', `The image header is not readable: ${describe(error)}`);
    }
    if (meta.format !== format && !(format === 'tiff' && meta.format === 'tiff')) {
      // The magic bytes and the decoder disagree: a crafted file.
      throw new AppError('image_format', `Content looks like ${format} but decodes as ${meta.format}`);
    }
    if (!meta.width || !meta.height) throw new AppError('image_unreadable', 'The image has no size');
    if (meta.width * meta.height > limits.maxPixels) {
      throw new AppError('image_too_large', `The image is ${meta.width}x${meta.height} pixels`, {
        maxPixels: limits.maxPixels,
      });
    }
    const swapped = (meta.orientation ?? 1) >= 5;
    width = swapped ? meta.height : meta.width;
    height = swapped ? meta.width : meta.height;
    density = meta.density ?? null;
    pipeline = sharp(bytes, { ...SHARP_OPTIONS, limitInputPixels: limits.maxPixels }).autoOrient();
  }

  const scale = Math.min(1, limits.maxWorkingSide / Math.max(width, height));
  if (scale < 1) {
    pipeline = pipeline.resize({
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      fit: 'fill',
    });
  }
  try {
    const { data, info } = await pipeline
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return {
      format,
      originalWidth: width,
      originalHeight: height,
      scale,
      density,
      image: { data, width: info.width, height: info.height, channels: 3 },
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('image_unreadable', `The image could not be decoded: ${describe(error)}`);
  }
}
