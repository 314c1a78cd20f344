import { describe, expect, it } from 'vitest';
import { findDocument } from '../../src/main/imaging/document-finder';
import { DOCUMENT_ZONES } from '../../src/main/imaging/document-zones';
import { measureGlare } from '../../src/main/imaging/glare';
import { DEFAULT_THRESHOLDS, judge, measurePixels } from '../../src/main/imaging/quality';

/** A grey canvas with a filled rectangle rotated by `degrees` around its centre. */
function canvas(
  w: number,
  h: number,
  rect: { cx: number; cy: number; rw: number; rh: number },
  degrees = 0,
  fill = 150,
  ground = 245,
): Uint8Array {
  const grey = new Uint8Array(w * h).fill(ground);
  const a = (degrees * Math.PI) / 180;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - rect.cx;
      const dy = y - rect.cy;
      const u = dx * Math.cos(a) + dy * Math.sin(a);
      const v = -dx * Math.sin(a) + dy * Math.cos(a);
      if (Math.abs(u) <= rect.rw / 2 && Math.abs(v) <= rect.rh / 2) grey[y * w + x] = fill;
    }
  }
  return grey;
}

const ID1 = 85.6 / 53.98;

describe('document finder', () => {
  it('finds the corners of an upright card', () => {
    const grey = canvas(400, 300, { cx: 180, cy: 140, rw: 200, rh: 126 });
    const found = findDocument(grey, 400, 300, { aspect: ID1 });
    expect(found).not.toBeNull();
    const [tl, , br] = found!.quad;
    expect(Math.abs(tl.x - 80)).toBeLessThan(2);
    expect(Math.abs(tl.y - 77)).toBeLessThan(2);
    expect(Math.abs(br.x - 280)).toBeLessThan(2);
    expect(Math.abs(br.y - 203)).toBeLessThan(2);
  });

  it.each([4, -7, 12, 90])('follows a card turned %d degrees', (degrees) => {
    const grey = canvas(400, 300, { cx: 200, cy: 150, rw: 200, rh: 126 }, degrees);
    const found = findDocument(grey, 400, 300, { aspect: ID1 });
    expect(found).not.toBeNull();
    const [a, b] = found!.quad;
    const angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
    // The top edge runs along the card's long or short side; both are turned by `degrees`.
    const off = (((angle - degrees) % 90) + 90) % 90;
    expect(Math.min(off, 90 - off)).toBeLessThan(1.5);
  });

  it('says nothing on an empty scan, a speck of dust or a shape of the wrong proportions', () => {
    expect(findDocument(new Uint8Array(200 * 100).fill(250), 200, 100, { aspect: ID1 })).toBeNull();
    expect(
      findDocument(canvas(200, 100, { cx: 50, cy: 50, rw: 6, rh: 6 }), 200, 100, { aspect: ID1 }),
    ).toBeNull();
    expect(
      findDocument(canvas(300, 300, { cx: 150, cy: 150, rw: 150, rh: 150 }), 300, 300, { aspect: ID1 }),
    ).toBeNull();
  });
});

describe('glare', () => {
  const zones = DOCUMENT_ZONES.id1_card;

  it('finds a saturated blob over the data zone and weighs it there', () => {
    const grey = new Uint8Array(640 * 400).fill(200);
    for (let y = 0; y < 400; y++)
      for (let x = 0; x < 640; x++) if (Math.hypot(x - 450, y - 150) < 30) grey[y * 640 + x] = 255;
    const glare = measureGlare(grey, 640, 400, zones, 200);
    expect(glare.fraction).toBeGreaterThan(0.008);
    expect(glare.zones.data).toBeGreaterThan(DEFAULT_THRESHOLDS.glareZoneRetake);
    expect(glare.zones.photo).toBeUndefined();
  });

  it('ignores thin saturated print (a QR quiet zone, a white rule) and white paper', () => {
    const grey = new Uint8Array(640 * 400).fill(200);
    for (let y = 100; y < 300; y++) for (let x = 300; x < 308; x++) grey[y * 640 + x] = 255;
    expect(measureGlare(grey, 640, 400, zones, 200).fraction).toBe(0);
    const white = new Uint8Array(640 * 400).fill(255);
    expect(measureGlare(white, 640, 400, zones, 255)).toEqual({ fraction: 0, zones: {}, measurable: false });
  });
});

describe('quality figures and verdict', () => {
  it('a flat image has no sharpness; a fine checkerboard has a lot', () => {
    const flat = measurePixels(new Uint8Array(100 * 100).fill(128), 100, 100);
    expect(flat.blur).toBe(0);
    expect(flat.brightness).toBe(128);
    const checker = new Uint8Array(100 * 100).map((_, i) =>
      ((i % 100) + Math.floor(i / 100)) % 2 ? 200 : 50,
    );
    expect(measurePixels(checker, 100, 100).blur).toBeGreaterThan(100_000);
  });

  it('judges exposure by ink and paper levels, not by the mean: a light document is not too bright', () => {
    const light = new Uint8Array(10_000).fill(250);
    light.fill(20, 0, 500); // 5 % dark print
    const figures = measurePixels(light, 100, 100);
    expect(figures.brightness).toBeGreaterThan(235);
    const noGlare = { fraction: 0, zones: {}, measurable: true };
    expect(judge({ figures: { ...figures, blur: 500 }, glare: noGlare, dpi: 300, cardFound: true })).toEqual({
      verdict: 'ok',
      issues: [],
    });
    const washed = measurePixels(new Uint8Array(10_000).fill(235).fill(180, 0, 500), 100, 100);
    expect(
      judge({ figures: { ...washed, blur: 500 }, glare: noGlare, dpi: 300, cardFound: true }).issues,
    ).toContainEqual({
      reason: 'too_bright',
      severity: 'retake',
    });
  });

  it('judges: the worst issue decides the verdict', () => {
    const good = { blur: 500, brightness: 160, inkLevel: 20, paperLevel: 240, median: 200, darkFraction: 0 };
    const none = { fraction: 0, zones: {}, measurable: true };
    expect(judge({ figures: good, glare: none, dpi: 200, cardFound: true })).toEqual({
      verdict: 'warn',
      issues: [{ reason: 'low_resolution', severity: 'warn' }],
    });
    const bad = judge({
      figures: { ...good, blur: 10 },
      glare: { fraction: 0.01, zones: {}, measurable: true },
      dpi: null,
      cardFound: false,
    });
    expect(bad.verdict).toBe('retake');
    expect(bad.issues.map((i) => `${i.reason}:${i.severity}`)).toEqual([
      'blurry:retake',
      'glare:warn',
      'no_card_found:warn',
    ]);
    const overName = judge({
      figures: good,
      glare: { fraction: 0.002, zones: { data: 0.01 }, measurable: true },
      dpi: 300,
      cardFound: true,
    });
    expect(overName.issues).toEqual([{ reason: 'glare', severity: 'retake' }]);
  });
});
