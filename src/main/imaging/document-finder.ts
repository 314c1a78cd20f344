/**
 * Finds a document's outline (a card, a passport page, a sheet) in a small greyscale copy of a scan
 * or photo: straight edges by a Hough transform whose votes follow each pixel's gradient direction,
 * then the quadrilateral of four such lines whose sides are best supported by edge pixels, whose
 * proportions fit the expected document and which is largest. Works on textured and cluttered
 * backgrounds (the outline must be a continuous edge, clutter rarely is), in perspective, at any
 * rotation, and says "nothing" rather than guess (a page of text has no continuous outline).
 * The edges and lines come from edge-lines.ts; this file chooses the quadrilateral among them.
 *
 * Own code rather than OpenCV's WebAssembly build: see README ("Imaging") for the measured cost
 * of loading that build against the few milliseconds this takes on a 512-px copy.
 */
import {
  angleBetween,
  EDGE_STEP,
  gradients,
  houghLines,
  intersect,
  longestRun,
  sideSupport,
  undirectedGap,
  type Gradients,
  type Line,
} from './edge-lines';
import { isConvex, orderCorners, quadArea, quadSize, type Point, type Quad } from './geometry';

export interface DocumentFinding {
  /** Corners TL, TR, BR, BL in the grey image's pixels. */
  quad: Quad;
  /** 0..1: how well the four sides are supported by edge pixels. */
  support: number;
}

export interface FindOptions {
  /** Expected long/short side ratio (ID-1: 1.586, ID-3: 1.42, A4: 1.414); null accepts any. */
  aspect: number | null;
  /** Smallest document area accepted, as a share of the image. */
  minAreaShare?: number;
  /**
   * Longest side (pixels of the grey image) a document may have, where the picture's resolution is
   * known: a larger quadrilateral (a page's frame, the glass's edge) is not considered at all, so
   * the document inside it can still be the best.
   */
  maxLongSide?: number;
}

const MIN_SIDE_SUPPORT = 0.5;
const MIN_MEAN_SUPPORT = 0.72;
/** Tolerated mismatch between the seen and expected proportions (perspective distorts them). */
const ASPECT_TOLERANCE = 0.11;
/** Lines (longest runs first) the search combines into quadrilaterals; more when none fits. */
const LINES_FIRST = 18;
const LINES_WIDE = 30;

/**
 * The most plausible document outline, or null when no four edges make one. `grey` is row-major,
 * one byte per pixel; keep it small (≈512 px on the long side): the cost is linear in pixels.
 */
export function findDocument(
  grey: Uint8Array,
  width: number,
  height: number,
  options: FindOptions,
): DocumentFinding | null {
  const g = gradients(grey, width, height);
  const minSide = Math.min(width, height);
  const minRun = minSide * (options.minAreaShare ?? 0.02) ** 0.5 * 0.5;
  const lines = houghLines(g, width, height)
    .map((line) => ({ line, run: longestRun(g, width, height, line) }))
    .filter((l) => l.run >= minRun)
    .sort((a, b) => b.run - a.run)
    .slice(0, LINES_WIDE)
    .map((l) => l.line);
  // The longest LINES_FIRST lines first; only when they make no document, the longest LINES_WIDE.
  // On a cluttered desk the bars of text on the papers around a card are longer than a card's
  // side seen in perspective (its top edge ranked 27th), but a second pass on every picture would
  // cost ~18 % more search where the first pass already found the document.
  const found = bestQuad(g, width, height, lines.slice(0, LINES_FIRST), options);
  if (found || lines.length <= LINES_FIRST) return found;
  return bestQuad(g, width, height, lines, options);
}

/** The best-scoring document quadrilateral made of four of `lines`, refined, or null. */
function bestQuad(
  g: Gradients,
  width: number,
  height: number,
  lines: readonly Line[],
  options: FindOptions,
): DocumentFinding | null {
  const minSide = Math.min(width, height);
  const pairs: [Line, Line][] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i]!;
      const b = lines[j]!;
      if (angleBetween(a, b) > (22 * Math.PI) / 180) continue;
      // Separation measured at the image centre, along a's normal.
      const c = { x: width / 2, y: height / 2 };
      const da = c.x * Math.cos(a.theta) + c.y * Math.sin(a.theta) - a.rho;
      let db = c.x * Math.cos(b.theta) + c.y * Math.sin(b.theta) - b.rho;
      // Normals near 0 and near π point opposite ways: measure both along a's.
      if (Math.cos(a.theta - b.theta) < 0) db = -db;
      if (Math.abs(da - db) < minSide * 0.08) continue;
      pairs.push([a, b]);
    }
  }
  const minArea = (options.minAreaShare ?? 0.02) * width * height;
  const margin = 0.04 * Math.max(width, height);
  let best: { quad: Quad; score: number; support: number } | null = null;
  for (let i = 0; i < pairs.length; i++) {
    for (let j = i + 1; j < pairs.length; j++) {
      const [a, b] = pairs[i]!;
      const [c, d] = pairs[j]!;
      const cross = angleBetween(a, c);
      if (cross < (60 * Math.PI) / 180) continue;
      const corners = [intersect(a, c), intersect(c, b), intersect(b, d), intersect(d, a)];
      if (
        corners.some(
          (p) => !p || p.x < -margin || p.y < -margin || p.x > width + margin || p.y > height + margin,
        )
      )
        continue;
      const quad = orderCorners(corners as Point[]);
      if (!isConvex(quad)) continue;
      const area = Math.abs(quadArea(quad));
      if (area < minArea) continue;
      const size = quadSize(quad);
      if (options.maxLongSide !== undefined && Math.max(size.width, size.height) > options.maxLongSide)
        continue;
      const seen = Math.max(size.width, size.height) / Math.min(size.width, size.height);
      const mismatch = options.aspect ? Math.abs(Math.log(seen / options.aspect)) : 0;
      if (mismatch > ASPECT_TOLERANCE) continue;
      // The score is support² × this; support is at most 1, so a candidate that cannot beat the
      // best so far even fully supported is not measured (same result, most of the cost saved).
      const bound = Math.sqrt(area / (width * height)) * (1 - mismatch);
      if (best && bound <= best.score) continue;
      // Sides one by one, stopping at the first unsupported one (most candidates fail early) or
      // as soon as the best possible mean support can no longer beat the best score.
      let total = 0;
      let k = 0;
      for (; k < 4; k++) {
        const support = sideSupport(g, width, height, quad[k]!, quad[(k + 1) % 4]!);
        if (support < MIN_SIDE_SUPPORT) break;
        total += support;
        const atBest = (total + 3 - k) / 4;
        if (best && atBest * atBest * bound <= best.score) break;
      }
      if (k < 4) continue;
      const mean = total / 4;
      if (mean < MIN_MEAN_SUPPORT) continue;
      const score = mean * mean * bound;
      if (!best || score > best.score) best = { quad, score, support: mean };
    }
  }
  return best ? { quad: refine(g, width, height, best.quad), support: best.support } : null;
}

/**
 * Fits each side again through the edge pixels near it (total least squares), so the corners are
 * not limited by the Hough transform's 1° / 1 px bins.
 */
function refine(g: Gradients, width: number, height: number, quad: Quad): Quad {
  const fitted: Line[] = [];
  for (let k = 0; k < 4; k++) {
    const p = quad[k]!;
    const q = quad[(k + 1) % 4]!;
    const len = Math.hypot(q.x - p.x, q.y - p.y);
    const nx = -(q.y - p.y) / len;
    const ny = (q.x - p.x) / len;
    const normal = Math.atan2(ny, nx);
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let t = 0.08; t <= 0.92; t += 1 / len) {
      const x = p.x + (q.x - p.x) * t;
      const y = p.y + (q.y - p.y) * t;
      let bestD = 0;
      let bestM = 0;
      for (let d = -2; d <= 2; d += 0.5) {
        const ix = Math.round(x + nx * d);
        const iy = Math.round(y + ny * d);
        if (ix < 1 || iy < 1 || ix >= width - 1 || iy >= height - 1) continue;
        const i = iy * width + ix;
        if (undirectedGap(g.dir[i]! - normal) < 0.3 && g.mag[i]! > bestM) {
          bestM = g.mag[i]!;
          bestD = d;
        }
      }
      if (bestM < EDGE_STEP) continue;
      const ex = x + nx * bestD;
      const ey = y + ny * bestD;
      n++;
      sx += ex;
      sy += ey;
      sxx += ex * ex;
      syy += ey * ey;
      sxy += ex * ey;
    }
    if (n < 8) return quad;
    const mx = sx / n;
    const my = sy / n;
    const cxx = sxx / n - mx * mx;
    const cyy = syy / n - my * my;
    const cxy = sxy / n - mx * my;
    // Direction of the line = main axis of the points; its normal angle is that plus 90°.
    const axis = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
    let theta = axis + Math.PI / 2;
    theta = ((theta % Math.PI) + Math.PI) % Math.PI;
    fitted.push({ theta, rho: mx * Math.cos(theta) + my * Math.sin(theta), votes: n });
  }
  const corners = [0, 1, 2, 3].map((k) => intersect(fitted[(k + 3) % 4]!, fitted[k]!));
  if (corners.some((c) => !c)) return quad;
  const refined = corners as Quad;
  // Keep the refinement only when it stays close to the Hough corners (a stray fit is not trusted).
  const limit = 0.03 * Math.hypot(width, height);
  return refined.every((c, i) => Math.hypot(c.x - quad[i]!.x, c.y - quad[i]!.y) < limit) && isConvex(refined)
    ? refined
    : quad;
}
