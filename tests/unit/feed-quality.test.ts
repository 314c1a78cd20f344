// Brief g12e point 3: feeder pages the quality check judged "retake" (blur...) are no longer joined
// into the PDF silently: the stored document carries the worst verdict and which pages to retake,
// kept through the store's numbers-only quality codec, so the capture screen can name them.
import { describe, expect, it } from 'vitest';
import { feedQuality } from '../../src/main/cases/feed-quality';
import { decodeQuality, encodeQuality } from '../../src/main/cases/quality-codec';
import type { QualityReport } from '../../src/shared/ipc/devices';

function page(
  verdict: QualityReport['verdict'],
  issues: QualityReport['issues'] = [],
  blur = 400,
): QualityReport {
  return {
    verdict,
    issues,
    figures: {
      width: 1654,
      height: 2339,
      dpi: 200,
      dpiSource: 'metadata',
      blur,
      brightness: 200,
      glareFraction: 0,
      darkFraction: 0.05,
      cardFound: false,
      deskewDegrees: 0,
    },
  };
}

describe('the quality of a document fed page by page', () => {
  it('every page ok: nothing to tell staff', () => {
    expect(feedQuality([page('ok'), page('ok'), page('ok')])).toBeUndefined();
    expect(feedQuality([])).toBeUndefined();
  });

  it('pages 2 and 4 blurred: verdict retake, those pages named, each reason once at its worst', () => {
    const report = feedQuality([
      page('ok'),
      page('retake', [{ reason: 'blurry', severity: 'retake' }], 12),
      page('warn', [
        { reason: 'blurry', severity: 'warn' },
        { reason: 'too_dark', severity: 'warn' },
      ]),
      page('retake', [{ reason: 'blurry', severity: 'retake' }], 9),
    ]);
    expect(report).toMatchObject({
      verdict: 'retake',
      retakePages: [2, 4],
      figures: { blur: 12 },
    });
    expect(report?.issues).toEqual([
      { reason: 'blurry', severity: 'retake' },
      { reason: 'too_dark', severity: 'warn' },
    ]);
  });

  it('a page only to check (warn): verdict warn, no page to retake', () => {
    const report = feedQuality([page('ok'), page('warn', [{ reason: 'glare', severity: 'warn' }])]);
    expect(report?.verdict).toBe('warn');
    expect(report?.retakePages).toBeUndefined();
  });

  it('the pages to retake survive the store’s codec, up to the 30th page', () => {
    const pages = Array.from({ length: 30 }, (_, i) =>
      [1, 7, 30].includes(i + 1) ? page('retake', [{ reason: 'blurry', severity: 'retake' }]) : page('ok'),
    );
    const report = feedQuality(pages)!;
    expect(report.retakePages).toEqual([1, 7, 30]);
    expect(decodeQuality(encodeQuality(report))?.retakePages).toEqual([1, 7, 30]);
    // An image's report has no pages, and gets none back.
    expect(decodeQuality(encodeQuality(page('ok')))?.retakePages).toBeUndefined();
  });
});
