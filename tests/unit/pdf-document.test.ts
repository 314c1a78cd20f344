// A supporting document as a PDF (Jumio DOCUMENT, seed 004: ≤ 30 pages, ≤ 15 MB): main counts the
// pages itself with pdf-lib and refuses, with a code the renderer translates, a file over either
// limit, garbage, a truncated file and an encrypted one. Fixtures are generated here (blank pages).
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkPdfDocument, PDF_DOCUMENT_LIMITS } from '../../src/main/imaging/pdf-document';
import en from '../../src/renderer/src/locales/en.json';
import ar from '../../src/renderer/src/locales/ar.json';

async function blankPdf(pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  for (let i = 0; i < pages; i++) document.addPage([595, 842]); // A4 in points
  return document.save();
}

/** A one-page PDF whose trailer names an /Encrypt dictionary (ISO 32000-1 §7.6), written by hand. */
function encryptedPdf(): Uint8Array {
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    '4 0 obj << /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <00> /U <00> >> endobj',
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(body.length);
    body += `${object}\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer << /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<01><01>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code: string }).code, details: (error as { details?: unknown }).details };
  }
  throw new Error('expected a refusal');
}

describe('a PDF supporting document', () => {
  it('counts the pages of a good PDF; 30 pages is the limit', async () => {
    expect(await checkPdfDocument(await blankPdf(1))).toEqual({ pages: 1 });
    expect(await checkPdfDocument(await blankPdf(30))).toEqual({ pages: 30 });
  });

  it('refuses 31 pages, saying how many', async () => {
    expect(await codeOf(checkPdfDocument(await blankPdf(31)))).toEqual({
      code: 'pdf_too_many_pages',
      details: { pages: 31, max: 30 },
    });
  });

  it('refuses 15 MB + 1 byte before parsing anything', async () => {
    const good = await blankPdf(1);
    const big = new Uint8Array(PDF_DOCUMENT_LIMITS.maxBytes + 1);
    big.set(good);
    expect(await codeOf(checkPdfDocument(big))).toEqual({
      code: 'pdf_too_large',
      details: { maxBytes: 15 * 1024 * 1024, mb: 15 },
    });
    // Exactly 15 MB is within the limit.
    const exact = new Uint8Array(PDF_DOCUMENT_LIMITS.maxBytes);
    exact.set(good);
    expect(await checkPdfDocument(exact)).toEqual({ pages: 1 });
  });

  it('refuses garbage, an image renamed .pdf, and a truncated PDF', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    expect((await codeOf(checkPdfDocument(garbage))).code).toBe('pdf_unreadable');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await codeOf(checkPdfDocument(png))).code).toBe('pdf_unreadable');
    const good = await blankPdf(3);
    expect((await codeOf(checkPdfDocument(good.slice(0, Math.floor(good.length / 3))))).code).toBe(
      'pdf_unreadable',
    );
    expect((await codeOf(checkPdfDocument(new TextEncoder().encode('%PDF-1.7\n%%EOF\n')))).code).toBe(
      'pdf_unreadable',
    );
  });

  it('refuses an encrypted PDF', async () => {
    expect((await codeOf(checkPdfDocument(encryptedPdf()))).code).toBe('pdf_encrypted');
  });

  it('every refusal has an English and an Arabic message', () => {
    for (const code of ['pdf_unreadable', 'pdf_encrypted', 'pdf_too_large', 'pdf_too_many_pages']) {
      expect((en.errors as Record<string, string>)[code], code).toBeTruthy();
      expect((ar.errors as Record<string, string>)[code], code).toBeTruthy();
    }
  });
});
