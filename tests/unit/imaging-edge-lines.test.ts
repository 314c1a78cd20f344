import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shrinkGrey } from '../../src/main/imaging/locate';
import { undirectedGap } from '../../src/main/imaging/edge-lines';

/**
 * The finder's fast paths must give the very same numbers as the definitions they replace (the
 * capture set's verdicts and corners were calibrated on those): these tests hold them to it.
 */
describe('edge lines: undirected angle gap', () => {
  // The definition: the angle between two undirected directions a radians apart, in [0, π/2].
  const definition = (a: number): number => {
    const d = Math.abs(((a % Math.PI) + Math.PI) % Math.PI);
    return Math.min(d, Math.PI - d);
  };

  it('equals the remainder definition to the last bit over the range the finder uses', () => {
    fc.assert(
      fc.property(fc.double({ min: -2 * Math.PI, max: 2 * Math.PI, noNaN: true }), (a) => {
        expect(undirectedGap(a)).toBe(definition(a) + 0);
      }),
      { numRuns: 20000 },
    );
  });

  it('is exact at the folds (0, ±π/2, ±π, ±2π)', () => {
    for (const a of [0, Math.PI / 2, -Math.PI / 2, Math.PI, -Math.PI, 2 * Math.PI, -2 * Math.PI])
      expect(undirectedGap(a)).toBe(definition(a) + 0);
    expect(undirectedGap(Math.PI)).toBe(0);
    expect(undirectedGap(Math.PI / 2)).toBe(Math.PI / 2);
  });
});

describe('locate: shrinkGrey', () => {
  it('gives each output pixel the mean of its block in Rec. 601 grey (77/150/29 of 256), truncated', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.uint8Array({ minLength: 40 * 40 * 3, maxLength: 40 * 40 * 3 }),
        (width, height, maxSide, bytes) => {
          const image = { data: bytes.subarray(0, width * height * 3), width, height, channels: 3 };
          const out = shrinkGrey(image, maxSide);
          // The documented layout: blocks of factor × factor, sampled every factor / 2.
          const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
          const step = Math.max(1, Math.floor(factor / 2));
          expect(out.width).toBe(Math.max(1, Math.floor(width / factor)));
          expect(out.height).toBe(Math.max(1, Math.floor(height / factor)));
          if (factor > width || factor > height) return;
          for (let y = 0; y < out.height; y++) {
            for (let x = 0; x < out.width; x++) {
              let sum = 0;
              let n = 0;
              for (let dy = 0; dy < factor; dy += step) {
                for (let dx = 0; dx < factor; dx += step) {
                  const i = ((y * factor + dy) * width + x * factor + dx) * 3;
                  sum += (bytes[i]! * 77 + bytes[i + 1]! * 150 + bytes[i + 2]! * 29) / 256;
                  n++;
                }
              }
              expect(out.data[y * out.width + x]).toBe(Math.trunc(sum / n));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
