import { describe, expect, it } from 'vitest';
import { findCard } from '../../src/main/imaging/card-finder';
import { matchDocument } from '../../src/main/imaging/normalise';
import { DEFAULT_THRESHOLDS, judge, measurePixels } from '../../src/main/imaging/quality';

/** A grey canvas with a filled rectangle rotated by `degrees` around its centre. */
function canvas(w: number, h: number, rect: { cx: number; cy: number; rw: number; rh: number }, degrees = 0) {
  const grey = new Uint8Array(w * h).fill(245);
  const a = (degrees * Math.PI) / 180;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - rect.cx;
      const dy = y - rect.cy;
      // Rotate the point back into the rectangle's own frame.
      const u = dx * Math.cos(a) + dy * Math.sin(a);
      const v = -dx * Math.sin(a) + dy * Math.cos(a);
      if (Math.abs(u) <= rect.rw / 2 && Math.abs(v) <= rect.rh / 2) grey[y * w + x] = 150;
    }
  }
  return grey;
}

describe('card finder', () => {
  it('finds an upright card on a light background', () => {
    const grey = canvas(400, 300, { cx: 180, cy: 140, rw: 200, rh: 126 });
    const found = findCard(grey, 400, 300);
    expect(found.background).toBe(245);
    expect(found.box).toEqual({ left: 80, top: 77, width: 201, height: 127 });
    expect(Math.abs(found.skewDegrees ?? 99)).toBeLessThan(0.2);
  });

  it.each([4, -7, 12])('measures a tilt of %d degrees', (degrees) => {
    const grey = canvas(400, 300, { cx: 200, cy: 150, rw: 200, rh: 126 }, degrees);
    const found = findCard(grey, 400, 300);
    expect(found.skewDegrees).not.toBeNull();
    expect(found.skewDegrees!).toBeCloseTo(degrees, 0);
  });

  it('reports nothing on an empty scan or a speck of dust', () => {
    expect(findCard(new Uint8Array(200 * 100).fill(250), 200, 100).box).toBeNull();
    const speck = canvas(200, 100, { cx: 50, cy: 50, rw: 6, rh: 6 });
    expect(findCard(speck, 200, 100).box).toBeNull();
  });
});

describe('quality figures', () => {
  it('a flat image has no sharpness; a fine checkerboard has a lot', () => {
    const flat = measurePixels(new Uint8Array(100 * 100).fill(128), 100, 100);
    expect(flat.blur).toBe(0);
    expect(flat.brightness).toBe(128);
    const checker = new Uint8Array(100 * 100).map((_, i) =>
      ((i % 100) + Math.floor(i / 100)) % 2 ? 200 : 50,
    );
    expect(measurePixels(checker, 100, 100).blur).toBeGreaterThan(100_000);
  });

  it('counts blown-out and black pixels', () => {
    const grey = new Uint8Array(100).fill(128);
    grey.fill(255, 0, 10);
    grey.fill(0, 10, 15);
    const figures = measurePixels(grey, 10, 10);
    expect(figures.glareFraction).toBeCloseTo(0.1);
    expect(figures.darkFraction).toBeCloseTo(0.05);
  });

  it('judges: the worst issue decides the verdict', () => {
    const good = { blur: 500, brightness: 160, glareFraction: 0, darkFraction: 0 };
    expect(judge({ figures: good, dpi: 300, cardFound: true })).toEqual({ verdict: 'ok', issues: [] });
    expect(judge({ figures: good, dpi: 200, cardFound: true })).toEqual({
      verdict: 'warn',
      issues: [{ reason: 'low_resolution', severity: 'warn' }],
    });
    const bad = judge({ figures: { ...good, blur: 10, glareFraction: 0.08 }, dpi: null, cardFound: false });
    expect(bad.verdict).toBe('retake');
    expect(bad.issues.map((i) => `${i.reason}:${i.severity}`)).toEqual([
      'blurry:retake',
      'glare:warn',
      'no_card_found:warn',
    ]);
    expect(
      judge({ figures: { ...good, brightness: 20 }, dpi: 300, cardFound: true }, DEFAULT_THRESHOLDS).issues,
    ).toEqual([{ reason: 'too_dark', severity: 'retake' }]);
  });

  it('recognises ID-1 and passport-page proportions in either orientation', () => {
    expect(matchDocument(1011, 637)?.name).toBe('ID-1');
    expect(matchDocument(637, 1011)?.name).toBe('ID-1');
    expect(matchDocument(1476, 1039)?.name).toBe('ID-3');
    expect(matchDocument(1000, 1000)).toBeNull();
  });
});
