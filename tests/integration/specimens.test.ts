// Specimen documents: real sharp rendering, the sizes of the real formats, internally consistent
// numbers, and a QR code the simulators' "OCR" still reads after rescaling to 60 % and JPEG 70.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  ID_CARD_PX,
  PASSPORT_PAGE_PX,
  SPECIMEN_PEOPLE,
  passportMrz,
  readSpecimen,
  renderNationalId,
  renderPassport,
  specimenPerson,
} from '../../src/main/specimens';
import { qrCodeSvg } from '../../src/main/specimens/qr-code';
import { validateNationalId } from '../../src/shared/validation/egyptian-national-id';
import { parseTd3 } from '../../src/shared/validation/mrz';

async function degrade(bytes: Buffer, width: number): Promise<Buffer> {
  return sharp(bytes)
    .resize(Math.round(width * 0.6))
    .jpeg({ quality: 70 })
    .toBuffer();
}

describe('specimen people', () => {
  it('have valid, consistent national ID numbers and passports, one of them already registered', () => {
    expect(SPECIMEN_PEOPLE.length).toBeGreaterThanOrEqual(4);
    for (const person of SPECIMEN_PEOPLE) {
      const id = validateNationalId(person.nationalId);
      expect(id, person.key).toMatchObject({ ok: true, warnings: [] });
      expect(id.facts).toEqual({
        birthDate: person.birthDate,
        governorateCode: person.governorateCode,
        gender: person.gender,
      });
      const [l1, l2] = passportMrz(person);
      expect(parseTd3(l1, l2)).toMatchObject({
        ok: true,
        fields: { personalNumber: person.nationalId, documentNumber: person.passport.number },
      });
    }
    expect(SPECIMEN_PEOPLE.filter((p) => p.registered).map((p) => p.key)).toEqual(['hoda']);
    expect(() => specimenPerson('nobody')).toThrow();
  });
});

describe('rendered specimens', () => {
  it('national ID front and back: ID-1 at 300 dpi, marked SPECIMEN, data readable after 60 % and JPEG 70', async () => {
    const person = specimenPerson('karim');
    const { front, back } = await renderNationalId(person);
    for (const side of [front, back]) {
      expect([side.width, side.height]).toEqual([ID_CARD_PX.width, ID_CARD_PX.height]);
      expect(side.mime).toBe('image/jpeg');
      // the red SPECIMEN label in the top-left corner
      const { data } = await sharp(side.bytes)
        .extract({ left: 40, top: 30, width: 4, height: 4 })
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(data[0]).toBeGreaterThan(150);
      expect(data[1]).toBeLessThan(80);
    }
    expect(await readSpecimen(await degrade(front.bytes, front.width))).toMatchObject({
      t: 'eg-id-front',
      id: person.nationalId,
      first: 'كريم',
      family: 'محمود السيد',
      address: person.addressAr,
      birth: person.birthDate,
    });
    expect(await readSpecimen(await degrade(back.bytes, back.width))).toMatchObject({
      t: 'eg-id-back',
      id: person.nationalId,
      factory: 'KH4471902',
      sex: 'M',
      expires: person.cardExpiryDate,
    });
  });

  it('passport data page: TD3 size, MRZ data readable after 60 % and JPEG 70', async () => {
    const person = specimenPerson('hoda');
    const page = await renderPassport(person, { format: 'png' });
    expect([page.width, page.height]).toEqual([PASSPORT_PAGE_PX.width, PASSPORT_PAGE_PX.height]);
    expect(page.mime).toBe('image/png');
    const read = await readSpecimen(await degrade(page.bytes, page.width));
    expect(read).toMatchObject({ t: 'passport', mrz: passportMrz(person), firstAr: 'هدى' });
  });

  it('renders at a smaller scale on request and still reads', async () => {
    const { front } = await renderNationalId(specimenPerson('amira'), { scale: 0.6, quality: 70 });
    expect(front.width).toBe(Math.round(ID_CARD_PX.width * 0.6));
    expect((await readSpecimen(front.bytes))?.t).toBe('eg-id-front');
  });

  it('reads nothing from a blank page, a foreign QR code, or bytes that are not an image', async () => {
    const blank = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(await readSpecimen(blank)).toBeUndefined();
    const foreign = await sharp(Buffer.from(qrCodeSvg('https://example.invalid/not-a-specimen', 8).svg))
      .png()
      .toBuffer();
    expect(await readSpecimen(foreign)).toBeUndefined();
    expect(await readSpecimen(new TextEncoder().encode('not an image'))).toBeUndefined();
  });
});
