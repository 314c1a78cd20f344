// The MRZ helpers' known defects (issue 11): ICAO Doc 9303 Part 3 §6 transliteration and punctuation,
// and the checks parseTd3 must make beyond check digits (a real calendar date, a sex of M/F/<).
import { describe, expect, it } from 'vitest';
import { buildTd3, mrzCheckDigit, parseTd3, toMrzText } from '../../../src/shared/validation/mrz';

/** A line 2 with the given birth date, sex and expiry and correct check digits everywhere. */
function line2With(birth: string, sex: string, expiry: string): string {
  const doc = 'A21345678';
  const personal = '<'.repeat(14);
  const docPart = `${doc}${mrzCheckDigit(doc)}`;
  const birthPart = `${birth}${mrzCheckDigit(birth)}`;
  const expiryPart = `${expiry}${mrzCheckDigit(expiry)}`;
  const composite = mrzCheckDigit(`${docPart}${birthPart}${expiryPart}${personal}<`);
  return `${docPart}EGY${birthPart}${sex}${expiryPart}${personal}<${composite}`;
}
const LINE1 = 'P<EGYHASSAN<<AMIRA<<<<<<<<<<<<<<<<<<<<<<<<<<';

describe('ICAO 9303 Part 3 transliteration in toMrzText', () => {
  it('omits apostrophes instead of turning them into a filler', () => {
    expect(toMrzText("D'Artagnan")).toBe('DARTAGNAN');
  });

  it.each([
    ['Ægir', 'AEGIR'],
    ['Øster', 'OESTER'],
    ['Åsa', 'AASA'],
    ['Straße', 'STRASSE'],
    ['Þór', 'THOR'],
  ])('transliterates %s as %s', (name, mrz) => {
    expect(toMrzText(name)).toBe(mrz);
  });

  it('turns a run of spaces into one filler, so a double space is no name separator', () => {
    expect(toMrzText('Anna  Maria')).toBe('ANNA<MARIA');
    const [line1] = buildTd3({
      issuingState: 'EGY',
      surname: 'Hassan',
      givenNames: 'Anna  Maria ',
      documentNumber: 'A1',
      nationality: 'EGY',
      birthDate: '1995-03-14',
      sex: 'F',
      expiryDate: '2030-01-14',
    });
    expect(line1).toBe('P<EGYHASSAN<<ANNA<MARIA'.padEnd(44, '<'));
    expect(parseTd3(line1, line2With('950314', 'F', '300114')).fields?.givenNames).toBe('ANNA MARIA');
  });
});

describe('parseTd3 beyond check digits', () => {
  it('accepts a well-formed zone', () => {
    expect(parseTd3(LINE1, line2With('950314', 'F', '300114'))).toMatchObject({ ok: true, errors: [] });
  });

  it('refuses a month 13 and a 31 April even when the check digits agree', () => {
    expect(parseTd3(LINE1, line2With('951314', 'F', '300114')).errors).toEqual(['birth_date_invalid']);
    expect(parseTd3(LINE1, line2With('950314', 'F', '300431')).errors).toEqual(['expiry_date_invalid']);
  });

  it('refuses a sex other than M, F or <', () => {
    expect(parseTd3(LINE1, line2With('950314', 'X', '300114')).errors).toEqual(['sex']);
    expect(parseTd3(LINE1, line2With('950314', '<', '300114')).ok).toBe(true);
  });
});
