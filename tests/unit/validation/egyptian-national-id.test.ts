import { describe, expect, it } from 'vitest';
import {
  buildNationalId,
  dropDirectionMarks,
  nationalIdCheckDigit,
  normaliseDigits,
  validateNationalId,
} from '../../../src/shared/validation/egyptian-national-id';

const TODAY = new Date('2026-11-01T00:00:00Z');

describe('Egyptian national ID number', () => {
  it('builds numbers whose facts read back: century, birth date, governorate, gender', () => {
    const male = buildNationalId({
      birthDate: '1988-11-02',
      governorateCode: '02',
      serial: 37,
      gender: 'male',
    });
    expect(male).toMatch(/^2881102020[0-9]{4}$/);
    expect(validateNationalId(male, TODAY)).toEqual({
      ok: true,
      errors: [],
      warnings: [],
      facts: { birthDate: '1988-11-02', governorateCode: '02', gender: 'male' },
    });
    const female = buildNationalId({
      birthDate: '2001-06-21',
      governorateCode: '21',
      serial: 508,
      gender: 'female',
    });
    expect(female.startsWith('3010621')).toBe(true);
    expect(Number(female[12]) % 2).toBe(0);
    expect(validateNationalId(female, TODAY).facts?.gender).toBe('female');
  });

  it('computes the check digit with the published weights', () => {
    // 2·2+9·7+5·6+0·5+3·4+1·3+4·2+0·7+1·6+2·5+1·4+4·3+8·2 = 168; 168 mod 11 = 3; 11−3 = 8
    expect(nationalIdCheckDigit('2950314012148')).toBe(8);
    expect(() => nationalIdCheckDigit('123')).toThrow();
  });

  it('reports each structural error', () => {
    expect(validateNationalId('123', TODAY).errors).toEqual(['length']);
    expect(validateNationalId('2950314012148x', TODAY).errors).toEqual(['digits']);
    expect(validateNationalId('19503140121488', TODAY).errors).toContain('century');
    expect(validateNationalId('29874532145698', TODAY).errors).toContain('birth_date'); // the seed's example: month 74
    expect(validateNationalId('29502300121488', TODAY).errors).toContain('birth_date'); // 30 February
    expect(validateNationalId('32701010121488', TODAY).errors).toContain('birth_in_future');
    expect(validateNationalId('29503149921488', TODAY).errors).toContain('governorate');
  });

  it('treats a wrong check digit as a warning only (the algorithm is not published)', () => {
    const result = validateNationalId('29503140121480', TODAY);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual(['check_digit']);
  });

  it('accepts Arabic-Indic digits and spaces as typed on an Arabic keyboard', () => {
    expect(normaliseDigits('٢٩٥ ٠٣١٤ ٠١٢١٤٨٨')).toBe('29503140121488');
    expect(validateNationalId('٢٩٥٠٣١٤٠١٢١٤٨٨', TODAY).ok).toBe(true);
  });

  it('drops every direction mark the form rules drop from a pasted number, and only those', () => {
    // LRM, RLM, the Arabic letter mark, embeddings/overrides and isolates around and inside it.
    const marks = ['\u200E', '\u200F', '\u061C', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E'];
    const isolates = ['\u2066', '\u2067', '\u2068', '\u2069'];
    for (const mark of [...marks, ...isolates]) {
      const pasted = `${mark}2950314${mark}0121488${mark}`;
      expect(dropDirectionMarks(pasted)).toBe('29503140121488');
      expect(normaliseDigits(pasted)).toBe(dropDirectionMarks(pasted));
    }
    // A zero-width joiner is no direction mark: neither function drops it, so a rule can refuse it.
    expect(normaliseDigits('2950314\u200D0121488')).toBe(dropDirectionMarks('2950314\u200D0121488'));
    expect(normaliseDigits('2950314\u200D0121488')).toHaveLength(15);
  });
});
