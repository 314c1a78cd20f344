/**
 * What the document camera decides about one preview frame, off the main thread (src/renderer/src/components/camera/frame-worker.ts
 * runs it on a downscaled copy, about 480 px wide): is there a card, is it inside the outline, is
 * it sharp; and, over consecutive frames, has it stayed still long enough to take the picture.
 * Pure functions on greyscale pixels: no DOM, so the unit tests feed them rendered scenes.
 *
 * The rule of thumb (ID-1 card, ISO/IEC 7810: 85.60 × 53.98 mm): a card is a light, solid,
 * rectangle-like region whose sides keep that 1.586 ratio, not touching the frame's edges. The
 * largest such region of an Otsu-thresholded frame is the candidate; sharpness is the variance of
 * the Laplacian inside it relative to its contrast, so it does not depend on how much print a
 * card carries.
 */

/** ID-1 width ÷ height (ISO/IEC 7810). */
export const ID1_ASPECT = 85.6 / 53.98;

/** A rectangle in fractions of the frame (0..1), so it survives any downscale. */
export interface FrameRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The outline drawn over the preview: an ID-1 rectangle 80 % of the frame's width (or 80 % of its
 * height on a tall frame), centred. The same rectangle is drawn and checked.
 */
export function guideRect(frameWidth: number, frameHeight: number): FrameRect {
  let width = 0.8;
  let height = (width * frameWidth) / ID1_ASPECT / frameHeight;
  if (height > 0.8) {
    height = 0.8;
    width = (height * frameHeight * ID1_ASPECT) / frameWidth;
  }
  return { x: (1 - width) / 2, y: (1 - height) / 2, width, height };
}

export type FrameVerdict =
  /** No card-like region: the empty desk, a hand, a face. */
  | 'no_document'
  /** A card, but not inside the outline (or too small: move the card closer). */
  | 'outside_outline'
  /** A card inside the outline, out of focus or moving. */
  | 'blurred'
  | 'ok';

export interface FrameAnalysis {
  verdict: FrameVerdict;
  /** The card found, in fractions of the frame. */
  card: FrameRect | null;
  /** var(Laplacian) / var(grey) inside the card; see SHARPNESS_MIN. */
  sharpness: number;
}

/** Thresholds, in the units above; measured on rendered specimen scenes (tests/unit/camera-analysis). */
export interface AnalysisThresholds {
  /** Grey levels between the card and what lies around it (Otsu's two class means). */
  minContrast: number;
  /** Solid (hole-filled) area ÷ bounding box: a card is a rectangle with rounded corners. */
  minRectangularity: number;
  /** Accepted width ÷ height around ID1_ASPECT. */
  aspect: [number, number];
  /** The card covers at least this share of the outline's area. */
  minFillOfGuide: number;
  /** How far (fraction of the frame) the card may stick out of the outline. */
  guideTolerance: number;
  sharpnessMin: number;
}

export const DEFAULT_THRESHOLDS: AnalysisThresholds = {
  minContrast: 40,
  minRectangularity: 0.9,
  aspect: [1.35, 1.85],
  minFillOfGuide: 0.45,
  guideTolerance: 0.06,
  sharpnessMin: 0.1,
};

/** ITU-R BT.601 luma of RGBA pixels. */
export function toGrey(rgba: Uint8ClampedArray, width: number, height: number): Uint8Array {
  const grey = new Uint8Array(width * height);
  for (let i = 0, p = 0; p < grey.length; i += 4, p += 1) {
    grey[p] = (rgba[i]! * 299 + rgba[i + 1]! * 587 + rgba[i + 2]! * 114) / 1000;
  }
  return grey;
}

/** Otsu's threshold and the two class means. */
function otsu(grey: Uint8Array): { threshold: number; low: number; high: number } {
  const histogram = new Float64Array(256);
  for (const value of grey) histogram[value]! += 1;
  const total = grey.length;
  let sum = 0;
  for (let i = 0; i < 256; i += 1) sum += i * histogram[i]!;
  let sumLow = 0;
  let countLow = 0;
  let best = { threshold: 127, between: -1, low: 0, high: 0 };
  for (let t = 0; t < 255; t += 1) {
    countLow += histogram[t]!;
    if (countLow === 0) continue;
    const countHigh = total - countLow;
    if (countHigh === 0) break;
    sumLow += t * histogram[t]!;
    const low = sumLow / countLow;
    const high = (sum - sumLow) / countHigh;
    const between = countLow * countHigh * (low - high) ** 2;
    if (between > best.between) best = { threshold: t, between, low, high };
  }
  return best;
}

interface Region {
  area: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
  touchesEdge: boolean;
  /** Per row of the bounding box: leftmost and rightmost column. */
  spans: Map<number, [number, number]>;
}

/** 4-connected regions of `mask`, largest first (an explicit stack: no recursion on big regions). */
function regions(mask: Uint8Array, width: number, height: number, minArea: number): Region[] {
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  const found: Region[] = [];
  for (let start = 0; start < mask.length; start += 1) {
    if (!mask[start] || seen[start]) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    const region: Region = {
      area: 0,
      left: width,
      top: height,
      right: -1,
      bottom: -1,
      touchesEdge: false,
      spans: new Map(),
    };
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % width;
      const y = (p - x) / width;
      region.area += 1;
      region.left = Math.min(region.left, x);
      region.right = Math.max(region.right, x);
      region.top = Math.min(region.top, y);
      region.bottom = Math.max(region.bottom, y);
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) region.touchesEdge = true;
      const span = region.spans.get(y);
      if (span) {
        span[0] = Math.min(span[0], x);
        span[1] = Math.max(span[1], x);
      } else region.spans.set(y, [x, x]);
      const neighbours = [
        x > 0 ? p - 1 : -1,
        x < width - 1 ? p + 1 : -1,
        y > 0 ? p - width : -1,
        y < height - 1 ? p + width : -1,
      ];
      for (const q of neighbours) {
        if (q >= 0 && mask[q] && !seen[q]) {
          seen[q] = 1;
          stack[top++] = q;
        }
      }
    }
    if (region.area >= minArea) found.push(region);
  }
  return found.sort((a, b) => b.area - a.area);
}

/** var(4-neighbour Laplacian) ÷ var(grey) over the rectangle (pixels), inset by 8 %. */
function sharpness(
  grey: Uint8Array,
  width: number,
  box: { left: number; top: number; right: number; bottom: number },
): number {
  const insetX = Math.round((box.right - box.left) * 0.08);
  const insetY = Math.round((box.bottom - box.top) * 0.08);
  let n = 0;
  let sumL = 0;
  let sumL2 = 0;
  let sumG = 0;
  let sumG2 = 0;
  for (let y = box.top + insetY + 1; y < box.bottom - insetY - 1; y += 1) {
    for (let x = box.left + insetX + 1; x < box.right - insetX - 1; x += 1) {
      const p = y * width + x;
      const g = grey[p]!;
      const lap = grey[p - 1]! + grey[p + 1]! + grey[p - width]! + grey[p + width]! - 4 * g;
      n += 1;
      sumL += lap;
      sumL2 += lap * lap;
      sumG += g;
      sumG2 += g * g;
    }
  }
  if (n === 0) return 0;
  const varL = sumL2 / n - (sumL / n) ** 2;
  const varG = sumG2 / n - (sumG / n) ** 2;
  return varG < 1 ? 0 : varL / varG;
}

/** One frame's verdict. `grey` is width×height luma (see toGrey). */
export function analyseFrame(
  grey: Uint8Array,
  width: number,
  height: number,
  thresholds: AnalysisThresholds = DEFAULT_THRESHOLDS,
): FrameAnalysis {
  const none: FrameAnalysis = { verdict: 'no_document', card: null, sharpness: 0 };
  const { threshold, low, high } = otsu(grey);
  if (high - low < thresholds.minContrast) return none;
  const mask = new Uint8Array(grey.length);
  for (let p = 0; p < grey.length; p += 1) mask[p] = grey[p]! > threshold ? 1 : 0;
  const guide = guideRect(width, height);
  const minArea = guide.width * width * guide.height * height * thresholds.minFillOfGuide * 0.5;
  const candidate = regions(mask, width, height, minArea).find((region) => {
    if (region.touchesEdge) return false;
    const boxW = region.right - region.left + 1;
    const boxH = region.bottom - region.top + 1;
    let solid = 0;
    for (const [l, r] of region.spans.values()) solid += r - l + 1;
    const aspect = boxW / boxH;
    return (
      solid / (boxW * boxH) >= thresholds.minRectangularity &&
      aspect >= thresholds.aspect[0] &&
      aspect <= thresholds.aspect[1]
    );
  });
  if (!candidate) return none;
  const card: FrameRect = {
    x: candidate.left / width,
    y: candidate.top / height,
    width: (candidate.right - candidate.left + 1) / width,
    height: (candidate.bottom - candidate.top + 1) / height,
  };
  const score = sharpness(grey, width, candidate);
  const t = thresholds.guideTolerance;
  const inside =
    card.x >= guide.x - t &&
    card.y >= guide.y - t &&
    card.x + card.width <= guide.x + guide.width + t &&
    card.y + card.height <= guide.y + guide.height + t &&
    card.width * card.height >= guide.width * guide.height * thresholds.minFillOfGuide;
  if (!inside) return { verdict: 'outside_outline', card, sharpness: score };
  return { verdict: score >= thresholds.sharpnessMin ? 'ok' : 'blurred', card, sharpness: score };
}

/**
 * "Steady for a moment": the frames of the last `steadyMs` all said ok and the card's corners
 * moved less than `maxShift` (fraction of the frame) between them. Times are the frames' own
 * capture times (ms), so a test drives it without a clock.
 */
export class SteadyTracker {
  private since: number | null = null;
  private last: FrameRect | null = null;
  private frames = 0;

  constructor(
    private readonly steadyMs = 600,
    private readonly maxShift = 0.015,
    private readonly minFrames = 3,
  ) {}

  /** Feeds one analysed frame; true once the card has been ok and still for long enough. */
  push(analysis: FrameAnalysis, at: number): boolean {
    const card = analysis.verdict === 'ok' ? analysis.card : null;
    const moved =
      !card ||
      !this.last ||
      Math.abs(card.x - this.last.x) > this.maxShift ||
      Math.abs(card.y - this.last.y) > this.maxShift ||
      Math.abs(card.x + card.width - this.last.x - this.last.width) > this.maxShift ||
      Math.abs(card.y + card.height - this.last.y - this.last.height) > this.maxShift;
    if (!card) {
      this.reset();
      return false;
    }
    if (moved) {
      this.since = at;
      this.frames = 0;
    }
    this.last = card;
    this.frames += 1;
    return this.since !== null && at - this.since >= this.steadyMs && this.frames >= this.minFrames;
  }

  reset(): void {
    this.since = null;
    this.last = null;
    this.frames = 0;
  }
}
