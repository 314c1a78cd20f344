// Issue 11 on real sharp: the project's own capture set (tests/helpers/capture-set.ts), the
// training scanners' specimens, and pictures no document fits.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createMrzReader } from '../../src/main/imaging/mrz-reader';
import { type MrzReader, processImage } from '../../src/main/imaging/pipeline';
import { documentKindOfRole, type DocumentKind } from '../../src/shared/domain/documents';
import { renderIdFront, specimenPerson } from '../../src/main/specimens';
import { documentScanSettings, planScan } from '../../src/main/devices/scan-plan';
import type { ScanSettings } from '../../src/shared/ipc/devices';
import { SimulatedScanner } from '../../src/main/devices/simulated/simulated-source';
import { specimenScanners } from '../../src/main/specimens/simulated-scanners';
import type { ImageRole } from '../../src/shared/domain/flows';
import { runCase } from '../../bench/capture-set.bench';
import { a4PageCaseNames, buildCaptureCase, buildCaptureSet } from '../helpers/capture-set';
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

  // As the kiosk scans and processes them: each role planned as the kiosk plans it (the kind's
  // default resolution: 300 dpi for a card or passport, 200 dpi for a page), scanned by the
  // simulated scanner itself, every page through the pipeline; passports with their MRZ read (an
  // unreadable one is a warning). The supporting document on the glass (one page) and on the feeder
  // (every page of the feed): before, it was an ID card, measured as A4 at ~100 dpi, "retake".
  it('every specimen they produce passes without a warning', async () => {
    const scanners = specimenScanners().filter((s) => s.id?.startsWith('simulated:specimen:'));
    expect(scanners.length).toBeGreaterThanOrEqual(5);
    const plans: { role: ImageRole; settings: Partial<ScanSettings>; pages: number }[] = [
      { role: 'front', settings: {}, pages: 1 },
      { role: 'back', settings: {}, pages: 1 },
      { role: 'passport', settings: {}, pages: 1 },
      { role: 'document', settings: documentScanSettings('flatbed'), pages: 1 },
      { role: 'document', settings: documentScanSettings('adf'), pages: 3 },
      // ARGOS's proof of address: the same letter (it was the ID card's front, "retake").
      { role: 'address', settings: {}, pages: 1 },
    ];
    const failures: string[] = [];
    let checked = 0;
    for (const options of scanners) {
      const scanner = new SimulatedScanner({ ...options, delayMs: 0 });
      for (const plan of plans) {
        const document = documentKindOfRole(plan.role);
        const request = planScan(document, plan.role, scanner.capabilities, plan.settings);
        const pages = await scanner.scan(request, new AbortController().signal);
        expect(pages, `${options.id} ${plan.role} ${request.paperSource}`).toHaveLength(plan.pages);
        for (const [n, page] of pages.entries()) {
          const result = await processImage(page.bytes, {
            origin: page.origin,
            kind: document,
            readMrz: reader.read,
            now: () => new Date('2026-11-29T10:00:00Z'),
          });
          checked++;
          // Omar's passport has expired on purpose (training for the expiry warning): nothing else.
          const issues = result.quality.issues.filter(
            (i) => !(i.reason === 'expired' && options.id === 'simulated:specimen:omar'),
          );
          if (issues.length > 0 || (plan.role === 'passport' && !result.quality.mrz?.valid)) {
            const where = `${options.id} ${plan.role} ${request.paperSource} page ${n + 1}`;
            failures.push(`${where}: ${JSON.stringify(result.quality.issues)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(scanners.length * 8);
  }, 300_000);
});

describe('the capture set', () => {
  // Passport pages are processed as the kiosk does: with their MRZ read (pipeline.ts).
  const reader = createMrzReader();
  afterAll(() => reader.close());
  const mrzFor = (c: { kind: string }): MrzReader | undefined =>
    c.kind === 'passport_page' ? reader.read : undefined;
  it('gets the verdict, the reason and the corners right on a quarter of the set', async () => {
    const cases = await buildCaptureSet({ small: true });
    const results = [];
    for (const c of cases) results.push(await runCase(c, mrzFor(c)));
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

  // Scenes the finder missed, each by name with what went wrong:
  // - on a cluttered desk the bars of text on the papers are longer than the card's top edge seen in
  //   strong perspective (its line ranked 27th by length): the search combined only the longest 18
  //   and found no document;
  // - a camera frame is the whole video picture, never a crop: a 16:10 frame was taken whole as the
  //   card it shows (its proportions are a card's), verdict "ok".
  it.each([
    ['a card in strong perspective among longer lines of clutter', 'front photo in strong perspective'],
    ['the card in a 16:10 camera frame, not the frame', 'front photo in a 16:10 frame on wood'],
  ])(
    'finds %s',
    async (_what, name) => {
      const c = await buildCaptureCase(name);
      const result = await runCase(c, mrzFor(c));
      expect(result.right, `${result.issues}, corners ${result.cornerErrorPct}`).toBe(true);
    },
    120_000,
  );

  // A4 has a passport page's proportions: the whole page of a multifunction printer's scan was
  // taken as the passport, verdict "ok", its corners 83 % of the diagonal off; first with 300 dpi
  // stated, then (still, after that fix) from a file that states no resolution; then (after that
  // one) on a wood-textured lid, where the passport's surround is not quiet: the whole page, warned
  // "MRZ unreadable" (its zone reads only on the passport's outline, which now decides).
  it('cuts the document out of a whole A4 page instead of taking the page as the passport', async () => {
    const names = a4PageCaseNames();
    expect(names).toHaveLength(4);
    for (const name of names) {
      const c = await buildCaptureCase(name);
      const result = await runCase(c, mrzFor(c));
      // Right: the expected verdict, and corners within 3 % of the diagonal (the passport's found
      // outline may be its booklet's cover, 1.5 mm around the page).
      expect(result.right, `${c.name}: ${result.issues}, corners ${result.cornerErrorPct}`).toBe(true);
      if (c.kind !== 'passport_page') continue;
      // 125 mm at 300 dpi (1476 px), or its booklet's cover (1.5 mm more each side: 1512),
      // landscape: the passport, not the sheet (2480 × 3508).
      expect(result.size.width, name).toBeGreaterThan(1456);
      expect(result.size.width, name).toBeLessThan(1540);
      expect(result.size.width, name).toBeGreaterThan(result.size.height);
    }
  }, 300_000);

  // A dark lid or the glass's edge draws a frame around the whole page, and a page's frame has a
  // passport's proportions: it outranked the passport (larger), verdict "ok" on the whole page.
  // With the page's resolution stated, nothing far longer than the document is considered.
  it('finds the passport on a whole A4 page framed by a dark lid', async () => {
    const c = await buildCaptureCase('passport on a whole A4 page scanned to the watched folder');
    // The scene's page at 90 % in the middle of the sheet (the passport ~300 px from the frame), a
    // dark 40 px band along the sheet's edges.
    const [width, height, share] = [2480, 3508, 0.9];
    const [left, top] = [Math.round((width * (1 - share)) / 2), Math.round((height * (1 - share)) / 2)];
    const inner = await sharp(c.bytes)
      .resize(Math.round(width * share), Math.round(height * share), { fit: 'fill' })
      .png()
      .toBuffer();
    const frame = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#d8d8d4"/><rect x="20" y="20" width="${width - 40}" height="${height - 40}" fill="none" stroke="#262626" stroke-width="40"/></svg>`;
    const bytes = await sharp(Buffer.from(frame))
      .composite([{ input: inner, left, top }])
      .withMetadata({ density: 300 })
      .jpeg({ quality: 92 })
      .toBuffer();
    const corners = c.expected.corners!.map((p) => ({ x: left + p.x * share, y: top + p.y * share }));
    const framed = {
      ...c,
      bytes,
      expected: { ...c.expected, corners: corners as typeof c.expected.corners },
    };
    const result = await runCase(framed, mrzFor(framed));
    expect(result.right, `${result.issues}, corners ${result.cornerErrorPct}`).toBe(true);
  }, 120_000);

  // An outline on a quiet surround inside a picture of the document's proportions is the document
  // only where the picture is then an A4 or A5 page: the first version of that rule (quiet surround
  // alone) cut a scanner's auto-crop down to an inner frame: a light card's print inset in a plain
  // margin, a passport-size page's printed border (found by a helper session trying to break it).
  it('keeps an auto-cropped document whole though an inner frame of its proportions lies on a plain margin', async () => {
    const inset = async (doc: Buffer, width: number, height: number, share: number): Promise<Buffer> => {
      const inner = await sharp(doc)
        .resize(Math.round(width * (1 - 2 * share)), Math.round(height * (1 - 2 * share)), { fit: 'fill' })
        .png()
        .toBuffer();
      const page = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fbfbf8"/></svg>`;
      return sharp(Buffer.from(page))
        .composite([{ input: inner, left: Math.round(width * share), top: Math.round(height * share) }])
        .jpeg({ quality: 90 })
        .toBuffer();
    };
    const front = await renderIdFront(specimenPerson('amira'), { format: 'png' });
    const bordered = `<svg xmlns="http://www.w3.org/2000/svg" width="1476" height="1039"><rect width="100%" height="100%" fill="#f4efe2"/><rect x="148" y="104" width="1181" height="831" fill="none" stroke="#1d3a5c" stroke-width="6"/></svg>`;
    const pictures: { name: string; bytes: Buffer; kind: DocumentKind }[] = [
      { name: 'card print inset 8 %', bytes: await inset(front.bytes, 1011, 638, 0.08), kind: 'id1_card' },
      { name: 'card print inset 20 %', bytes: await inset(front.bytes, 1011, 638, 0.2), kind: 'id1_card' },
      {
        name: 'passport-size page, border 10 % in',
        bytes: await sharp(Buffer.from(bordered)).jpeg({ quality: 90 }).toBuffer(),
        kind: 'passport_page',
      },
    ];
    for (const picture of pictures) {
      const result = await processImage(picture.bytes, { origin: 'scanner', kind: picture.kind });
      const meta = await sharp(picture.bytes).metadata();
      expect([result.width, result.height], picture.name).toEqual([meta.width, meta.height]);
      expect(result.quality.issues, picture.name).not.toContainEqual(
        expect.objectContaining({ reason: 'low_resolution' }),
      );
    }
  }, 120_000);

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
