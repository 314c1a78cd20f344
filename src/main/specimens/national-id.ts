/**
 * Synthetic Egyptian national ID cards (front and back), ID-1 format: 85.60 × 53.98 mm, at 300 dpi
 * 1011 × 638 px. Layout follows the real card (photo left, Arabic text right-aligned, the number in
 * Eastern Arabic digits at the bottom), marked SPECIMEN, with a QR code carrying the printed data.
 */
import { encodePayload, type BackPayload, type FrontPayload } from './payload';
import type { SpecimenPerson } from './people';
import { rasterise, type RenderedDocument, type RenderOptions } from './raster';
import { arabicDigits, photoPlaceholder, specimenWatermark, text } from './svg';

export const ID_CARD_PX = { width: 1011, height: 638 } as const;
const { width: W, height: H } = ID_CARD_PX;

function cardFrame(tint: [string, string]): string {
  return (
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="${tint[0]}"/><stop offset="1" stop-color="${tint[1]}"/></linearGradient></defs>` +
    `<rect width="${W}" height="${H}" fill="#ffffff"/>` +
    `<rect x="4" y="4" width="${W - 8}" height="${H - 8}" rx="28" fill="url(#bg)" stroke="#8aa39a" stroke-width="3"/>` +
    // a faint guilloche-like band, as on the real card
    `<path d="M0 ${H * 0.62} C ${W * 0.3} ${H * 0.5}, ${W * 0.6} ${H * 0.78}, ${W} ${H * 0.6}" stroke="#b9cfc6" stroke-width="14" fill="none" opacity="0.6"/>`
  );
}

function specimenLabel(): string {
  return (
    `<rect x="24" y="22" width="230" height="40" rx="6" fill="#c0151b"/>` +
    text(139, 52, 'SPECIMEN  عينة', { size: 24, weight: 'bold', fill: '#ffffff', anchor: 'middle' })
  );
}

export function frontPayload(p: SpecimenPerson): FrontPayload {
  return {
    t: 'eg-id-front',
    v: 1,
    id: p.nationalId,
    first: p.firstNameAr,
    family: p.familyNameAr,
    firstEn: p.firstNameEn,
    familyEn: p.familyNameEn,
    address: p.addressAr,
    birth: p.birthDate,
    factory: p.factoryNumber,
  };
}

export function backPayload(p: SpecimenPerson): BackPayload {
  return {
    t: 'eg-id-back',
    v: 1,
    id: p.nationalId,
    factory: p.factoryNumber,
    profession: p.professionAr,
    religion: p.religionAr,
    marital: p.maritalStatusAr,
    sex: p.gender === 'male' ? 'M' : 'F',
    issued: p.cardIssueDate,
    expires: p.cardExpiryDate,
  };
}

const slashDate = (iso: string): string => arabicDigits(iso.replace(/-/g, '/'));

export function renderIdFront(p: SpecimenPerson, options?: RenderOptions): Promise<RenderedDocument> {
  const right = W - 44;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">` +
    cardFrame(['#e9f1ec', '#d9e7ef']) +
    text(right, 70, 'جمهورية مصر العربية', { size: 32, weight: 'bold', rtl: true }) +
    text(right, 110, 'بطاقة تحقيق الشخصية', { size: 24, rtl: true, fill: '#3a4b44' }) +
    specimenLabel() +
    photoPlaceholder(40, 90, 200, 250) +
    text(right, 200, p.firstNameAr, { size: 40, weight: 'bold', rtl: true }) +
    text(right, 250, p.familyNameAr, { size: 36, weight: 'bold', rtl: true }) +
    text(right, 330, p.addressAr[0], { size: 30, rtl: true }) +
    text(right, 375, p.addressAr[1], { size: 30, rtl: true }) +
    text(right, 600, arabicDigits(p.nationalId), { size: 40, weight: 'bold', rtl: true, spacing: 2 }) +
    text(40, 620, p.factoryNumber, { size: 18, fill: '#4b5a55', family: "'DejaVu Sans Mono', monospace" }) +
    specimenWatermark(W, H) +
    `</svg>`;
  return rasterise(svg, { text: encodePayload(frontPayload(p)), left: 250, top: 310, maxSide: 290 }, options);
}

export function renderIdBack(p: SpecimenPerson, options?: RenderOptions): Promise<RenderedDocument> {
  const right = W - 44;
  const genderAr = p.gender === 'male' ? 'ذكر' : 'أنثى';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">` +
    cardFrame(['#eef0e6', '#dde8ee']) +
    specimenLabel() +
    text(420, 110, p.factoryNumber, { size: 30, weight: 'bold', family: "'DejaVu Sans Mono', monospace" }) +
    text(right, 110, arabicDigits(p.nationalId), { size: 34, weight: 'bold', rtl: true }) +
    text(right, 190, p.professionAr, { size: 32, rtl: true }) +
    text(right, 250, `${genderAr}   ${p.religionAr}   ${p.maritalStatusAr}`, { size: 30, rtl: true }) +
    text(right, 320, `تاريخ الإصدار ${slashDate(p.cardIssueDate)}`, { size: 26, rtl: true }) +
    text(right, 370, `البطاقة سارية حتى ${slashDate(p.cardExpiryDate)}`, { size: 26, rtl: true }) +
    `<rect x="420" y="440" width="550" height="140" fill="none" stroke="#6f7f78" stroke-width="2" opacity="0.5"/>` +
    text(695, 520, 'وزارة الداخلية - قطاع الأحوال المدنية', { size: 22, anchor: 'middle', fill: '#4b5a55' }) +
    specimenWatermark(W, H) +
    `</svg>`;
  return rasterise(svg, { text: encodePayload(backPayload(p)), left: 30, top: 190, maxSide: 380 }, options);
}

export async function renderNationalId(
  p: SpecimenPerson,
  options?: RenderOptions,
): Promise<{ front: RenderedDocument; back: RenderedDocument }> {
  const [front, back] = await Promise.all([renderIdFront(p, options), renderIdBack(p, options)]);
  return { front, back };
}
