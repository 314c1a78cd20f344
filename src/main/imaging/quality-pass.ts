/**
 * One pass over the quality copy (issue 11): each row is made grey (Rec. 601 weights 77/150/29 of
 * 256, as warpQuad and shrinkGrey weigh), counted into the histogram, searched for saturated pixels
 * (glare's candidates), and the Laplacian of the row above it is summed while its neighbours are
 * still in cache. It gives exactly what measurePixels and glare's own mask pass give on the grey
 * copy (tests/unit/imaging-quality-pass.test.ts holds it to them), with one read of the pixels
 * instead of three.
 */
import { GLARE_SATURATED, type Bounds } from './glare';
import { figuresFromSums, type PixelFigures } from './quality';
import type { CopySource } from './quality-copy';

export interface CopyFigures {
  /** The upright document in grey, one byte per pixel, `width` × `height`. */
  grey: Uint8Array;
  width: number;
  height: number;
  figures: PixelFigures;
  /** Rows and columns (inclusive) holding every saturated pixel; x1 = -1 when there is none. */
  saturated: Bounds;
}

/** Grey copy, figures and glare candidates of `source` in one pass (see the file's comment). */
export function copyFigures(source: CopySource): CopyFigures {
  const { image, left, top, width, height } = source;
  const ch = image.channels;
  const src = image.data;
  const grey = new Uint8Array(width * height);
  const histogram = new Uint32Array(256);
  const saturated: Bounds = { x0: width, x1: -1, y0: height, y1: -1 };
  let sum = 0;
  let lapSum = 0;
  let lapSq = 0;
  for (let y = 0; y < height; y++) {
    let s = ((top + y) * image.width + left) * ch;
    const row = y * width;
    let rowSum = 0;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++, s += ch) {
      const v = ch === 1 ? src[s]! : (src[s]! * 77 + src[s + 1]! * 150 + src[s + 2]! * 29 + 128) >> 8;
      grey[row + x] = v;
      histogram[v]!++;
      rowSum += v;
      if (v >= GLARE_SATURATED) {
        if (first < 0) first = x;
        last = x;
      }
    }
    sum += rowSum;
    if (first >= 0) {
      if (first < saturated.x0) saturated.x0 = first;
      if (last > saturated.x1) saturated.x1 = last;
      if (y < saturated.y0) saturated.y0 = y;
      saturated.y1 = y;
    }
    // The Laplacian of the row above, now that the row below it is grey.
    if (y >= 2) {
      const r = row - width;
      for (let i = r + 1, end = r + width - 1; i < end; i++) {
        const lap = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
        lapSum += lap;
        lapSq += lap * lap;
      }
    }
  }
  const count = width > 2 && height > 2 ? (width - 2) * (height - 2) : 0;
  return {
    grey,
    width,
    height,
    figures: figuresFromSums(histogram, sum, grey.length, lapSum, lapSq, count),
    saturated,
  };
}
