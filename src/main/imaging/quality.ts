/**
 * Quality figures of a capture and the verdict the operator sees ("too blurry, retake"). Measured on
 * a greyscale copy of the found document at a fixed physical resolution (QUALITY_DPI), so that the
 * sharpness score means the same for a card scan, a passport photo and a page.
 */
import type { DocumentKind } from '../../shared/domain/documents';
import type { GlareFigures } from './glare';
import type { QualityIssue, QualityReport } from './quality-types';

/** Resolution of the copy the figures are measured on (dpi of the document's own size). */
export const QUALITY_DPI = 200;
/** Longest side of that copy, whatever the document (an A4 page would be 2339 px at 200 dpi). */
export const QUALITY_MAX_SIDE = 1200;

export interface QualityThresholds {
  /** Laplacian variance below which text is unreadable (retake) or soft (warn). */
  blurRetake: number;
  blurWarn: number;
  /** The brightest 2 % of the document (its paper) below this grey level: too dark. */
  darkPaper: number;
  /** The darkest 2 % of the document (its ink) above this grey level: washed out, too bright. */
  brightInk: number;
  /** Share of a data zone (photo, names, number, MRZ) hidden by highlights: retake. */
  glareZoneRetake: number;
  /** Share of the whole document under highlights: warn. */
  glareWarn: number;
  /** Estimated dpi below which OCR fails (retake) or struggles (warn). */
  dpiRetake: number;
  dpiWarn: number;
}

// Calibrated on the project's own capture set (tests/helpers/capture-set.ts, `npm run bench`);
// tune on real captures from the branch scanners and cameras.
export const DEFAULT_THRESHOLDS: QualityThresholds = {
  blurRetake: 60,
  blurWarn: 150,
  darkPaper: 90,
  brightInk: 150,
  glareZoneRetake: 0.003,
  glareWarn: 0.004,
  dpiRetake: 150,
  dpiWarn: 250,
};

/**
 * The thresholds for a document kind. A full page (A4, `a4_page`) is printed in body text of
 * 10–12 pt, two to three times the height of an ID card's smallest print, so the kiosk's own
 * resolution for a page (200 dpi, DEFAULT_RESOLUTION_DPI in devices/scan-plan.ts) reads as well as
 * 300 dpi on a card: a page warns only below 200 dpi (it used to warn on the kiosk's own default).
 */
export function thresholdsFor(kind: DocumentKind): QualityThresholds {
  return kind === 'a4_page' ? { ...DEFAULT_THRESHOLDS, dpiWarn: 200 } : DEFAULT_THRESHOLDS;
}

export interface PixelFigures {
  /** Variance of the 4-neighbour Laplacian: higher is sharper. */
  blur: number;
  /** Mean grey level 0..255 (reported, not judged: a light document is not too bright). */
  brightness: number;
  /** Grey level below which 2 % of the pixels lie (ink), and above which 2 % lie (paper). */
  inkLevel: number;
  paperLevel: number;
  median: number;
  /** Share of near-black pixels, 0..1. */
  darkFraction: number;
}

/** Sharpness, brightness and percentiles of a greyscale buffer (the definition; quality-pass.ts is the fast path). */
export function measurePixels(grey: Uint8Array, width: number, height: number): PixelFigures {
  const histogram = new Uint32Array(256);
  let sum = 0;
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i]!;
    histogram[v]!++;
    sum += v;
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
  return figuresFromSums(histogram, sum, grey.length, lapSum, lapSq, count);
}

/**
 * The figures from a grey histogram (256 counts), the sum of grey levels over `pixels` pixels,
 * and the sum and sum of squares of the Laplacian over its `count` inner pixels. The sums are of
 * integers far below 2^53, so any order of summing gives the same figures.
 */
export function figuresFromSums(
  histogram: Uint32Array,
  sum: number,
  pixels: number,
  lapSum: number,
  lapSq: number,
  count: number,
): PixelFigures {
  const total = pixels || 1;
  const level = (share: number): number => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!;
      if (seen >= share * total) return v;
    }
    return 255;
  };
  let dark = 0;
  for (let v = 0; v <= 15; v++) dark += histogram[v]!;
  const mean = count ? lapSum / count : 0;
  return {
    blur: count ? lapSq / count - mean * mean : 0,
    brightness: sum / total,
    inkLevel: level(0.02),
    paperLevel: level(0.98),
    median: level(0.5),
    darkFraction: dark / total,
  };
}

export interface Judged {
  figures: PixelFigures;
  glare: GlareFigures;
  dpi: number | null;
  cardFound: boolean;
}

/** The issues found and the worst severity among them ('ok' when none). */
export function judge(
  input: Judged,
  t: QualityThresholds = DEFAULT_THRESHOLDS,
): Pick<QualityReport, 'verdict' | 'issues'> {
  const issues: QualityIssue[] = [];
  const { figures, dpi, glare } = input;
  if (figures.blur < t.blurRetake) issues.push({ reason: 'blurry', severity: 'retake' });
  else if (figures.blur < t.blurWarn) issues.push({ reason: 'blurry', severity: 'warn' });
  if (figures.paperLevel < t.darkPaper) issues.push({ reason: 'too_dark', severity: 'retake' });
  if (figures.inkLevel > t.brightInk) issues.push({ reason: 'too_bright', severity: 'retake' });
  const worstZone = Math.max(0, ...Object.values(glare.zones));
  if (worstZone >= t.glareZoneRetake) issues.push({ reason: 'glare', severity: 'retake' });
  else if (glare.fraction >= t.glareWarn) issues.push({ reason: 'glare', severity: 'warn' });
  if (dpi !== null && dpi < t.dpiRetake) issues.push({ reason: 'low_resolution', severity: 'retake' });
  else if (dpi !== null && dpi < t.dpiWarn) issues.push({ reason: 'low_resolution', severity: 'warn' });
  if (!input.cardFound) issues.push({ reason: 'no_card_found', severity: 'warn' });
  const verdict = issues.some((i) => i.severity === 'retake') ? 'retake' : issues.length > 0 ? 'warn' : 'ok';
  return { verdict, issues };
}
