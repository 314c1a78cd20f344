/**
 * Finds a document's outline (a card, a passport page, a sheet) in a small greyscale copy of a scan
 * or photo: straight edges by a Hough transform whose votes follow each pixel's gradient direction,
 * then the quadrilateral of four such lines whose sides are best supported by edge pixels, whose
 * proportions fit the expected document and which is largest. Works on textured and cluttered
 * backgrounds (the outline must be a continuous edge, clutter rarely is), in perspective, at any
 * rotation, and says "nothing" rather than guess (a page of text has no continuous outline).
 *
 * Own code rather than OpenCV's WebAssembly build: see README ("Imaging") for the measured cost
 * of loading that build against the few milliseconds this takes on a 512-px copy.
 */
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
}

interface Line {
  /** Normal angle in radians, [0, π). */
  theta: number;
  rho: number;
  votes: number;
}

const THETA_BINS = 180;
/** Gradient step (grey levels, Sobel / 4) for a pixel to count as an edge. */
const EDGE_STEP = 9;
/** Each edge pixel votes for its own gradient direction ± this many degrees. */
const VOTE_SPREAD = 1;
/** A side is "supported" where an edge pixel with a matching direction lies this close (px). */
const SUPPORT_DISTANCE = 1.5;
const MIN_SIDE_SUPPORT = 0.5;
const MIN_MEAN_SUPPORT = 0.72;
/** Tolerated mismatch between the seen and expected proportions (perspective distorts them). */
const ASPECT_TOLERANCE = 0.11;

interface Gradients {
  mag: Float32Array;
  /** Gradient direction in radians, (-π, π]. */
  dir: Float32Array;
}

function smooth(grey: Uint8Array, width: number, height: number): Float32Array {
  // Separable [1 2 1] / 4 twice: enough to quiet paper grain and JPEG noise on a small copy.
  const a = Float32Array.from(grey);
  const b = new Float32Array(a.length);
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < height; y++) {
      const r = y * width;
      for (let x = 0; x < width; x++) {
        const l = a[r + (x > 0 ? x - 1 : x)]!;
        const rr = a[r + (x < width - 1 ? x + 1 : x)]!;
        b[r + x] = (l + 2 * a[r + x]! + rr) / 4;
      }
    }
    for (let y = 0; y < height; y++) {
      const up = (y > 0 ? y - 1 : y) * width;
      const down = (y < height - 1 ? y + 1 : y) * width;
      const r = y * width;
      for (let x = 0; x < width; x++) a[r + x] = (b[up + x]! + 2 * b[r + x]! + b[down + x]!) / 4;
    }
  }
  return a;
}

export function gradients(grey: Uint8Array, width: number, height: number): Gradients {
  const s = smooth(grey, width, height);
  const mag = new Float32Array(width * height);
  const dir = new Float32Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const gx =
        (s[i - width + 1]! +
          2 * s[i + 1]! +
          s[i + width + 1]! -
          s[i - width - 1]! -
          2 * s[i - 1]! -
          s[i + width - 1]!) /
        4;
      const gy =
        (s[i + width - 1]! +
          2 * s[i + width]! +
          s[i + width + 1]! -
          s[i - width - 1]! -
          2 * s[i - width]! -
          s[i - width + 1]!) /
        4;
      // Math.hypot is several times slower than the square root; a direction is only ever read
      // where the step is an edge (every reader checks EDGE_STEP), so weak pixels skip atan2.
      const m = Math.sqrt(gx * gx + gy * gy);
      mag[i] = m;
      if (m >= EDGE_STEP) dir[i] = Math.atan2(gy, gx);
    }
  }
  return { mag, dir };
}

export function houghLines(g: Gradients, width: number, height: number): Line[] {
  const diag = Math.ceil(Math.hypot(width, height));
  const rhoBins = 2 * diag + 1;
  const acc = new Float32Array(THETA_BINS * rhoBins);
  const cos = new Float32Array(THETA_BINS);
  const sin = new Float32Array(THETA_BINS);
  for (let t = 0; t < THETA_BINS; t++) {
    cos[t] = Math.cos((t * Math.PI) / THETA_BINS);
    sin[t] = Math.sin((t * Math.PI) / THETA_BINS);
  }
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const m = g.mag[i]!;
      if (m < EDGE_STEP) continue;
      let t0 = Math.round((g.dir[i]! * THETA_BINS) / Math.PI);
      t0 = ((t0 % THETA_BINS) + THETA_BINS) % THETA_BINS;
      const w = Math.min(m, 40);
      for (let d = -VOTE_SPREAD; d <= VOTE_SPREAD; d++) {
        const t = (t0 + d + THETA_BINS) % THETA_BINS;
        const rho = Math.round(x * cos[t]! + y * sin[t]!) + diag;
        acc[t * rhoBins + rho]! += w;
      }
    }
  }
  // Peaks: local maxima over ±3 bins of angle and ±4 of distance, strongest first.
  const minVotes = 40 * Math.min(width, height) * 0.025;
  const peaks: Line[] = [];
  for (let t = 0; t < THETA_BINS; t++) {
    for (let r = 0; r < rhoBins; r++) {
      const v = acc[t * rhoBins + r]!;
      if (v < minVotes) continue;
      let isMax = true;
      for (let dt = -3; dt <= 3 && isMax; dt++) {
        const tt = (t + dt + THETA_BINS) % THETA_BINS;
        // Crossing θ = 0/π mirrors ρ.
        const wraps = t + dt < 0 || t + dt >= THETA_BINS;
        for (let dr = -4; dr <= 4; dr++) {
          const rr = wraps ? 2 * diag - r + dr : r + dr;
          if (rr < 0 || rr >= rhoBins || (dt === 0 && dr === 0)) continue;
          const o = acc[tt * rhoBins + rr]!;
          if (o > v || (o === v && (dt < 0 || (dt === 0 && dr < 0)))) {
            isMax = false;
            break;
          }
        }
      }
      if (isMax) peaks.push({ theta: (t * Math.PI) / THETA_BINS, rho: r - diag, votes: v });
    }
  }
  peaks.sort((a, b) => b.votes - a.votes);
  return peaks.slice(0, 90);
}

/**
 * Longest continuous stretch (gaps of a few pixels allowed) of edge pixels running along the line,
 * in pixels. A document's side is one long stretch; a row of text or a textured surface is many
 * short ones, however many votes they gather.
 */
export function longestRun(g: Gradients, width: number, height: number, line: Line): number {
  const c = Math.cos(line.theta);
  const s = Math.sin(line.theta);
  // Walk along the direction (-s, c) from the foot of the normal.
  const x0 = line.rho * c;
  const y0 = line.rho * s;
  const reach = Math.hypot(width, height);
  let best = 0;
  let run = 0;
  let gap = 0;
  for (let t = -reach; t <= reach; t += 1) {
    const x = x0 - s * t;
    const y = y0 + c * t;
    if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1) {
      run = 0;
      continue;
    }
    let hit = false;
    for (let d = -1; d <= 1 && !hit; d++) {
      const i = Math.round(y + s * d) * width + Math.round(x + c * d);
      if (g.mag[i]! < EDGE_STEP) continue;
      const diff = Math.abs((((g.dir[i]! - line.theta) % Math.PI) + Math.PI) % Math.PI);
      hit = Math.min(diff, Math.PI - diff) < 0.3;
    }
    if (hit) {
      run += 1 + gap;
      gap = 0;
      if (run > best) best = run;
    } else if (run > 0 && gap < 3) {
      gap++;
    } else {
      run = 0;
      gap = 0;
    }
  }
  return best;
}

function intersect(a: Line, b: Line): Point | null {
  const ca = Math.cos(a.theta);
  const sa = Math.sin(a.theta);
  const cb = Math.cos(b.theta);
  const sb = Math.sin(b.theta);
  const det = ca * sb - sa * cb;
  if (Math.abs(det) < 1e-6) return null;
  return { x: (a.rho * sb - b.rho * sa) / det, y: (ca * b.rho - cb * a.rho) / det };
}

/** Angle between two lines' directions, 0..π/2. */
function angleBetween(a: Line, b: Line): number {
  const d = Math.abs(a.theta - b.theta) % Math.PI;
  return Math.min(d, Math.PI - d);
}

/** Share of points along segment p→q (ends excluded) that lie on an edge running the same way. */
export function sideSupport(g: Gradients, width: number, height: number, p: Point, q: Point): number {
  const len = Math.hypot(q.x - p.x, q.y - p.y);
  const n = Math.max(8, Math.round(len / 3));
  const nx = -(q.y - p.y) / len;
  const ny = (q.x - p.x) / len;
  const normal = Math.atan2(ny, nx);
  let hits = 0;
  let total = 0;
  for (let k = 1; k < n; k++) {
    const f = 0.06 + (0.88 * k) / n;
    const x = p.x + (q.x - p.x) * f;
    const y = p.y + (q.y - p.y) * f;
    total++;
    for (let d = -SUPPORT_DISTANCE; d <= SUPPORT_DISTANCE; d += 0.75) {
      const sx = Math.round(x + nx * d);
      const sy = Math.round(y + ny * d);
      if (sx < 1 || sy < 1 || sx >= width - 1 || sy >= height - 1) continue;
      const i = sy * width + sx;
      if (g.mag[i]! < EDGE_STEP) continue;
      // Either polarity: a dark card on light paper or a light card on a dark desk.
      const diff = Math.abs((((g.dir[i]! - normal) % Math.PI) + Math.PI) % Math.PI);
      if (Math.min(diff, Math.PI - diff) < 0.3) {
        hits++;
        break;
      }
    }
  }
  return total ? hits / total : 0;
}

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
    .slice(0, 18)
    .map((l) => l.line);
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
        const diff = Math.abs((((g.dir[i]! - normal) % Math.PI) + Math.PI) % Math.PI);
        if (Math.min(diff, Math.PI - diff) < 0.3 && g.mag[i]! > bestM) {
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
