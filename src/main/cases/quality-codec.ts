/**
 * The store keeps an image's quality as numbers only (no free text next to sealed data); this turns
 * the imaging pipeline's report into such numbers and back.
 */
import type { QualityReport } from '../../shared/ipc/devices';
import { qualityReasonSchema, qualityVerdictSchema } from '../../shared/ipc/devices';

const VERDICTS = qualityVerdictSchema.options;
const REASONS = qualityReasonSchema.options;
const DPI_SOURCES = ['card', 'metadata', 'none'] as const;

export function encodeQuality(report: QualityReport): Record<string, number> {
  const f = report.figures;
  const out: Record<string, number> = {
    verdict: VERDICTS.indexOf(report.verdict),
    width: f.width,
    height: f.height,
    dpi: f.dpi ?? -1,
    dpiSource: DPI_SOURCES.indexOf(f.dpiSource),
    blur: f.blur,
    brightness: f.brightness,
    glareFraction: f.glareFraction,
    darkFraction: f.darkFraction,
    cardFound: f.cardFound ? 1 : 0,
    deskewDegrees: f.deskewDegrees,
  };
  // retakePages: bit n-1 set for page n (a fed document has at most 30 pages: a safe integer).
  if (report.retakePages?.length)
    out.retakePages = report.retakePages.reduce((mask, page) => mask + 2 ** (page - 1), 0);
  // issue_<reason>: 1 = warn, 2 = retake
  for (const issue of report.issues) out[`issue_${issue.reason}`] = issue.severity === 'retake' ? 2 : 1;
  return out;
}

export function decodeQuality(numbers: Readonly<Record<string, number>> | null): QualityReport | null {
  if (!numbers || numbers.verdict === undefined) return null;
  const n = (key: string): number => numbers[key] ?? 0;
  return {
    verdict: VERDICTS[n('verdict')] ?? 'ok',
    issues: REASONS.filter((reason) => numbers[`issue_${reason}`] !== undefined).map((reason) => ({
      reason,
      severity: numbers[`issue_${reason}`] === 2 ? ('retake' as const) : ('warn' as const),
    })),
    figures: {
      width: n('width'),
      height: n('height'),
      dpi: n('dpi') < 0 ? null : n('dpi'),
      dpiSource: DPI_SOURCES[n('dpiSource')] ?? 'none',
      blur: n('blur'),
      brightness: n('brightness'),
      glareFraction: n('glareFraction'),
      darkFraction: n('darkFraction'),
      cardFound: n('cardFound') === 1,
      deskewDegrees: n('deskewDegrees'),
    },
    ...(n('retakePages') > 0 ? { retakePages: pagesOfMask(n('retakePages')) } : {}),
  };
}

/** The 1-based page numbers whose bit is set in `mask` (bit 0 = page 1). */
function pagesOfMask(mask: number): number[] {
  const pages: number[] = [];
  for (let page = 1; 2 ** (page - 1) <= mask; page++) {
    if (Math.floor(mask / 2 ** (page - 1)) % 2 === 1) pages.push(page);
  }
  return pages;
}
