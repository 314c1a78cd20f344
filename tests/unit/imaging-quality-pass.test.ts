import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_ZONES } from '../../src/main/imaging/document-zones';
import { measureGlare, measureGlareWithin } from '../../src/main/imaging/glare';
import type { Quad } from '../../src/main/imaging/geometry';
import type { Outline } from '../../src/main/imaging/locate';
import { measurePixels } from '../../src/main/imaging/quality';
import { copySize, qualityCopySource } from '../../src/main/imaging/quality-copy';
import { copyFigures } from '../../src/main/imaging/quality-pass';

/** Rec. 601 grey of one RGB pixel, as the definition (warpQuad's weights, rounded). */
const greyOf = (r: number, g: number, b: number): number =>
  Math.floor((r * 77 + g * 150 + b * 29) / 256 + 0.5);

describe('one pass over the quality copy (fast path held to its definition)', () => {
  it('gives measurePixels and measureGlare on the grey window, for any picture and window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(1, 3),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (width, height, channels, seed, glary) => {
          // Random pixels, with saturated blobs when `glary`, so the glare path is taken too.
          let s = seed;
          const next = (): number => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 255;
          const data = new Uint8Array(width * height * channels);
          for (let i = 0; i < data.length; i++) data[i] = glary && next() < 120 ? 255 : next();
          const left = next() % width;
          const top = next() % height;
          const w = 1 + (next() % (width - left));
          const h = 1 + (next() % (height - top));
          const fast = copyFigures({
            image: { data, width, height, channels },
            left,
            top,
            width: w,
            height: h,
          });
          const grey = new Uint8Array(w * h);
          for (let y = 0; y < h; y++)
            for (let x = 0; x < w; x++) {
              const i = ((top + y) * width + left + x) * channels;
              grey[y * w + x] = channels === 1 ? data[i]! : greyOf(data[i]!, data[i + 1]!, data[i + 2]!);
            }
          expect(fast.grey).toEqual(grey);
          expect(fast.figures).toEqual(measurePixels(grey, w, h));
          // Glare from the bounds found in the pass equals glare found on its own (paper below white).
          const zones = DOCUMENT_ZONES.id1_card;
          expect(measureGlareWithin(fast.grey, w, h, zones, 200, fast.saturated)).toEqual(
            measureGlare(grey, w, h, zones, 200),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** An RGB picture, mid-grey, with a `w` × `h` white document whose top-left quarter is black. */
function scene(width: number, height: number, left: number, top: number, w: number, h: number): Uint8Array {
  const data = new Uint8Array(width * height * 3).fill(120);
  for (let y = top; y < top + h; y++)
    for (let x = left; x < left + w; x++) {
      const mark = x < left + w / 2 && y < top + h / 2;
      data.fill(mark ? 0 : 250, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  return data;
}

const quadOf = (left: number, top: number, w: number, h: number): Quad => [
  { x: left, y: top },
  { x: left + w, y: top },
  { x: left + w, y: top + h },
  { x: left, y: top + h },
];

/** Mean grey of the copy's quarter (0: top-left, 1: top-right, 2: bottom-right, 3: bottom-left). */
function quarterMean(grey: Uint8Array, width: number, height: number, q: number): number {
  const x0 = q === 1 || q === 2 ? Math.ceil(width / 2) + 2 : 2;
  const y0 = q >= 2 ? Math.ceil(height / 2) + 2 : 2;
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y0 + Math.floor(height / 2) - 4; y++)
    for (let x = x0; x < x0 + Math.floor(width / 2) - 4; x++, n++) sum += grey[y * width + x]!;
  return sum / n;
}

describe('quality copy made by libvips', () => {
  it('cuts a straight card to its size at the quality resolution, upright', async () => {
    const image = { data: scene(1181, 827, 85, 95, 1011, 637), width: 1181, height: 827, channels: 3 };
    const quad = quadOf(85, 95, 1011, 637);
    const outline: Outline = {
      quad,
      plan: { kind: 'crop', box: { left: 85, top: 95, width: 1011, height: 637 }, quarterTurn: false },
      deskewDegrees: 0,
    };
    const copy = copyFigures(await qualityCopySource(image, outline, 85.6));
    // 85.6 mm at 200 dpi = 674 px.
    expect(copy.width).toBe(674);
    expect(copy).toMatchObject(copySize({ width: 1011, height: 637 }, 85.6));
    expect(quarterMean(copy.grey, copy.width, copy.height, 0)).toBeLessThan(10);
    for (const q of [1, 2, 3])
      expect(quarterMean(copy.grey, copy.width, copy.height, q)).toBeGreaterThan(240);
  });

  it('stands a card lying on its side up (quarter turn clockwise)', async () => {
    // The document's top-left (black) lies at the outline's bottom-left: turned 90° anticlockwise.
    const data = new Uint8Array(600 * 900 * 3).fill(120);
    for (let y = 100; y < 100 + 600; y++)
      for (let x = 50; x < 50 + 380; x++) {
        const mark = x < 50 + 190 && y >= 100 + 300;
        data.fill(mark ? 0 : 250, (y * 600 + x) * 3, (y * 600 + x) * 3 + 3);
      }
    const lying = quadOf(50, 100, 380, 600);
    const outline: Outline = {
      quad: [lying[3], lying[0], lying[1], lying[2]],
      plan: { kind: 'crop', box: { left: 50, top: 100, width: 380, height: 600 }, quarterTurn: true },
      deskewDegrees: 90,
    };
    const copy = copyFigures(
      await qualityCopySource({ data, width: 600, height: 900, channels: 3 }, outline, null),
    );
    expect(copy.width).toBeGreaterThan(copy.height);
    expect(quarterMean(copy.grey, copy.width, copy.height, 0)).toBeLessThan(10);
    for (const q of [1, 2, 3])
      expect(quarterMean(copy.grey, copy.width, copy.height, q)).toBeGreaterThan(240);
  });

  it('straightens a turned card (rotation about its centre)', async () => {
    // A card 600 × 378 turned 7° clockwise about (500, 400), its top-left quarter black.
    const width = 1000;
    const height = 800;
    const a = (7 * Math.PI) / 180;
    const data = new Uint8Array(width * height * 3).fill(120);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const u = (x - 500) * Math.cos(a) + (y - 400) * Math.sin(a);
        const v = -(x - 500) * Math.sin(a) + (y - 400) * Math.cos(a);
        if (Math.abs(u) <= 300 && Math.abs(v) <= 189)
          data.fill(u < 0 && v < 0 ? 0 : 250, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
    const corner = (u: number, v: number) => ({
      x: 500 + u * Math.cos(a) - v * Math.sin(a),
      y: 400 + u * Math.sin(a) + v * Math.cos(a),
    });
    const quad: Quad = [corner(-300, -189), corner(300, -189), corner(300, 189), corner(-300, 189)];
    const outline: Outline = {
      quad,
      plan: { kind: 'rotate', degrees: -7, centre: { x: 500, y: 400 }, width: 600, height: 378 },
      deskewDegrees: -7,
    };
    const copy = copyFigures(await qualityCopySource({ data, width, height, channels: 3 }, outline, 85.6));
    expect(copy.width).toBe(600);
    expect(Math.abs(copy.height - 378)).toBeLessThanOrEqual(1);
    expect(quarterMean(copy.grey, copy.width, copy.height, 0)).toBeLessThan(20);
    for (const q of [1, 2, 3])
      expect(quarterMean(copy.grey, copy.width, copy.height, q)).toBeGreaterThan(230);
  });
});
