// The feeder's pages joined into one PDF (issue 9): one page per picture, in order, each page the
// picture's physical size in points (px ÷ dpi × 72), read back with pdf-lib, and accepted by the
// same check a PDF file goes through.
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkPdfDocument } from '../../src/main/imaging/pdf-document';
import { pagePoints, pdfFromPages, type PdfPage } from '../../src/main/imaging/pdf-from-pages';
import { errorCode } from '../helpers/images';

async function jpegPage(
  width: number,
  height: number,
  dpi: number,
  grey: number,
): Promise<PdfPage & { dpi: number }> {
  const bytes = await sharp({
    create: { width, height, channels: 3, background: { r: grey, g: grey, b: grey } },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  return { bytes, mime: 'image/jpeg', width, height, dpi };
}

describe('pdfFromPages', () => {
  it('gives each page its physical size in points: an A4 sheet at 200 dpi is 595.3 × 841.9 pt', () => {
    // 210 × 297 mm at 200 dpi = 1654 × 2339 px.
    const size = pagePoints({ width: 1654, height: 2339, dpi: 200 });
    expect(size.width).toBeCloseTo(595.44, 2);
    expect(size.height).toBeCloseTo(842.04, 2);
    expect(pagePoints({ width: 300, height: 150, dpi: 300 })).toEqual({ width: 72, height: 36 });
  });

  it('joins three pages of different sizes in order, with the JPEG bytes embedded as they are', async () => {
    const pages = [
      await jpegPage(1654, 2339, 200, 40), // A4 portrait
      await jpegPage(1063, 638, 300, 120), // an ID-1 card's scan area, 90 × 54 mm
      await jpegPage(2339, 1654, 200, 200), // A4 landscape
    ];
    const bytes = await pdfFromPages(pages);
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(3);
    pdf.getPages().forEach((page, i) => {
      const expected = pagePoints(pages[i]!);
      expect(page.getWidth()).toBeCloseTo(expected.width, 3);
      expect(page.getHeight()).toBeCloseTo(expected.height, 3);
    });
    // The pictures are the scans' own JPEG streams (DCTDecode), not decoded and encoded again.
    const jpegs = pdf.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (object): object is PDFRawStream =>
          object instanceof PDFRawStream && object.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode'),
      )
      .map((stream) => Buffer.from(stream.contents));
    expect(jpegs).toHaveLength(3);
    for (const page of pages) expect(jpegs.some((jpeg) => jpeg.equals(Buffer.from(page.bytes)))).toBe(true);
    // And the result passes the check every PDF capture takes.
    await expect(checkPdfDocument(bytes)).resolves.toEqual({ pages: 3 });
  });

  it('embeds a PNG page too (the pipeline may choose PNG)', async () => {
    const png = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const pdf = await PDFDocument.load(
      await pdfFromPages([{ bytes: png, mime: 'image/png', width: 600, height: 300, dpi: 300 }]),
    );
    expect(pdf.getPage(0).getSize()).toEqual({ width: 144, height: 72 });
  });

  it('refuses no page, a page without size or dpi (scan_page_no_resolution, which page), and bytes that are not the JPEG they claim', async () => {
    expect(await errorCode(pdfFromPages([]))).toBe('invalid_input');
    const page = await jpegPage(100, 100, 300, 0);
    expect(await errorCode(pdfFromPages([{ ...page, width: 0 }]))).toBe('invalid_input');
    // No resolution (none from the device, none measured): refused by name, never sized by a guess.
    for (const dpi of [0, undefined, Number.NaN, -300]) {
      const refused = await pdfFromPages([page, { ...page, dpi }]).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'scan_page_no_resolution', details: { page: 2 } });
    }
    expect(await errorCode(pdfFromPages([{ ...page, bytes: new Uint8Array([1, 2, 3, 4]) }]))).toBe(
      'image_unreadable',
    );
  });
});
