/**
 * A supporting document given as a PDF file (Jumio's DOCUMENT part, seed 004: "images or one PDF,
 * ≤ 15 MB in total, ≤ 30 pages"; issue 9). The renderer's word on a file is never trusted: main
 * checks the size first (before parsing anything), then reads the page tree with pdf-lib, a
 * maintained PDF library, and refuses encrypted files (the provider cannot open them either).
 * Errors are AppErrors whose codes the renderer translates (`errors.pdf_*`).
 */
import { PDFDocument } from 'pdf-lib';
import { AppError } from '../ipc/errors';

/** Jumio's limits on a DOCUMENT upload (seed 004; providers.md §3.2). */
export const PDF_DOCUMENT_LIMITS = { maxBytes: 15 * 1024 * 1024, maxPages: 30 } as const;

/** Whether the bytes start like a PDF file (`%PDF-`, ISO 32000-1 §7.5.2). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const magic = [0x25, 0x50, 0x44, 0x46, 0x2d];
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

/**
 * Checks a PDF against the limits and counts its pages.
 * - `bytes`: the file as received (hostile until proven otherwise);
 * - `limits`: bytes and pages allowed (default Jumio's 15 MB and 30 pages).
 * Returns `{ pages }` (≥ 1). Throws AppError `pdf_too_large` (details `{ maxBytes, mb }`),
 * `pdf_unreadable` (not a PDF, truncated, damaged, no page), `pdf_encrypted`, or
 * `pdf_too_many_pages` (details `{ pages, max }`). Nothing is stored or changed.
 */
export async function checkPdfDocument(
  bytes: Uint8Array,
  limits: { maxBytes: number; maxPages: number } = PDF_DOCUMENT_LIMITS,
): Promise<{ pages: number }> {
  if (bytes.byteLength > limits.maxBytes) {
    throw new AppError('pdf_too_large', `The PDF has ${bytes.byteLength} bytes, over ${limits.maxBytes}`, {
      maxBytes: limits.maxBytes,
      mb: Math.floor(limits.maxBytes / (1024 * 1024)),
    });
  }
  if (!looksLikePdf(bytes)) throw new AppError('pdf_unreadable', 'The file does not start as a PDF');
  let document: PDFDocument;
  try {
    // throwOnInvalidObject: a damaged or truncated file is refused instead of half-read. Encryption
    // is asked of the document below (pdf-lib's own error class does not survive instanceof).
    document = await PDFDocument.load(bytes, {
      throwOnInvalidObject: true,
      updateMetadata: false,
      ignoreEncryption: true,
    });
  } catch (error) {
    throw new AppError('pdf_unreadable', `The PDF cannot be read: ${(error as Error).message}`);
  }
  if (document.isEncrypted) throw new AppError('pdf_encrypted', 'The PDF is encrypted (password-protected)');
  let pages: number;
  try {
    pages = document.getPageCount();
  } catch (error) {
    throw new AppError('pdf_unreadable', `The PDF's page tree cannot be read: ${(error as Error).message}`);
  }
  if (pages < 1) throw new AppError('pdf_unreadable', 'The PDF has no page');
  if (pages > limits.maxPages) {
    throw new AppError('pdf_too_many_pages', `The PDF has ${pages} pages, over ${limits.maxPages}`, {
      pages,
      max: limits.maxPages,
    });
  }
  return { pages };
}
