/**
 * Finds the card (or passport page) on a small greyscale copy of a scan: the background is what
 * the border of the scan looks like, the card is whatever differs from it. Pure JS on a raw buffer
 * so it is cheap (test-rig.md: sharp's trim() at full resolution costs ~250 ms) and testable.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface CardFinding {
  /** Bounding box of the foreground, in the grey image's pixels; null when nothing stands out. */
  box: Box | null;
  /** Tilt of the foreground's long axis in degrees (positive = clockwise), when it is measurable. */
  skewDegrees: number | null;
  /** Background grey level, used to fill corners when rotating. */
  background: number;
}

/** How different from the background a pixel must be to count as card. */
const DIFFERENCE = 28;
/** A row or column belongs to the card when at least this share of it differs (ignores specks). */
const LINE_SHARE = 0.04;
/** The foreground must cover this much of the bounding box to trust its tilt. */
const MIN_FILL_FOR_SKEW = 0.55;

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function borderBackground(grey: Uint8Array, width: number, height: number): number {
  const samples: number[] = [];
  const band = Math.max(1, Math.round(Math.min(width, height) * 0.01));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y < band || y >= height - band || x < band || x >= width - band) samples.push(grey[y * width + x]!);
    }
  }
  return median(samples);
}

export function findCard(grey: Uint8Array, width: number, height: number): CardFinding {
  const background = borderBackground(grey, width, height);
  const mask = new Uint8Array(width * height);
  const rowCount = new Uint32Array(height);
  const colCount = new Uint32Array(width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (Math.abs(grey[i]! - background) > DIFFERENCE) {
        mask[i] = 1;
        rowCount[y]!++;
        colCount[x]!++;
      }
    }
  }
  const firstLast = (counts: Uint32Array, minimum: number): [number, number] | null => {
    let first = -1;
    let last = -1;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i]! >= minimum) {
        if (first < 0) first = i;
        last = i;
      }
    }
    return first < 0 ? null : [first, last];
  };
  const rows = firstLast(rowCount, Math.max(2, width * LINE_SHARE));
  const cols = firstLast(colCount, Math.max(2, height * LINE_SHARE));
  if (!rows || !cols) return { box: null, skewDegrees: null, background };
  const box = { left: cols[0], top: rows[0], width: cols[1] - cols[0] + 1, height: rows[1] - rows[0] + 1 };
  // Too small to be a document: noise, a fingerprint, a speck of dust.
  if (box.width * box.height < width * height * 0.05) return { box: null, skewDegrees: null, background };

  // Orientation of the foreground from its second-order central moments.
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      if (mask[y * width + x]) {
        n++;
        sx += x;
        sy += y;
      }
    }
  }
  const cx = sx / n;
  const cy = sy / n;
  let mu20 = 0;
  let mu02 = 0;
  let mu11 = 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      if (mask[y * width + x]) {
        const dx = x - cx;
        const dy = y - cy;
        mu20 += dx * dx;
        mu02 += dy * dy;
        mu11 += dx * dy;
      }
    }
  }
  const fill = n / (box.width * box.height);
  let skewDegrees: number | null = null;
  // A square-ish blob has no meaningful long axis; a sparse one (card similar to the lid) is unsure.
  const elongation = Math.abs(mu20 - mu02) / (mu20 + mu02);
  if (fill >= MIN_FILL_FOR_SKEW && elongation > 0.1) {
    const theta = (0.5 * Math.atan2(2 * mu11, mu20 - mu02) * 180) / Math.PI;
    // Portrait or landscape: only the tilt away from the nearest axis matters.
    skewDegrees = theta - Math.round(theta / 90) * 90;
  }
  return { box, skewDegrees, background };
}
