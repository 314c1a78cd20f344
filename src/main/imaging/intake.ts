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

/** Narrowest side and most elongated proportions a picture of a document can have. */
const MIN_SIDE = 16;
const MAX_ELONGATION = 12;

/** A checked image not yet decoded: its facts and a way to start decoding it (oriented, sRGB). */
export interface ProbedImage {
  format: AllowedFormat;
  /** Size after EXIF orientation. */
  width: number;
  height: number;
  density: number | null;
  /** A fresh sharp pipeline over the file: EXIF-oriented, alpha flattened on white, sRGB. */
  open(options?: { sequential?: boolean }): Sharp;
  /**
   * True when `open` reads decoded pixels held in memory (the pipeline's predecoded scan, a small
   * picture's own pixels): random access costs nothing there, so a quarter turn needs no copy.
   */
  inMemory?: boolean;
}

/**
 * Every check that needs no decoding: size in bytes, format by magic bytes against the origin's
 * allow-list, header readable and agreeing with the magic bytes, pixel cap (decompression bombs)
 * and a shape a document can have (a 30000 × 1 strip is refused as `image_shape`).
 */
export async function probeImage(
  input: Uint8Array,
  origin: ImageOrigin,
  limits: IntakeLimits = DEFAULT_INTAKE_LIMITS,
): Promise<ProbedImage> {
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
  let probed: ProbedImage;
  if (format === 'pnm') {
    const pnm = parsePnm(bytes, limits.maxPixels);
    const raw = { width: pnm.width, height: pnm.height, channels: pnm.channels };
    probed = {
      format,
      width: pnm.width,
      height: pnm.height,
      density: null,
      open: () => sharp(pnm.data, { raw }).toColourspace('srgb'),
    };
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
    probed = {
      format,
      width: swapped ? meta.height : meta.width,
      height: swapped ? meta.width : meta.height,
      density: meta.density ?? null,
      open: (options) =>
        sharp(bytes, {
          failOn: 'warning',
          sequentialRead: options?.sequential ?? true,
          limitInputPixels: limits.maxPixels,
        })
          .autoOrient()
          .flatten({ background: '#ffffff' })
          .toColourspace('srgb'),
    };
  }
  const short = Math.min(probed.width, probed.height);
  const long = Math.max(probed.width, probed.height);
  if (short < MIN_SIDE || long / short > MAX_ELONGATION) {
    throw new AppError('image_shape', `A ${probed.width}x${probed.height} image cannot show a document`, {
      width: probed.width,
      height: probed.height,
    });
  }
  return probed;
}

/** Runs a decoding pipeline; any decoder failure (truncated file…) becomes `image_unreadable`. */
export async function decode<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('image_unreadable', `The image could not be decoded: ${describe(error)}`);
  }
}

/** Probes, then decodes the whole image to raw sRGB (scaled down to `maxWorkingSide`). */
export async function intakeImage(
  input: Uint8Array,
  origin: ImageOrigin,
  limits: IntakeLimits = DEFAULT_INTAKE_LIMITS,
): Promise<IntakeResult> {
  const probed = await probeImage(input, origin, limits);
  const { width, height } = probed;
  const scale = Math.min(1, limits.maxWorkingSide / Math.max(width, height));
  let pipeline = probed.open();
  if (scale < 1) {
    pipeline = pipeline.resize({
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      fit: 'fill',
    });
  }
  return decode(async () => {
    const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return {
      format: probed.format,
      originalWidth: width,
      originalHeight: height,
      scale,
      density: probed.density,
      image: { data, width: info.width, height: info.height, channels: 3 as const },
    };
  });
}
