import { describe, expect, it } from 'vitest';
import { toAsciiDigits } from '../../src/shared/validation/egyptian-national-id';
import {
  normaliseKycReview,
  parseBirthdate,
  validateKycReview,
  type KycReviewValues,
} from '../../src/shared/validation/kyc-review';

const good: KycReviewValues = {
  fullName: 'أحمد محمد علي',
  fullNameEn: 'Ahmed Mohamed Ali',
  firstNameEn: 'Ahmed',
  familyNameEn: 'Mohamed Ali',
  idNumber: '29809191234567',
  birthdate: '19/09/1998',
  documentNumber: 'GM2134524',
  address: '15 st elgnainy',
  state: 'hadaek el koba - Cairo',
};
const today = new Date(Date.UTC(2026, 10, 21));
const fieldsWithProblems = (values: Partial<KycReviewValues>, translationEnabled = true) =>
  validateKycReview({ ...good, ...values }, { translationEnabled, today }).map((p) => `${p.field}:${p.key}`);

describe('KYC review validation', () => {
  it('accepts the seed example', () => {
    expect(fieldsWithProblems({})).toEqual([]);
  });

  it('requires English names only when the tenant enabled translation', () => {
    expect(fieldsWithProblems({ fullNameEn: '', firstNameEn: ' ' })).toEqual([
      'fullNameEn:englishRequired',
      'firstNameEn:englishRequired',
    ]);
    expect(fieldsWithProblems({ fullNameEn: '', firstNameEn: '', familyNameEn: '' }, false)).toEqual([]);
    expect(fieldsWithProblems({ firstNameEn: 'أحمد' })).toEqual(['firstNameEn:englishLettersOnly']);
  });

  it('checks the 14-digit number and that it encodes a real date', () => {
    expect(fieldsWithProblems({ idNumber: '2980919123456' })).toContain('idNumber:idNumberDigits');
    expect(fieldsWithProblems({ idNumber: '2981319123456x' })).toContain('idNumber:idNumberDigits');
    expect(fieldsWithProblems({ idNumber: '29813191234567' })).toContain('idNumber:idNumberDate');
    expect(fieldsWithProblems({ idNumber: '29809199934567' })).toContain('idNumber:idNumberGovernorate');
  });

  it('accepts Arabic-Indic digits and normalises them', () => {
    const arabic = '٢٩٨٠٩١٩١٢٣٤٥٦٧';
    expect(toAsciiDigits(arabic)).toBe('29809191234567');
    expect(fieldsWithProblems({ idNumber: arabic, birthdate: '١٩/٠٩/١٩٩٨' })).toEqual([]);
    expect(normaliseKycReview({ ...good, idNumber: arabic, documentNumber: ' gm2134524 ' })).toMatchObject({
      idNumber: '29809191234567',
      documentNumber: 'GM2134524',
    });
  });

  it('checks the birth date format, reality and agreement with the ID number', () => {
    expect(fieldsWithProblems({ birthdate: '1998-09-19' })).toEqual(['birthdate:birthdateFormat']);
    expect(fieldsWithProblems({ birthdate: '31/02/1998' })).toEqual(['birthdate:birthdateFormat']);
    expect(fieldsWithProblems({ birthdate: '19/09/2030' })).toEqual(['birthdate:birthdateFormat']);
    expect(fieldsWithProblems({ birthdate: '20/09/1998' })).toEqual(['birthdate:birthdateMismatch']);
    expect(parseBirthdate('19/09/1998', today)?.toISOString()).toBe('1998-09-19T00:00:00.000Z');
    expect(fieldsWithProblems({ idNumber: '30101010123456', birthdate: '01/01/2001' })).toEqual([]);
  });

  it('checks the factory number and address', () => {
    expect(fieldsWithProblems({ documentNumber: 'G2134524' })).toEqual(['documentNumber:factoryNumber']);
    expect(fieldsWithProblems({ address: '  ' })).toEqual(['address:required']);
  });
});
