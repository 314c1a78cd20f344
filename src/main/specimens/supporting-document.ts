/**
 * The specimen supporting document: a proof-of-address letter (a utility bill) from a made-up
 * utility, on an ISO 216 A4 page (210 × 297 mm), marked SPECIMEN, carrying only the specimen
 * person's name and address. Training's scanners return it for the `document` role, glass and
 * feeder, so a supporting document captured in training is judged as a real A4 page would be
 * (before, an ID card measured as A4 had far too few dots per inch and every page was "retake").
 *
 * Drawn in millimetres (the SVG's viewBox is the page) and rasterised at the request's resolution
 * (dpi), which the JPEG states as its density, as a scanner's file does. Rendering an A4 page costs
 * tens of milliseconds at 300 dpi, so pages are kept per person, page and dpi (a feed of 30 pages
 * of one person at one resolution renders each page once).
 */
import sharp from 'sharp';
import type { SpecimenPerson } from './people';
import { fullNameEn } from './people';
import { specimenWatermark, text } from './svg';

/** ISO 216 A4, millimetres. */
export const A4_MM = { width: 210, height: 297 } as const;

/** Rendered pages kept, by person, page and dpi; the oldest is dropped past this. */
const CACHE_LIMIT = 12;
const cache = new Map<string, Promise<Buffer>>();

/** The letter's body: fixed made-up figures, the same for every person (no real account numbers). */
function billLines(page: number): string[] {
  return page === 1
    ? [
        'Statement of account: electricity and water, October 2026',
        'Meter reading 1 October 2026: 04512 kWh',
        'Meter reading 31 October 2026: 04733 kWh',
        'Consumption: 221 kWh; water 14 cubic metres',
        'Amount due: EGP 412.50, to be paid by 20 November 2026',
      ]
    : [
        'Terms of supply (specimen text)',
        'This page continues the statement above and carries no figures.',
        'It exists so that a document fed page by page has several pages.',
      ];
}

function letterSvg(person: SpecimenPerson, page: number, widthPx: number, heightPx: number): string {
  const { width: W, height: H } = A4_MM;
  const body = billLines(page)
    .map((line, i) => text(20, 150 + i * 9, line, { size: 4.6 }))
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="#ffffff"/>` +
    // The utility's letterhead: a made-up name, a plain band, no logo.
    `<rect x="15" y="14" width="${W - 30}" height="24" rx="2" fill="#e4edf3" stroke="#5b7a8c" stroke-width="0.5"/>` +
    text(20, 27, 'Nile Valley Specimen Utilities', { size: 7, weight: 'bold', fill: '#23475c' }) +
    text(20, 34, 'A made-up company for training; not a real supplier', { size: 3.6, fill: '#3d5666' }) +
    text(W - 20, 34, 'شركة عينة للمرافق', { size: 4.6, weight: 'bold', rtl: true, fill: '#23475c' }) +
    `<rect x="${W - 65}" y="44" width="50" height="10" rx="1.5" fill="#c0151b"/>` +
    text(W - 40, 51.5, 'SPECIMEN  عينة', { size: 5, weight: 'bold', fill: '#ffffff', anchor: 'middle' }) +
    // The addressee: the specimen person's name and address, as on the card.
    text(20, 75, fullNameEn(person), { size: 5.5, weight: 'bold' }) +
    text(20, 83, person.addressEn[0], { size: 5 }) +
    text(20, 91, person.addressEn[1], { size: 5 }) +
    text(W - 20, 75, `${person.firstNameAr} ${person.familyNameAr}`, {
      size: 5.5,
      weight: 'bold',
      rtl: true,
    }) +
    text(W - 20, 83, person.addressAr[0], { size: 5, rtl: true }) +
    text(W - 20, 91, person.addressAr[1], { size: 5, rtl: true }) +
    text(20, 120, 'Proof of address', { size: 8, weight: 'bold' }) +
    `<line x1="20" y1="126" x2="${W - 20}" y2="126" stroke="#5b7a8c" stroke-width="0.4"/>` +
    body +
    // A table of made-up figures, ruled, so the page has the print a real statement has.
    `<g stroke="#7d8a92" stroke-width="0.3" fill="none">` +
    `<rect x="20" y="205" width="${W - 40}" height="40"/>` +
    [215, 225, 235].map((y) => `<line x1="20" y1="${y}" x2="${W - 20}" y2="${y}"/>`).join('') +
    `<line x1="120" y1="205" x2="120" y2="245"/></g>` +
    ['Period', 'Electricity', 'Water', 'Total']
      .map((label, i) => text(24, 212 + i * 10, label, { size: 4.2 }))
      .join('') +
    ['October 2026', 'EGP 331.50', 'EGP 81.00', 'EGP 412.50']
      .map((value, i) => text(W - 24, 212 + i * 10, value, { size: 4.2, anchor: 'end' }))
      .join('') +
    text(W / 2, H - 15, `Page ${page}`, { size: 4.2, anchor: 'middle', fill: '#3d5666' }) +
    // The diagonal marking sized for a band 120 mm high across the middle (sized for the whole
    // page it would run off both edges).
    `<g transform="translate(0 ${H / 2 - 60})">` +
    specimenWatermark(W, 120) +
    `</g>` +
    `</svg>`
  );
}

/**
 * Page `page` (1-based) of `person`'s specimen proof-of-address letter as a scanner would deliver
 * it: a JPEG of the whole A4 page at `dpi` dots per inch (1654 × 2339 px at 200 dpi), its density
 * stated in the file. Throws only if sharp cannot render (a broken install).
 */
export function renderSupportingDocument(person: SpecimenPerson, page: number, dpi: number): Promise<Buffer> {
  const key = `${person.key}:${page}:${dpi}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const widthPx = Math.round((A4_MM.width / 25.4) * dpi);
  const heightPx = Math.round((A4_MM.height / 25.4) * dpi);
  const rendered = sharp(Buffer.from(letterSvg(person, page, widthPx, heightPx)))
    .resize(widthPx, heightPx, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .withMetadata({ density: dpi })
    .jpeg({ quality: 90 })
    .toBuffer();
  cache.set(key, rendered);
  // A failed render is not kept: the next request tries again.
  rendered.catch(() => cache.delete(key));
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return rendered;
}
