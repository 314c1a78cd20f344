/**
 * Encodes normalised pixels for a provider: PNG when asked and it fits, otherwise the best JPEG
 * quality that fits the byte limit (binary search), scaling down only when even a low quality is
 * too big. Same pixels and target in, same bytes out: libjpeg and libpng are deterministic and
 * no metadata (dates, software names) is written.
 */
import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { AppError } from '../ipc/errors';
import { ENCODE_LIMITS, type EncodeLimits, type EncodeTarget } from './provider-limits';
import { rawInput, type RawImage } from './raw-image';

export interface EncodedImage {
  bytes: Buffer;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  sha256: string;
}

export interface EncodeOptions {
  /** Keep lossless PNG when the target accepts it and it fits. */
  preferPng?: boolean;
  /** Highest and lowest JPEG quality tried. */
  maxQuality?: number;
  minQuality?: number;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function resized(image: RawImage, width: number, height: number): Promise<RawImage> {
  if (width === image.width && height === image.height) return image;
  const { data, info } = await sharp(image.data, rawInput(image))
    .resize({ width, height, fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

const jpeg = (image: RawImage, quality: number): Promise<Buffer> =>
  sharp(image.data, rawInput(image))
    .jpeg({ quality, chromaSubsampling: '4:2:0', progressive: false, mozjpeg: false })
    .toBuffer();

const png = (image: RawImage): Promise<Buffer> =>
  sharp(image.data, rawInput(image)).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();

/** Largest quality in [lo, hi] whose JPEG fits, or null. Encodes log2(hi - lo) + 1 times at most. */
async function searchQuality(
  image: RawImage,
  lo: number,
  hi: number,
  maxBytes: number,
): Promise<Buffer | null> {
  const top = await jpeg(image, hi);
  if (top.length <= maxBytes) return top;
  let best: Buffer | null = null;
  let low = lo;
  let high = hi - 1;
  while (low <= high) {
    const q = Math.floor((low + high) / 2);
    const bytes = await jpeg(image, q);
    if (bytes.length <= maxBytes) {
      best = bytes;
      low = q + 1;
    } else {
      high = q - 1;
    }
  }
  return best;
}

export async function encodeFor(
  source: RawImage,
  target: EncodeTarget,
  options: EncodeOptions = {},
  limits: EncodeLimits = ENCODE_LIMITS[target],
): Promise<EncodedImage> {
  const longest = Math.max(source.width, source.height);
  if (longest < limits.minLongSide) {
    // Upscaling would invent detail the provider's OCR cannot use; ask for a better capture.
    throw new AppError('image_too_small', `Longest side ${longest} px is below ${limits.minLongSide} px`);
  }
  const fit = Math.min(1, limits.maxSide / longest);
  let image = await resized(
    source,
    Math.max(1, Math.round(source.width * fit)),
    Math.max(1, Math.round(source.height * fit)),
  );
  const done = (bytes: Buffer, mime: EncodedImage['mime']): EncodedImage => ({
    bytes,
    mime,
    width: image.width,
    height: image.height,
    sha256: sha256(bytes),
  });

  if (options.preferPng && limits.png) {
    const bytes = await png(image);
    if (bytes.length <= limits.maxBytes) return done(bytes, 'image/png');
  }
  const maxQuality = options.maxQuality ?? 90;
  const minQuality = options.minQuality ?? 60;
  for (let attempt = 0; attempt < 6; attempt++) {
    const bytes = await searchQuality(image, minQuality, maxQuality, limits.maxBytes);
    if (bytes) return done(bytes, 'image/jpeg');
    // Even the lowest quality is too big: shrink by the square root of the excess, a bit more.
    const lowest = await jpeg(image, minQuality);
    const shrink = Math.min(0.9, Math.sqrt(limits.maxBytes / lowest.length) * 0.95);
    const width = Math.round(image.width * shrink);
    const height = Math.round(image.height * shrink);
    if (Math.max(width, height) < limits.minLongSide) break;
    image = await resized(image, width, height);
  }
  throw new AppError('image_too_large', `Could not fit the image into ${limits.maxBytes} bytes`);
}

/**
 * Encodes a decoding pipeline straight to JPEG at the highest quality when that fits the target
 * (one pass, nothing held in memory), else falls back to `encodeFor` on its pixels. `open` makes
 * the pipeline; it is called a second time only for the fallback (sharp's `clone()` would
 * deep-copy a raw input buffer on every capture: 7.6 ms a 300 dpi card scan, issue 11).
 */
export async function encodePipeline(
  open: () => Sharp,
  target: EncodeTarget,
  options: EncodeOptions = {},
  limits: EncodeLimits = ENCODE_LIMITS[target],
): Promise<EncodedImage> {
  if (!(options.preferPng && limits.png)) {
    const { data, info } = await open()
      .jpeg({
        quality: options.maxQuality ?? 90,
        chromaSubsampling: '4:2:0',
        progressive: false,
        mozjpeg: false,
      })
      .toBuffer({ resolveWithObject: true });
    const longest = Math.max(info.width, info.height);
    if (data.length <= limits.maxBytes && longest <= limits.maxSide && longest >= limits.minLongSide) {
      return {
        bytes: data,
        mime: 'image/jpeg',
        width: info.width,
        height: info.height,
        sha256: sha256(data),
      };
    }
  }
  const { data, info } = await open().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return encodeFor({ data, width: info.width, height: info.height, channels: 3 }, target, options, limits);
}
