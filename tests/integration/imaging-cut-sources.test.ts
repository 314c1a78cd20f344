// The cut reads a scan either from its file (libvips decoding as it cuts) or from the scan's pixels
// already decoded beside the look (pipeline.ts, PREDECODE_MAX_PIXELS: flatbed scans). Both must give
// the same document, pixel for pixel, for every way a document is cut out; otherwise a capture's
// bytes would depend on its origin and size, and the provider would see a different image.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cutDocument, type CutDocument } from '../../src/main/imaging/cut';
import { probeImage, type ProbedImage } from '../../src/main/imaging/intake';
import { locateDocument } from '../../src/main/imaging/locate';
import { processImage } from '../../src/main/imaging/pipeline';
import { rawInput } from '../../src/main/imaging/raw-image';
import { renderPassport, specimenPerson } from '../../src/main/specimens';
import { cornersFor, placeDocument, sceneBackground } from '../helpers/capture-set';

/**
 * A passport page (rendered at 300 dpi) placed at `degrees` (and, with `skew`, in perspective) on
 * a 110 × 148.5 mm scan at 300 dpi with the lid open (a dark background), portrait for a quarter
 * turn and landscape otherwise, as JPEG. Not an A-size scan: its proportions (1.414) are a passport
 * page's (1.420), and locate.ts takes such a capture whole as the page (a scanner's auto-crop).
 */
async function scan(degrees: number, skew = 0): Promise<Buffer> {
  const doc = await renderPassport(specimenPerson('karim'), { format: 'png', scale: 1 });
  const { data, info } = await sharp(doc.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const frame = degrees === 90 ? { width: 1300, height: 1754 } : { width: 1754, height: 1300 };
  const scene = await sceneBackground('dark-desk', frame.width, frame.height, 3);
  const corners = cornersFor(frame.width / 2, frame.height / 2, info.width, info.height, degrees);
  corners[1].x += skew;
  corners[2].x -= skew;
  placeDocument(scene, { data, width: info.width, height: info.height }, corners);
  return sharp(scene.data, { raw: { ...frame, channels: 3 } })
    .withMetadata({ density: 300 })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** The same probed scan, read from its decoded pixels in memory, as the pipeline's predecode does. */
async function inMemory(probed: ProbedImage): Promise<ProbedImage> {
  const { data, info } = await probed.open().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rgb = { data, width: info.width, height: info.height, channels: 3 as const };
  return { ...probed, open: () => sharp(rgb.data, rawInput(rgb)), inMemory: true };
}

async function pixels(cut: CutDocument): Promise<{ data: Buffer; width: number; height: number }> {
  if ('raw' in cut) return cut.raw;
  const { data, info } = await cut.open().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('the cut from the file and from predecoded pixels', () => {
  it.each([
    ['a straight page (crop)', 0, 0, 'crop'],
    ['a page turned a quarter (crop, then turned)', 90, 0, 'crop'],
    ['a page turned 7° (rotate)', 7, 0, 'rotate'],
    ['a page in perspective (warp)', 0, 40, 'warp'],
  ] as const)('gives the same pixels for %s', async (_, degrees, skew, plan) => {
    const bytes = await scan(degrees, skew);
    const probed = await probeImage(bytes, 'scanner');
    const { data, info } = await probed.open().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const outline = locateDocument(
      { data, width: info.width, height: info.height, channels: 3 },
      'passport_page',
    );
    // A straight page's outline may come out a fraction of a degree off upright: then rotated.
    expect(plan === 'crop' ? ['crop', 'rotate'] : [plan]).toContain(outline.plan.kind);
    if (degrees === 90) expect(outline.plan).toMatchObject({ quarterTurn: true });
    const fromFile = await pixels(await cutDocument(probed, outline.plan, outline.quad, 1));
    const fromMemory = await pixels(await cutDocument(await inMemory(probed), outline.plan, outline.quad, 1));
    expect([fromMemory.width, fromMemory.height]).toEqual([fromFile.width, fromFile.height]);
    expect(fromMemory.width).toBeGreaterThan(fromMemory.height);
    expect(fromMemory.data.equals(fromFile.data)).toBe(true);
  });

  it('a flatbed scan (predecoded) and the same picture as a file (cut from it) give the same bytes', async () => {
    // 1300 × 1754 is shrunk on load for the look, so the scanner's capture is predecoded and the
    // file's is not; the page is found, turned upright and encoded alike.
    const bytes = await scan(90);
    const asScan = await processImage(bytes, { origin: 'scanner', kind: 'passport_page' });
    const asFile = await processImage(bytes, { origin: 'file', kind: 'passport_page' });
    const corners = asScan.quality.figures.documentCorners!;
    expect(corners).toEqual(asFile.quality.figures.documentCorners);
    // The page (88 × 125 mm at 300 dpi: 1039 × 1476 px, turned) comes out landscape.
    const xs = corners.map((c) => c.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(1000);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(1080);
    expect(Math.abs(asScan.width - 1476)).toBeLessThan(30);
    expect(asScan.sha256).toBe(asFile.sha256);
  });
});
