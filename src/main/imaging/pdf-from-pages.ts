/**
 * Joins the pages of a feeder scan into one PDF (Jumio's DOCUMENT part: "image(s) or single pdf",
 * seed 004; issue 9), so a multi-page supporting document takes the same path as a PDF file: the
 * checks of pdf-document.ts, ≤ 30 pages, ≤ 15 MB, sealed, the `pages` column. Each page's encoded
 * bytes (JPEG, or PNG when the imaging pipeline chose it) are embedded as they are, never decoded
 * again, with pdf-lib. The page's size is its picture's physical size: pixels ÷ dpi × 72 points per
 * inch (ISO 32000-1 §8.3.2.3: default user space unit 1/72 inch).
 */
import { PDFDocument } from 'pdf-lib';
import { AppError } from '../ipc/errors';

/** One page as the imaging pipeline encoded it. */
export interface PdfPage {
  bytes: Uint8Array;
  mime: 'image/jpeg' | 'image/png';
  /** Pixels. */
  width: number;
  height: number;
  /**
   * Dots per inch of these pixels (the scan's resolution). Null or undefined (or not positive) when the
   * device gave none and none was measured: the page is refused, never sized by a guess.
   */
  dpi: number | null | undefined;
}

/** PDF points per inch (the default user space unit is 1/72 inch). */
export const POINTS_PER_INCH = 72;

/** A page's size in PDF points from its pixels and dpi (> 0): px ÷ dpi × 72. */
export function pagePoints(page: { width: number; height: number; dpi: number }): {
  width: number;
  height: number;
} {
  return {
    width: (page.width / page.dpi) * POINTS_PER_INCH,
    height: (page.height / page.dpi) * POINTS_PER_INCH,
  };
}

/**
 * One PDF with one page per picture, in order, each picture filling its page.
 * @returns the PDF's bytes (no metadata dates: the same pages give the same size).
 * @throws AppError `invalid_input` for no page or a page without a positive size;
 *   `scan_page_no_resolution` (details `{ page }`, 1-based) for a page without a positive dpi (a
 *   0, null, undefined or NaN dpi would give a page of infinite or no size);
 *   `image_unreadable` when pdf-lib cannot embed a picture (not the JPEG/PNG it claims to be).
 */
export async function pdfFromPages(pages: readonly PdfPage[]): Promise<Uint8Array> {
  if (pages.length === 0) throw new AppError('invalid_input', 'A PDF needs at least one page');
  const pdf = await PDFDocument.create({ updateMetadata: false });
  for (const [index, page] of pages.entries()) {
    if (!(page.width > 0 && page.height > 0)) {
      throw new AppError('invalid_input', `Page ${index + 1} has no size`);
    }
    const dpi = page.dpi;
    if (typeof dpi !== 'number' || !(dpi > 0)) {
      throw new AppError('scan_page_no_resolution', `Page ${index + 1} has no resolution (dpi ${dpi})`, {
        page: index + 1,
      });
    }
    let picture;
    try {
      picture = page.mime === 'image/png' ? await pdf.embedPng(page.bytes) : await pdf.embedJpg(page.bytes);
    } catch (error) {
      throw new AppError(
        'image_unreadable',
        `Page ${index + 1} cannot be embedded: ${(error as Error).message}`,
      );
    }
    const size = pagePoints({ width: page.width, height: page.height, dpi });
    pdf.addPage([size.width, size.height]).drawImage(picture, { x: 0, y: 0, ...size });
  }
  return pdf.save({ useObjectStreams: true });
}
