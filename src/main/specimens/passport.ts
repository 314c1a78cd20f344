/**
 * A synthetic Egyptian passport data page, TD3 format (125 × 88 mm; at 300 dpi 1476 × 1039 px),
 * marked SPECIMEN, with a machine-readable zone whose check digits are computed (ICAO 9303) and a
 * QR code carrying the printed data.
 */
import { buildTd3 } from '../../shared/validation/mrz';
import { encodePayload, type PassportPayload } from './payload';
import type { SpecimenPerson } from './people';
import { rasterise, type RenderedDocument, type RenderOptions } from './raster';
import { MONO, photoPlaceholder, specimenWatermark, text } from './svg';

export const PASSPORT_PAGE_PX = { width: 1476, height: 1039 } as const;
const { width: W, height: H } = PASSPORT_PAGE_PX;

export function passportMrz(p: SpecimenPerson): [string, string] {
  return buildTd3({
    issuingState: 'EGY',
    surname: p.familyNameEn,
    givenNames: p.firstNameEn,
    documentNumber: p.passport.number,
    nationality: 'EGY',
    birthDate: p.birthDate,
    sex: p.gender === 'male' ? 'M' : 'F',
    expiryDate: p.passport.expiryDate,
    personalNumber: p.nationalId,
  });
}

export function passportPayload(p: SpecimenPerson): PassportPayload {
  return {
    t: 'passport',
    v: 1,
    mrz: passportMrz(p),
    firstAr: p.firstNameAr,
    familyAr: p.familyNameAr,
    issued: p.passport.issueDate,
    expires: p.passport.expiryDate,
    birth: p.birthDate,
    placeOfBirth: p.passport.placeOfBirth,
  };
}

const printed = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  return `${d} ${months[Number(m) - 1] ?? '???'} ${y}`;
};

function field(x: number, y: number, label: string, value: string): string {
  return (
    text(x, y, label, { size: 18, fill: '#4a5a66' }) +
    text(x, y + 36, value, { size: 30, weight: 'bold', fill: '#111' })
  );
}

export function renderPassport(p: SpecimenPerson, options?: RenderOptions): Promise<RenderedDocument> {
  const [line1, line2] = passportMrz(p);
  const col1 = 420;
  const col2 = 820;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">` +
    `<defs><linearGradient id="pg" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="#f4efe2"/><stop offset="1" stop-color="#e4ecea"/></linearGradient></defs>` +
    `<rect width="${W}" height="${H}" fill="url(#pg)"/>` +
    `<rect x="24" y="22" width="260" height="44" rx="6" fill="#c0151b"/>` +
    text(154, 54, 'SPECIMEN  عينة', { size: 26, weight: 'bold', fill: '#ffffff', anchor: 'middle' }) +
    text(W / 2, 60, 'ARAB REPUBLIC OF EGYPT', {
      size: 34,
      weight: 'bold',
      anchor: 'middle',
      fill: '#1d3a5c',
    }) +
    text(W - 40, 60, 'جمهورية مصر العربية', { size: 32, weight: 'bold', rtl: true, fill: '#1d3a5c' }) +
    text(W / 2, 100, 'PASSPORT  جواز سفر', { size: 26, anchor: 'middle', fill: '#1d3a5c' }) +
    photoPlaceholder(50, 130, 320, 410) +
    field(col1, 150, 'Type / النوع', 'P') +
    field(col1 + 180, 150, 'Code / الرمز', 'EGY') +
    field(col2 + 120, 150, 'Passport No. / رقم الجواز', p.passport.number) +
    field(col1, 235, 'Surname / اللقب', p.familyNameEn.toUpperCase()) +
    field(col1, 320, 'Given names / الاسم', p.firstNameEn.toUpperCase()) +
    text(W - 40, 350, `${p.firstNameAr} ${p.familyNameAr}`, { size: 34, weight: 'bold', rtl: true }) +
    field(col1, 405, 'Nationality / الجنسية', 'EGYPTIAN') +
    field(col2, 405, 'Date of birth / تاريخ الميلاد', printed(p.birthDate)) +
    field(col1, 490, 'Sex / النوع', p.gender === 'male' ? 'M' : 'F') +
    field(col2, 490, 'Place of birth / محل الميلاد', p.passport.placeOfBirth) +
    field(col1, 575, 'Date of issue / تاريخ الإصدار', printed(p.passport.issueDate)) +
    field(col2, 575, 'Date of expiry / تاريخ الانتهاء', printed(p.passport.expiryDate)) +
    field(col1, 660, 'National ID / الرقم القومي', p.nationalId) +
    specimenWatermark(W, H * 0.8) +
    `<rect x="0" y="${H - 200}" width="${W}" height="200" fill="#ffffff" opacity="0.85"/>` +
    text(60, H - 120, line1, { size: 46, family: MONO, fill: '#000' }) +
    text(60, H - 50, line2, { size: 46, family: MONO, fill: '#000' }) +
    `</svg>`;
  return rasterise(
    svg,
    { text: encodePayload(passportPayload(p)), left: 50, top: 560, maxSide: 270 },
    options,
  );
}
