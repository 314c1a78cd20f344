/**
 * Quality figures of a capture and the verdict the operator sees ("too blurry, retake"). Measured
 * on a greyscale copy of fixed width so that the blur score means the same for every source.
 */
import sharp from 'sharp';
import type { QualityIssue, QualityReport } from './quality-types';
import { rawInput, type RawImage } from './raw-image';

export const QUALITY_WIDTH = 1000;

export interface QualityThresholds {
  /** Laplacian variance below which text is unreadable (retake) or soft (warn). */
  blurRetake: number;
  blurWarn: number;
  /** Mean grey level bounds. */
  darkMean: number;
  brightMean: number;
  /** Share of blown-out pixels that hides printed data. */
  glareWarn: number;
  glareRetake: number;
  /** Estimated dpi below which OCR fails (retake) or struggles (warn). */
  dpiRetake: number;
  dpiWarn: number;
}

// Calibrated on synthetic cards (tests/integration/imaging-pipeline.test.ts) and the SANE test
// pattern; tune on real captures from the branch scanners.
export const DEFAULT_THRESHOLDS: QualityThresholds = {
  blurRetake: 40,
  blurWarn: 120,
  darkMean: 50,
  brightMean: 235,
  // Printed white areas (a QR code's quiet zone, labels) reach ~5% on a clean card; glare is more.
  glareWarn: 0.06,
  glareRetake: 0.12,
  dpiRetake: 150,
  dpiWarn: 250,
};

export interface PixelFigures {
  blur: number;
  brightness: number;
  glareFraction: number;
  darkFraction: number;
}

/** Variance of the 4-neighbour Laplacian, mean and clipping shares of a greyscale buffer. */
export function measurePixels(grey: Uint8Array, width: number, height: number): PixelFigures {
  let sum = 0;
  let glare = 0;
  let dark = 0;
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i]!;
    sum += v;
    if (v >= 250) glare++;
    else if (v <= 15) dark++;
  }
  let lapSum = 0;
  let lapSq = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      const lap = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      lapSum += lap;
      lapSq += lap * lap;
      count++;
    }
  }
  const mean = count ? lapSum / count : 0;
  const total = grey.length || 1;
  return {
    blur: count ? lapSq / count - mean * mean : 0,
    brightness: sum / total,
    glareFraction: glare / total,
    darkFraction: dark / total,
  };
}

export async function measureImage(image: RawImage): Promise<PixelFigures> {
  const width = Math.min(QUALITY_WIDTH, image.width);
  const { data, info } = await sharp(image.data, rawInput(image))
    .resize({ width })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return measurePixels(data, info.width, info.height);
}

export interface Judged {
  figures: PixelFigures;
  dpi: number | null;
  cardFound: boolean;
}

export function judge(
  input: Judged,
  t: QualityThresholds = DEFAULT_THRESHOLDS,
): Pick<QualityReport, 'verdict' | 'issues'> {
  const issues: QualityIssue[] = [];
  const { figures, dpi } = input;
  if (figures.blur < t.blurRetake) issues.push({ reason: 'blurry', severity: 'retake' });
  else if (figures.blur < t.blurWarn) issues.push({ reason: 'blurry', severity: 'warn' });
  if (figures.brightness < t.darkMean) issues.push({ reason: 'too_dark', severity: 'retake' });
  if (figures.brightness > t.brightMean) issues.push({ reason: 'too_bright', severity: 'retake' });
  if (figures.glareFraction > t.glareRetake) issues.push({ reason: 'glare', severity: 'retake' });
  else if (figures.glareFraction > t.glareWarn) issues.push({ reason: 'glare', severity: 'warn' });
  if (dpi !== null && dpi < t.dpiRetake) issues.push({ reason: 'low_resolution', severity: 'retake' });
  else if (dpi !== null && dpi < t.dpiWarn) issues.push({ reason: 'low_resolution', severity: 'warn' });
  if (!input.cardFound) issues.push({ reason: 'no_card_found', severity: 'warn' });
  const verdict = issues.some((i) => i.severity === 'retake') ? 'retake' : issues.length > 0 ? 'warn' : 'ok';
  return { verdict, issues };
}
