/**
 * Glare: specular highlights, found locally. A highlight is a blob of saturated pixels with a solid
 * core (no print shows through it), brighter than the document's own paper. Printed white areas
 * (a QR code's quiet zone, the MRZ band) are either not saturated or too thin to have a core, and a
 * document whose paper is itself saturated (a white sheet on a scanner) cannot show glare at all.
 * Each blob is then weighed by the data zone it covers (document-zones.ts).
 */
import type { Zone, ZoneName } from './document-zones';

/** Grey level from which a pixel is blown out (JPEG noise keeps printed white at ≤ 252). */
export const GLARE_SATURATED = 253;
/** A highlight's core is at least this far inside its blob, as a share of the document's short side. */
const CORE_SHARE = 0.028;
/** Paper at or above this median grey level is too white for a highlight to stand out. */
const WHITE_PAPER = 248;

export interface GlareFigures {
  /** Share of the document covered by highlights, 0..1. */
  fraction: number;
  /** Share of each data zone covered by highlights, 0..1 (only zones with some glare). */
  zones: Partial<Record<ZoneName, number>>;
  /** False when the paper itself is blown out: glare cannot be told from paper. */
  measurable: boolean;
}

/** Rows and columns (inclusive) that hold every mask pixel. */
export interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Chamfer (3-4) distance of every mask pixel to the nearest non-mask pixel, in ≈ pixels × 3.
 * Only the mask's bounds are swept: outside them every pixel is 0 and no mask pixel's distance
 * can come from there but through a zero neighbour, which the sweep reads (same result as a
 * sweep of the whole document, at the cost of the highlights' area).
 */
function chamfer(mask: Uint8Array, width: number, height: number, b: Bounds): Uint16Array {
  const d = new Uint16Array(width * height);
  const big = 60000;
  for (let y = b.y0; y <= b.y1; y++)
    for (let x = b.x0, i = y * width + x; x <= b.x1; x++, i++) if (mask[i]) d[i] = big;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0; x <= b.x1; x++) {
      const i = y * width + x;
      if (!d[i]) continue;
      let v = d[i];
      if (x > 0) v = Math.min(v, d[i - 1]! + 3);
      else v = Math.min(v, 3);
      if (y > 0) {
        v = Math.min(v, d[i - width]! + 3);
        if (x > 0) v = Math.min(v, d[i - width - 1]! + 4);
        if (x < width - 1) v = Math.min(v, d[i - width + 1]! + 4);
      } else v = Math.min(v, 3);
      d[i] = v;
    }
  }
  for (let y = b.y1; y >= b.y0; y--) {
    for (let x = b.x1; x >= b.x0; x--) {
      const i = y * width + x;
      if (!d[i]) continue;
      let v = d[i];
      if (x < width - 1) v = Math.min(v, d[i + 1]! + 3);
      else v = Math.min(v, 3);
      if (y < height - 1) {
        v = Math.min(v, d[i + width]! + 3);
        if (x < width - 1) v = Math.min(v, d[i + width + 1]! + 4);
        if (x > 0) v = Math.min(v, d[i + width - 1]! + 4);
      } else v = Math.min(v, 3);
      d[i] = v;
    }
  }
  return d;
}

/**
 * Highlights on an upright document (`grey`, one byte per pixel) and how much of each zone they
 * cover. `paperMedian` is the document's median grey level.
 */
export function measureGlare(
  grey: Uint8Array,
  width: number,
  height: number,
  zones: readonly Zone[],
  paperMedian: number,
): GlareFigures {
  const bounds: Bounds = { x0: width, x1: -1, y0: height, y1: -1 };
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (grey[i]! >= GLARE_SATURATED) {
        if (x < bounds.x0) bounds.x0 = x;
        if (x > bounds.x1) bounds.x1 = x;
        if (y < bounds.y0) bounds.y0 = y;
        if (y > bounds.y1) bounds.y1 = y;
      }
    }
  }
  return measureGlareWithin(grey, width, height, zones, paperMedian, bounds);
}

/**
 * measureGlare when the bounds of the saturated pixels (grey ≥ GLARE_SATURATED) are already known
 * (quality-pass.ts finds them while it makes the copy grey): every step then works inside them.
 */
export function measureGlareWithin(
  grey: Uint8Array,
  width: number,
  height: number,
  zones: readonly Zone[],
  paperMedian: number,
  bounds: Bounds,
): GlareFigures {
  if (paperMedian >= WHITE_PAPER) return { fraction: 0, zones: {}, measurable: false };
  if (bounds.x1 < 0) return { fraction: 0, zones: {}, measurable: true };
  const mask = new Uint8Array(width * height);
  for (let y = bounds.y0; y <= bounds.y1; y++)
    for (let x = bounds.x0, i = y * width + x; x <= bounds.x1; x++, i++)
      if (grey[i]! >= GLARE_SATURATED) mask[i] = 1;
  const dist = chamfer(mask, width, height, bounds);
  const core = Math.max(3, CORE_SHARE * Math.min(width, height)) * 3;
  // Flood the blobs that hold a core: the whole blob is the highlight (never beyond the bounds,
  // which hold every mask pixel).
  const glare = new Uint8Array(width * height);
  // Each pixel is pushed at most once (marked as it is pushed): a typed stack of the mask's size
  // holds any blob, and no array is made per pixel (the flood ran for every saturated pixel).
  const stack = new Int32Array(width * height);
  let top = 0;
  let total = 0;
  const visit = (n: number): void => {
    if (mask[n] && !glare[n]) {
      glare[n] = 1;
      total++;
      stack[top++] = n;
    }
  };
  for (let y = bounds.y0; y <= bounds.y1; y++) {
    for (let x = bounds.x0, i = y * width + x; x <= bounds.x1; x++, i++) {
      if (dist[i]! < core || glare[i]) continue;
      glare[i] = 1;
      total++;
      stack[top++] = i;
      while (top > 0) {
        const j = stack[--top]!;
        const jx = j % width;
        if (jx > 0) visit(j - 1);
        if (jx < width - 1) visit(j + 1);
        if (j >= width) visit(j - width);
        if (j + width < mask.length) visit(j + width);
      }
    }
  }
  const covered: Partial<Record<ZoneName, number>> = {};
  if (total > 0) {
    for (const zone of zones) {
      const x0 = Math.floor(zone.left * width);
      const x1 = Math.ceil(zone.right * width);
      const y0 = Math.floor(zone.top * height);
      const y1 = Math.ceil(zone.bottom * height);
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) n += glare[y * width + x]!;
      const share = n / Math.max(1, (x1 - x0) * (y1 - y0));
      if (share > 0) covered[zone.name] = Math.max(covered[zone.name] ?? 0, share);
    }
  }
  return { fraction: total / (width * height), zones: covered, measurable: true };
}
