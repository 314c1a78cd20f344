// Issue 11 on real sharp: the project's own capture set (tests/helpers/capture-set.ts), the
// training scanners' specimens, and pictures no document fits.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createMrzReader } from '../../src/main/imaging/mrz-reader';
import { processImage } from '../../src/main/imaging/pipeline';
import { documentKindOfRole } from '../../src/shared/domain/documents';
import { SCAN_AREA_MM } from '../../src/main/devices/scan-plan';
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
  const reader = createMrzReader();
  afterAll(() => reader.close());

  // As the kiosk processes them: passports with their MRZ read (an unreadable one is a warning).
  it('every specimen they produce passes without a warning', async () => {
    const scanners = specimenScanners().filter((s) => s.id?.startsWith('simulated:specimen:'));
    expect(scanners.length).toBeGreaterThanOrEqual(5);
    const failures: string[] = [];
    for (const scanner of scanners) {
      for (const role of ['front', 'back', 'passport'] as ImageRole[]) {
        const document = documentKindOfRole(role);
        const bytes = await scanner.imageFor!(0, {
          document,
          paperSource: 'flatbed',
          duplex: false,
          colourMode: 'color',
          sheets: 'counted',
          resolution: 300,
          pages: 1,
          role,
          areaMm: SCAN_AREA_MM[document as Exclude<typeof document, 'selfie'>],
        });
        const result = await processImage(bytes, {
          origin: 'scanner',
          kind: document,
          readMrz: reader.read,
          now: () => new Date('2026-11-29T10:00:00Z'),
        });
        // Omar's passport has expired on purpose (training for the expiry warning): nothing else.
        const issues = result.quality.issues.filter(
          (i) => !(i.reason === 'expired' && scanner.id === 'simulated:specimen:omar'),
        );
        if (issues.length > 0 || (role === 'passport' && !result.quality.mrz?.valid)) {
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
    // misses (today: the passport printed on white paper, whose page edges do not show: "no document
    // found", a warning, where a person sees the page).
    expect(misses.length, misses.join('\n')).toBeLessThanOrEqual(2);
    const glare = results.filter((r) => r.name.includes('glare'));
    expect(glare.length).toBeGreaterThan(0);
    expect(glare.every((r) => r.got === 'retake')).toBe(true);
    expect(results.find((r) => r.name.startsWith('text page'))?.right).toBe(true);
  }, 300_000);

  // Issue 11: the page's own edges do not show on white paper, the finder's best outline is its
  // photo, and the dpi measured on that outline (about 90) made a good 300 dpi scan "retake".
  it('keeps a passport printed on white paper whole instead of judging it by its photo', async () => {
    const cases = await buildCaptureSet({ small: true });
    const printed = cases.find((c) => c.name === 'passport printed on white paper, scanned');
    expect(printed, 'the set has the printed passport').toBeDefined();
    const result = await processImage(printed!.bytes, { origin: printed!.origin, kind: printed!.kind });
    const q = result.quality;
    expect(q.issues).not.toContainEqual(expect.objectContaining({ reason: 'low_resolution' }));
    expect(q.verdict).not.toBe('retake');
    expect(q.figures).toMatchObject({ dpi: 300, dpiSource: 'metadata', documentCorners: null });
    // The whole scan is kept, not the photo.
    const meta = await sharp(printed!.bytes).metadata();
    expect({ width: result.width, height: result.height }).toEqual({
      width: meta.width,
      height: meta.height,
    });
  }, 300_000);
});
