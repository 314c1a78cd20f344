/**
 * The quality of a document fed page by page (a supporting document from the feeder, joined into
 * one PDF by imaging/pdf-from-pages.ts). Each page went through the imaging pipeline and has its own
 * verdict; the PDF gets one report so the capture screen can say which pages cannot be used and
 * offer to rescan the feed or keep it, as for any image judged "retake" (instead of joining them
 * silently, as before).
 */
import type { QualityReport } from '../../shared/ipc/devices';

const RANK = { ok: 0, warn: 1, retake: 2 } as const;

/**
 * One report for the fed pages (in feed order): the worst verdict, each reason once at its worst
 * severity, the figures of the first page with the worst verdict, and `retakePages` (1-based)
 * when any page must be retaken. Undefined when every page is "ok" (nothing to tell staff).
 */
export function feedQuality(pages: readonly QualityReport[]): QualityReport | undefined {
  const worst = pages.reduce<QualityReport | undefined>(
    (found, page) => (found === undefined || RANK[page.verdict] > RANK[found.verdict] ? page : found),
    undefined,
  );
  if (!worst || worst.verdict === 'ok') return undefined;
  const issues = new Map<string, QualityReport['issues'][number]>();
  for (const issue of pages.flatMap((page) => page.issues)) {
    const seen = issues.get(issue.reason);
    if (!seen || (seen.severity === 'warn' && issue.severity === 'retake')) issues.set(issue.reason, issue);
  }
  const retakePages = pages.flatMap((page, index) => (page.verdict === 'retake' ? [index + 1] : []));
  return {
    verdict: worst.verdict,
    issues: [...issues.values()],
    figures: worst.figures,
    ...(retakePages.length > 0 ? { retakePages } : {}),
  };
}
