/**
 * Straight edges in a small greyscale copy of a scan or photo (the first half of finding a
 * document's outline, document-finder.ts): Sobel gradients on a lightly smoothed copy, a Hough
 * transform whose votes follow each pixel's gradient direction, and the measures the outline's
 * choice reads back from the gradients (longest continuous run along a line, a side's support).
 * Everything here is in the grey copy's pixels; angles in radians.
 */
import type { Point } from './geometry';

/** A straight line in normal form: x·cos θ + y·sin θ = ρ (ρ in pixels). */
export interface Line {
  /** Normal angle in radians, [0, π). */
  theta: number;
  rho: number;
  votes: number;
}

const THETA_BINS = 180;
/** Gradient step (grey levels, Sobel / 4) for a pixel to count as an edge. */
export const EDGE_STEP = 9;
/** Each edge pixel votes for its own gradient direction ± this many degrees. */
const VOTE_SPREAD = 1;
/** A side is "supported" where an edge pixel with a matching direction lies this close (px). */
const SUPPORT_DISTANCE = 1.5;

/**
 * The angle between two undirected directions `a` radians apart (a in [-2π, 2π]), folded into
 * [0, π/2]: |((a mod π) + π) mod π| and its complement, to the last bit. Each subtraction of π
 * here is exact (Sterbenz), so this is the remainder's value without its cost: it runs for every
 * pixel the finder looks at along a line, and floating-point remainders were most of that time.
 */
export function undirectedGap(a: number): number {
  const pi = Math.PI;
  let r = a;
  while (r >= pi) r -= pi;
  while (r <= -pi) r += pi;
  let t = r + pi;
  while (t >= pi) t -= pi;
  const diff = Math.abs(t);
  return Math.min(diff, pi - diff);
}

/** Per-pixel gradient of the grey copy (row-major, same size). */
export interface Gradients {
  mag: Float32Array;
  /** Gradient direction in radians, (-π, π]. */
  dir: Float32Array;
}

/**
 * Separable [1 2 1] / 4 twice: enough to quiet paper grain and JPEG noise on a small copy. Kept in
 * integers scaled by 256 (the four passes' divisors): the same values as dividing at each pass,
 * exactly, in integer arithmetic, which is much cheaper than float32 here.
 */
function smooth256(grey: Uint8Array, width: number, height: number): Int32Array {
  const a = Int32Array.from(grey);
  const b = new Int32Array(a.length);
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < height; y++) {
      const r = y * width;
      for (let x = 0; x < width; x++) {
        const l = a[r + (x > 0 ? x - 1 : x)]!;
        const rr = a[r + (x < width - 1 ? x + 1 : x)]!;
        b[r + x] = l + 2 * a[r + x]! + rr;
      }
    }
    for (let y = 0; y < height; y++) {
      const up = (y > 0 ? y - 1 : y) * width;
      const down = (y < height - 1 ? y + 1 : y) * width;
      const r = y * width;
      for (let x = 0; x < width; x++) a[r + x] = b[up + x]! + 2 * b[r + x]! + b[down + x]!;
    }
  }
  return a;
}

/**
 * Sobel gradients (÷ 4, grey levels per pixel) of the smoothed copy; the direction is only set
 * where the magnitude reaches EDGE_STEP (0 elsewhere). Border pixels stay 0.
 */
export function gradients(grey: Uint8Array, width: number, height: number): Gradients {
  // Smoothed values × 256; the Sobel sums are divided by 4 × 256 (exact: powers of two).
  const s = smooth256(grey, width, height);
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
        1024;
      const gy =
        (s[i + width - 1]! +
          2 * s[i + width]! +
          s[i + width + 1]! -
          s[i - width - 1]! -
          2 * s[i - width]! -
          s[i - width + 1]!) /
        1024;
      // Math.hypot is several times slower than the square root; a direction is only ever read
      // where the step is an edge (every reader checks EDGE_STEP), so weak pixels skip atan2.
      const m = Math.sqrt(gx * gx + gy * gy);
      mag[i] = m;
      if (m >= EDGE_STEP) dir[i] = Math.atan2(gy, gx);
    }
  }
  return { mag, dir };
}

/**
 * The strongest straight lines (at most 90, most votes first): every edge pixel votes, weighed by
 * its step (capped at 40), for lines through it within ±VOTE_SPREAD degrees of its gradient
 * direction; 1° × 1 px bins; peaks are local maxima over ±3° and ±4 px.
 */
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
      // The direction is in (-π, π], so t0 is in [-180, 180]: wrapped by comparisons, not by
      // integer remainders (the vote loop runs for every edge pixel; remainders were its cost).
      let t0 = Math.round((g.dir[i]! * THETA_BINS) / Math.PI);
      if (t0 < 0) t0 += THETA_BINS;
      if (t0 >= THETA_BINS) t0 -= THETA_BINS;
      const w = Math.min(m, 40);
      for (let d = -VOTE_SPREAD; d <= VOTE_SPREAD; d++) {
        let t = t0 + d;
        if (t < 0) t += THETA_BINS;
        else if (t >= THETA_BINS) t -= THETA_BINS;
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
      hit = undirectedGap(g.dir[i]! - line.theta) < 0.3;
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

/** Where two lines cross, or null when they are parallel. */
export function intersect(a: Line, b: Line): Point | null {
  const ca = Math.cos(a.theta);
  const sa = Math.sin(a.theta);
  const cb = Math.cos(b.theta);
  const sb = Math.sin(b.theta);
  const det = ca * sb - sa * cb;
  if (Math.abs(det) < 1e-6) return null;
  return { x: (a.rho * sb - b.rho * sa) / det, y: (ca * b.rho - cb * a.rho) / det };
}

/** Angle between two lines' directions, 0..π/2. */
export function angleBetween(a: Line, b: Line): number {
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
      if (undirectedGap(g.dir[i]! - normal) < 0.3) {
        hits++;
        break;
      }
    }
  }
  return total ? hits / total : 0;
}
