// A page's resolution limit (brief g11b): the kiosk scans an A4 page at 200 dpi by default
// (scan-plan.ts) and must not warn on its own default; a card still warns below 250 dpi.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, judge, thresholdsFor } from '../../src/main/imaging/quality';
import { DEFAULT_RESOLUTION_DPI } from '../../src/main/devices/scan-plan';

const sharpPage = {
  figures: { blur: 2000, brightness: 240, inkLevel: 90, paperLevel: 255, median: 250, darkFraction: 0.01 },
  glare: { fraction: 0, zones: {}, measurable: true },
  cardFound: true,
};

describe('resolution limits per document kind', () => {
  it('an A4 page at the kiosk’s default resolution is ok; below it, a warning; below 150, retake', () => {
    const page = thresholdsFor('a4_page');
    expect(judge({ ...sharpPage, dpi: DEFAULT_RESOLUTION_DPI.a4_page }, page).verdict).toBe('ok');
    expect(judge({ ...sharpPage, dpi: 199 }, page).issues).toEqual([
      { reason: 'low_resolution', severity: 'warn' },
    ]);
    expect(judge({ ...sharpPage, dpi: 149 }, page).verdict).toBe('retake');
  });

  it('a card or passport keeps the card limits: 200 dpi is a warning', () => {
    expect(thresholdsFor('id1_card')).toBe(DEFAULT_THRESHOLDS);
    expect(thresholdsFor('passport_page')).toBe(DEFAULT_THRESHOLDS);
    expect(judge({ ...sharpPage, dpi: 200 }, thresholdsFor('id1_card')).verdict).toBe('warn');
    expect(
      judge({ ...sharpPage, dpi: DEFAULT_RESOLUTION_DPI.id1_card }, thresholdsFor('id1_card')).verdict,
    ).toBe('ok');
  });
});
