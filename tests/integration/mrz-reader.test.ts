// The local MRZ reader (tesseract.js, offline English model) on the product's specimen passports,
// upside down, and through the pipeline: lines, fields, expiry, and the Egyptian national ID check;
// ID cards' TD1 and TD2 zones, read by the pipeline like a passport's.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMrzReader,
  interpretTd3,
  mrzLinesFromText,
  mrzZoneFromText,
} from '../../src/main/imaging/mrz-reader';
import { processImage } from '../../src/main/imaging/pipeline';
import { renderIdFront, renderPassport, specimenPerson } from '../../src/main/specimens';
import { passportMrz } from '../../src/main/specimens/passport';
import { MONO } from '../../src/main/specimens/svg';
import { buildTd1, buildTd2, type IdCardMrzData } from '../../src/shared/validation/mrz-id-cards';

const reader = createMrzReader();
afterAll(() => reader.close());
const TODAY = new Date('2026-11-29T10:00:00Z');

async function pagePixels(key: string, turn = 0) {
  const doc = await renderPassport(specimenPerson(key));
  const { data, info } = await sharp(doc.bytes)
    .rotate(turn)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 as const };
}

describe('correction by field type', () => {
  it('turns O into 0 in digit fields and 0 into O in names, and repairs a document number by its check digit', () => {
    const [l1, l2] = passportMrz(specimenPerson('omar'));
    const noisy1 = l1.replace('OMAR', '0MAR');
    const noisy2 = `${l2.slice(0, 1)}O${l2.slice(2, 13)}7OO${l2.slice(16)}`;
    expect(mrzLinesFromText(`${noisy1}\n${noisy2}\n`)).toEqual([l1, l2]);
  });

  it('reports expiry, ISO dates and whether the personal number is a consistent national ID', () => {
    const omar = specimenPerson('omar');
    const reading = interpretTd3(passportMrz(omar), TODAY, false)!;
    expect(reading.valid).toBe(true);
    expect(reading.expired).toBe(true);
    expect(reading.fields.birthDateIso).toBe(omar.birthDate);
    expect(reading.fields.expiryDateIso).toBe(omar.passport.expiryDate);
    expect(reading.nationalId).toBe('consistent');
    const [l1, l2] = passportMrz(specimenPerson('amira'));
    // Amira's passport carrying Karim's national ID number: another birth date and sex.
    const other = specimenPerson('karim').nationalId;
    const swapped = `${l2.slice(0, 28)}${other}${l2.slice(42)}`;
    expect(interpretTd3([l1, swapped], TODAY, false)!.nationalId).toBe('inconsistent');
  });
});

describe('reading specimen passports', () => {
  it('reads the MRZ of a 300 dpi specimen page exactly', async () => {
    const reading = await reader.read(await pagePixels('karim'), TODAY);
    expect(reading?.lines).toEqual(passportMrz(specimenPerson('karim')));
    expect(reading).toMatchObject({ valid: true, expired: false, nationalId: 'consistent', turned: false });
  }, 120_000);

  it('finds the MRZ of a page upside down and says to turn it', async () => {
    const reading = await reader.read(await pagePixels('hoda', 180), TODAY);
    expect(reading?.valid).toBe(true);
    expect(reading?.turned).toBe(true);
  }, 120_000);

  it('the pipeline exposes the reading and warns on an expired passport', async () => {
    const doc = await renderPassport(specimenPerson('omar'));
    const result = await processImage(doc.bytes, {
      origin: 'scanner',
      kind: 'passport_page',
      readMrz: reader.read,
      now: () => TODAY,
    });
    expect(result.quality.mrz?.fields.documentNumber).toBe(specimenPerson('omar').passport.number);
    expect(result.quality.issues).toContainEqual({ reason: 'expired', severity: 'warn' });
  }, 120_000);
});

// Invented holder and numbers of the fictional state Utopia (Doc 9303's specimen state).
const CARD_HOLDER: IdCardMrzData = {
  documentCode: 'ID',
  issuingState: 'UTO',
  surname: 'Specimen',
  givenNames: 'Salma Test',
  documentNumber: 'SP4081152',
  nationality: 'UTO',
  birthDate: '1988-11-05',
  sex: 'F',
  expiryDate: '2032-03-31',
  optional1: 'BRANCH7',
  optional2: 'KIOSK',
};

/**
 * The back of a 300 dpi card (ID-1, 1011 × 638 px, TD1) or an ID-2 document (1240 × 874 px, TD2)
 * with its zone at the bottom, one character every 2.54 mm (Doc 9303 Part 3 §4.2) in the
 * specimens' monospace face.
 */
async function zoneImage(lines: readonly string[], width: number, height: number) {
  const rows = lines
    .map(
      (line, i) =>
        `<text x="50" y="${height - 40 - (lines.length - 1 - i) * 62}" font-family="${MONO}" font-size="48">${line.replace(/</g, '&lt;')}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#eef1ec"/><text x="50" y="90" font-family="DejaVu Sans" font-size="40">SPECIMEN</text>${rows}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 as const };
}

describe('ID cards: TD1 and TD2 zones', () => {
  it('tells the format by line length and corrects each field by its type', () => {
    const td1 = buildTd1(CARD_HOLDER);
    // OCR confusions: an I in the birth date, a Z in the expiry date, a 4 in the name.
    const noisy = [
      td1[0],
      `${td1[1].slice(0, 2)}I${td1[1].slice(3, 9)}Z${td1[1].slice(10)}`,
      td1[2].replace('SALMA', 'S4LMA'),
    ];
    expect(mrzZoneFromText(`SPECIMEN\n${noisy.join('\n')}\n`)).toEqual({ format: 'TD1', lines: td1 });
    const td2 = buildTd2(CARD_HOLDER);
    // Optional data (KIOSK read as KI0SK) is guarded only by the composite check digit.
    expect(mrzZoneFromText(`${td2[0]}\n${td2[1].replace('KIOSK', 'KI0SK')}`)).toEqual({
      format: 'TD2',
      lines: td2,
    });
  });

  it('reads a generated TD1 card back exactly, composite check digit included', async () => {
    const lines = buildTd1(CARD_HOLDER);
    const reading = await reader.read(await zoneImage(lines, 1011, 638), TODAY);
    expect(reading).toMatchObject({ format: 'TD1', lines, valid: true, expired: false, turned: false });
    expect(reading?.fields).toMatchObject({ documentNumber: 'SP4081152', surname: 'SPECIMEN' });
  }, 120_000);

  it('reads a generated TD2 document exactly', async () => {
    const lines = buildTd2(CARD_HOLDER);
    const reading = await reader.read(await zoneImage(lines, 1240, 874), TODAY);
    expect(reading).toMatchObject({ format: 'TD2', lines, valid: true, nationalId: 'not_applicable' });
  }, 120_000);

  it('the pipeline reads an ID card TD1 zone as it reads a passport, and warns when the card has expired', async () => {
    const expired = { ...CARD_HOLDER, expiryDate: '2025-06-30' };
    const lines = buildTd1(expired);
    const card = await zoneImage(lines, 1011, 638);
    const bytes = await sharp(card.data, { raw: card }).png().toBuffer();
    const result = await processImage(bytes, {
      origin: 'scanner',
      kind: 'id1_card',
      cardMrz: true,
      readMrz: reader.read,
      now: () => TODAY,
    });
    expect(result.quality.mrz).toMatchObject({ format: 'TD1', lines, valid: true, expired: true });
    expect(result.quality.mrz?.fields.expiryDateIso).toBe('2025-06-30');
    expect(result.quality.issues).toContainEqual({ reason: 'expired', severity: 'warn' });
    expect(result.quality.issues).not.toContainEqual({ reason: 'mrz_unreadable', severity: 'warn' });
  }, 120_000);

  it('an ID card with no zone (the Egyptian national ID specimen) is read as none, without a warning', async () => {
    const front = await renderIdFront(specimenPerson('amira'));
    const result = await processImage(front.bytes, {
      origin: 'scanner',
      kind: 'id1_card',
      cardMrz: true,
      readMrz: reader.read,
      now: () => TODAY,
    });
    expect(result.quality.mrz).toBeNull();
    expect(result.quality.issues).toEqual([]);
  }, 120_000);

  it('a card of a flow whose cards carry no zone is not read at all (no OCR on every Egyptian ID)', async () => {
    const lines = buildTd1(CARD_HOLDER);
    const card = await zoneImage(lines, 1011, 638);
    const bytes = await sharp(card.data, { raw: card }).png().toBuffer();
    let reads = 0;
    const result = await processImage(bytes, {
      origin: 'scanner',
      kind: 'id1_card',
      readMrz: async (page, today) => {
        reads++;
        return reader.read(page, today);
      },
      now: () => TODAY,
    });
    expect(reads).toBe(0);
    expect(result.quality.mrz).toBeUndefined();
  }, 120_000);
});
