/**
 * Perspective correction: resamples the inside of a quadrilateral into an upright rectangle with
 * bilinear interpolation. sharp (libvips) has affine transforms but no projective one, so this is
 * done here on raw pixels; it runs once per capture on the document's own pixels.
 */
import { homography, type Quad } from './geometry';

export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/**
 * The pixels inside `quad` (in `source` pixel coordinates, corners TL, TR, BR, BL) as a
 * `width` × `height` rectangle. Samples outside the source repeat its edge. With `grey`, an RGB
 * source comes out as one grey channel (Rec. 601 weights 77/150/29 of 256), sampled in the same
 * pass: the quality figures need grey, and a separate conversion of the whole picture would cost
 * another full-resolution pass.
 */
export function warpQuad(
  source: Pixels,
  quad: Quad,
  width: number,
  height: number,
  options: { grey?: boolean } = {},
): Pixels {
  const { data: src, width: sw, height: sh, channels: ch } = source;
  const grey = options.grey === true && ch === 3;
  // Map output pixel centres to source coordinates.
  const h = homography(
    [
      { x: 0, y: 0 },
      { x: width, y: 0 },
      { x: width, y: height },
      { x: 0, y: height },
    ],
    quad,
  );
  if (!h) throw new Error('degenerate document outline');
  const out = new Uint8Array(width * height * (grey ? 1 : ch));
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const maxX = sw - 1;
  const maxY = sh - 1;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    let X = h0 * 0.5 + h1 * yc + h2;
    let Y = h3 * 0.5 + h4 * yc + h5;
    let W = h6 * 0.5 + h7 * yc + h8;
    for (let x = 0; x < width; x++) {
      let sx = X / W - 0.5;
      let sy = Y / W - 0.5;
      if (sx < 0) sx = 0;
      else if (sx > maxX) sx = maxX;
      if (sy < 0) sy = 0;
      else if (sy > maxY) sy = maxY;
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      const x1 = x0 < maxX ? x0 + 1 : x0;
      const y1 = y0 < maxY ? y0 + 1 : y0;
      const i00 = (y0 * sw + x0) * ch;
      const i10 = (y0 * sw + x1) * ch;
      const i01 = (y1 * sw + x0) * ch;
      const i11 = (y1 * sw + x1) * ch;
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      if (grey) {
        // Interpolate each channel, then weigh them (same result as weighing first; fewer loads).
        const r = src[i00]! * w00 + src[i10]! * w10 + src[i01]! * w01 + src[i11]! * w11;
        const g = src[i00 + 1]! * w00 + src[i10 + 1]! * w10 + src[i01 + 1]! * w01 + src[i11 + 1]! * w11;
        const b = src[i00 + 2]! * w00 + src[i10 + 2]! * w10 + src[i01 + 2]! * w01 + src[i11 + 2]! * w11;
        out[o++] = (r * 77 + g * 150 + b * 29) / 256 + 0.5;
      } else {
        for (let c = 0; c < ch; c++) {
          out[o++] =
            src[i00 + c]! * w00 + src[i10 + c]! * w10 + src[i01 + c]! * w01 + src[i11 + c]! * w11 + 0.5;
        }
      }
      X += h0;
      Y += h3;
      W += h6;
    }
  }
  return { data: out, width, height, channels: grey ? 1 : ch };
}
