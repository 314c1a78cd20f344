// The local MRZ reader (tesseract.js, offline English model) on the product's specimen passports,
// upside down, and through the pipeline: lines, fields, expiry, and the Egyptian national ID check.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createMrzReader, interpretTd3, mrzLinesFromText } from '../../src/main/imaging/mrz-reader';
import { processImage } from '../../src/main/imaging/pipeline';
import { renderPassport, specimenPerson } from '../../src/main/specimens';
import { passportMrz } from '../../src/main/specimens/passport';

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
