// TD1 (Doc 9303 Part 5) and TD2 (Part 6) zones: the ICAO specimens of Utopia, generated specimens
// (invented names and numbers), long document numbers, and every check including the composite.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTd1,
  buildTd2,
  parseTd1,
  parseTd2,
  type IdCardMrzData,
} from '../../../src/shared/validation/mrz-id-cards';

// Doc 9303 Part 5 Appendix A and Part 6 Appendix A: the fictional state Utopia's specimen.
const TD1 = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
] as const;
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'] as const;

const SPECIMEN: IdCardMrzData = {
  documentCode: 'ID',
  issuingState: 'UTO',
  surname: 'Specimen-Sample',
  givenNames: 'Nour Test',
  documentNumber: 'X12345678',
  nationality: 'UTO',
  birthDate: '1990-02-28',
  sex: 'F',
  expiryDate: '2031-06-30',
  optional1: 'BR42',
  optional2: 'KIOSK',
};

/** Replaces one character of a line (1-based position, as Doc 9303 numbers them). */
const at = (line: string, position: number, ch: string): string =>
  `${line.slice(0, position - 1)}${ch}${line.slice(position)}`;

describe('TD1 (three lines of 30)', () => {
  it('validates the ICAO specimen and reads its fields', () => {
    expect(parseTd1(...TD1)).toEqual({
      ok: true,
      errors: [],
      fields: {
        documentCode: 'I',
        issuingState: 'UTO',
        surname: 'ERIKSSON',
        givenNames: 'ANNA MARIA',
        documentNumber: 'D23145890',
        nationality: 'UTO',
        birthDate: '740812',
        sex: 'F',
        expiryDate: '120415',
        personalNumber: '',
      },
    });
  });

  it('builds the ICAO specimen exactly', () => {
    expect(
      buildTd1({
        issuingState: 'UTO',
        surname: 'Eriksson',
        givenNames: 'Anna Maria',
        documentNumber: 'D23145890',
        nationality: 'UTO',
        birthDate: '1974-08-12',
        sex: 'F',
        expiryDate: '2012-04-15',
      }),
    ).toEqual([...TD1]);
  });

  it('round-trips a generated specimen with optional data in both lines', () => {
    const lines = buildTd1(SPECIMEN);
    expect(lines.map((l) => l.length)).toEqual([30, 30, 30]);
    expect(parseTd1(...lines)).toMatchObject({
      ok: true,
      fields: { surname: 'SPECIMEN SAMPLE', givenNames: 'NOUR TEST', personalNumber: 'BR42 KIOSK' },
    });
  });

  it('names each failed check, the composite one included', () => {
    const [l1, l2, l3] = TD1;
    // Position 15 is the document number's check digit; 30 of line 2 the composite.
    expect(parseTd1(at(l1, 15, '8'), l2, l3).errors).toEqual(['document_number_check', 'composite_check']);
    expect(parseTd1(l1, at(l2, 30, '7'), l3).errors).toEqual(['composite_check']);
    // Optional data is covered only by the composite check digit.
    expect(parseTd1(at(l1, 20, 'Q'), l2, l3).errors).toEqual(['composite_check']);
    expect(parseTd1(l1, at(l2, 7, '3'), l3).errors).toEqual(['birth_date_check', 'composite_check']);
    expect(parseTd1(l1, at(l2, 15, '0'), l3).errors).toEqual(['expiry_date_check', 'composite_check']);
    expect(parseTd1(l1, at(l2, 8, 'X'), l3).errors).toEqual(['sex']);
  });

  it('refuses impossible dates even with agreeing check digits', () => {
    const lines = buildTd1({ ...SPECIMEN, birthDate: '1990-02-28' });
    const badMonth = `${'901328'}${'7'}${lines[1].slice(7)}`;
    const errors = parseTd1(lines[0], badMonth, lines[2]).errors;
    expect(errors).toContain('birth_date_invalid');
  });

  it('refuses wrong lengths, characters and document codes', () => {
    const [l1, l2, l3] = TD1;
    expect(parseTd1(l1.slice(1), l2, l3)).toEqual({ ok: false, errors: ['format'] });
    expect(parseTd1(at(l1, 8, 'é'), l2, l3)).toEqual({ ok: false, errors: ['format'] });
    expect(parseTd1(at(l1, 1, 'P'), l2, l3)).toEqual({ ok: false, errors: ['format'] });
  });

  it('carries a document number longer than 9 characters into the optional data (note j)', () => {
    const lines = buildTd1({ ...SPECIMEN, documentNumber: 'AB123456789012', optional1: 'Z9' });
    expect(lines[0].slice(5, 15)).toBe('AB1234567<');
    expect(parseTd1(...lines)).toMatchObject({
      ok: true,
      fields: { documentNumber: 'AB123456789012', personalNumber: 'Z9 KIOSK' },
    });
    // The tail's check digit guards the whole number.
    const broken = at(lines[0], 17, '7');
    expect(parseTd1(broken, lines[1], lines[2]).errors).toContain('document_number_check');
  });
});

describe('TD2 (two lines of 36)', () => {
  it('validates the ICAO specimen and builds it exactly', () => {
    expect(parseTd2(...TD2)).toMatchObject({
      ok: true,
      fields: { surname: 'ERIKSSON', givenNames: 'ANNA MARIA', documentNumber: 'D23145890', sex: 'F' },
    });
    expect(
      buildTd2({
        issuingState: 'UTO',
        surname: 'Eriksson',
        givenNames: 'Anna Maria',
        documentNumber: 'D23145890',
        nationality: 'UTO',
        birthDate: '1974-08-12',
        sex: 'F',
        expiryDate: '2012-04-15',
      }),
    ).toEqual([...TD2]);
  });

  it('names each failed check, the composite one included', () => {
    const [l1, l2] = TD2;
    expect(parseTd2(l1, at(l2, 10, '1')).errors).toEqual(['document_number_check', 'composite_check']);
    expect(parseTd2(l1, at(l2, 36, '0')).errors).toEqual(['composite_check']);
    expect(parseTd2(l1, at(l2, 30, 'C')).errors).toEqual(['composite_check']);
    expect(parseTd2(l1, at(l2, 21, 'Y')).errors).toEqual(['sex']);
  });

  it('carries a long document number into the optional data', () => {
    const lines = buildTd2({ ...SPECIMEN, documentNumber: 'AB1234567890', optional2: '' });
    expect(parseTd2(...lines)).toMatchObject({ ok: true, fields: { documentNumber: 'AB1234567890' } });
    expect(() => buildTd2({ ...SPECIMEN, documentNumber: 'AB1234567890123' })).toThrow(/too long/);
  });
});

describe('any generated specimen', () => {
  const data = fc.record({
    surname: fc.stringMatching(/^[A-Z]{2,10}$/),
    givenNames: fc.stringMatching(/^[A-Z]{2,8}$/),
    documentNumber: fc.stringMatching(/^[A-Z0-9]{6,9}$/),
    birth: fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
    sex: fc.constantFrom('M' as const, 'F' as const, '<' as const),
    optional2: fc.stringMatching(/^[A-Z0-9]{0,7}$/),
  });

  it('is valid as TD1 and TD2, and one changed digit of the lower line is always caught', () => {
    fc.assert(
      fc.property(data, fc.nat(), (d, pick) => {
        const spec: IdCardMrzData = {
          issuingState: 'UTO',
          nationality: 'UTO',
          surname: d.surname,
          givenNames: d.givenNames,
          documentNumber: d.documentNumber,
          birthDate: d.birth.toISOString().slice(0, 10),
          sex: d.sex,
          expiryDate: '2033-01-31',
          optional2: d.optional2,
        };
        const td1 = buildTd1(spec);
        const td2 = buildTd2(spec);
        expect(parseTd1(...td1).ok).toBe(true);
        expect(parseTd2(...td2).ok).toBe(true);
        // Change one digit of TD2's line 2 (every position is under some check digit).
        const digits = [...td2[1]].map((ch, i) => (/[0-9]/.test(ch) ? i : -1)).filter((i) => i >= 0);
        const i = digits[pick % digits.length]!;
        const changed = at(td2[1], i + 1, String((Number(td2[1][i]) + 1) % 10));
        expect(parseTd2(td2[0], changed).ok).toBe(false);
      }),
    );
  });
});
