import { describe, expect, it } from 'vitest';
import { buildTd3, mrzCheckDigit, parseTd3 } from '../../../src/shared/validation/mrz';

// ICAO Doc 9303 part 4, appendix A: the specimen passport of Utopia.
const ICAO_LINE1 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
const ICAO_LINE2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';

describe('ICAO 9303 TD3 machine-readable zone', () => {
  it('computes check digits (weights 7, 3, 1; letters 10–35; filler 0)', () => {
    expect(mrzCheckDigit('L898902C3')).toBe(6);
    expect(mrzCheckDigit('740812')).toBe(2);
    expect(mrzCheckDigit('120415')).toBe(9);
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1);
  });

  it('parses and validates the ICAO specimen', () => {
    const result = parseTd3(ICAO_LINE1, ICAO_LINE2);
    expect(result.ok).toBe(true);
    expect(result.fields).toMatchObject({
      issuingState: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
      personalNumber: 'ZE184226B',
    });
  });

  it('builds the ICAO specimen exactly', () => {
    expect(
      buildTd3({
        issuingState: 'UTO',
        surname: 'Eriksson',
        givenNames: 'Anna María',
        documentNumber: 'L898902C3',
        nationality: 'UTO',
        birthDate: '1974-08-12',
        sex: 'F',
        expiryDate: '2012-04-15',
        personalNumber: 'ZE184226B',
      }),
    ).toEqual([ICAO_LINE1, ICAO_LINE2]);
  });

  it('names each failed check digit', () => {
    const broken = `${ICAO_LINE2.slice(0, 9)}7${ICAO_LINE2.slice(10, 19)}0${ICAO_LINE2.slice(20)}`;
    expect(parseTd3(ICAO_LINE1, broken).errors).toEqual([
      'document_number_check',
      'birth_date_check',
      'composite_check',
    ]);
    expect(parseTd3('too short', ICAO_LINE2)).toEqual({ ok: false, errors: ['format'] });
  });

  it('accepts an empty personal number with a filler check digit', () => {
    const [l1, l2] = buildTd3({
      issuingState: 'EGY',
      surname: 'Hassan',
      givenNames: 'Amira',
      documentNumber: 'A21345678',
      nationality: 'EGY',
      birthDate: '1995-03-14',
      sex: 'F',
      expiryDate: '2030-01-14',
    });
    expect(l2.slice(28, 43)).toBe('<'.repeat(15));
    expect(parseTd3(l1, l2).ok).toBe(true);
  });
});
