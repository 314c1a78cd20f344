// Issue 11 on real sharp: the project's own capture set (tests/helpers/capture-set.ts), the
// training scanners' specimens, and pictures no document fits.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processImage } from '../../src/main/imaging/pipeline';
import { kindForRole } from '../../src/main/imaging/document-kind';
import { specimenScanners } from '../../src/main/specimens/simulated-scanners';
import type { ImageRole } from '../../src/shared/domain/flows';
import { runCase } from '../../bench/capture-set.bench';
import { buildCaptureSet } from '../helpers/capture-set';
import { errorCode } from '../helpers/images';

describe('pictures no document fits', () => {
  it.each([
    [30000, 1],
    [1, 30000],
    [20000, 3],
  ])('refuses a %d x %d image as image_shape, not internal', async (width, height) => {
    const strip = await sharp({ create: { width, height, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    expect(await errorCode(processImage(strip, { origin: 'file' }))).toBe('image_shape');
  });
});

describe('training scanners', () => {
  it('every specimen they produce passes without a warning', async () => {
    const scanners = specimenScanners().filter((s) => s.id?.startsWith('simulated:specimen:'));
    expect(scanners.length).toBeGreaterThanOrEqual(5);
    const failures: string[] = [];
    for (const scanner of scanners) {
      for (const role of ['front', 'back', 'passport'] as ImageRole[]) {
        const bytes = await scanner.imageFor!(0, {
          paperSource: 'flatbed',
          colourMode: 'color',
          resolution: 300,
          pages: 1,
          role,
        });
        const result = await processImage(bytes, { origin: 'scanner', kind: kindForRole(role) });
        if (result.quality.verdict !== 'ok') {
          failures.push(`${scanner.id} ${role}: ${JSON.stringify(result.quality.issues)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('the capture set', () => {
  it('gets the verdict, the reason and the corners right on a quarter of the set', async () => {
    const cases = await buildCaptureSet({ small: true });
    const results = [];
    for (const c of cases) results.push(await runCase(c));
    const misses = results
      .filter((r) => !r.right)
      .map((r) => `${r.name}: expected ${r.expected}, got ${r.issues}`);
    // The set's goal is ≥ 95 % (npm run bench prints the whole set); on this quarter, at most two
    // misses (today: the passport printed on white paper, whose white MRZ band leaves no bottom edge).
    expect(misses.length, misses.join('\n')).toBeLessThanOrEqual(2);
    const glare = results.filter((r) => r.name.includes('glare'));
    expect(glare.length).toBeGreaterThan(0);
    expect(glare.every((r) => r.got === 'retake')).toBe(true);
    expect(results.find((r) => r.name.startsWith('text page'))?.right).toBe(true);
  }, 300_000);
});
