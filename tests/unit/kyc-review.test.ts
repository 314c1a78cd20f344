// The date shapes of the national-ID review (seed 002): the form shows and Lumin's approve takes
// dd/MM/yyyy, Lumin's OCR answers ISO-8601. The review's rules themselves are the descriptor's
// (tests/unit/flows/descriptors.test.ts).
import { describe, expect, it } from 'vitest';
import { parseBirthdate, toDayMonthYear } from '../../src/shared/validation/kyc-review';

const today = new Date(Date.UTC(2026, 10, 21));

describe('birth dates of the KYC review', () => {
  it('reads dd/MM/yyyy, in Arabic-Indic digits too, as UTC midnight of a real, past day', () => {
    expect(parseBirthdate('19/09/1998', today)?.toISOString()).toBe('1998-09-19T00:00:00.000Z');
    expect(parseBirthdate(' ١٩/٠٩/١٩٩٨ ', today)?.toISOString()).toBe('1998-09-19T00:00:00.000Z');
    expect(parseBirthdate('21/11/2026', today)?.toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });

  it('refuses another shape, a day that does not exist, the future and before 1900', () => {
    for (const value of ['1998-09-19', '31/02/1998', '19/09/2030', '22/11/2026', '31/12/1899', '']) {
      expect(parseBirthdate(value, today), value).toBeNull();
    }
  });

  it('turns an ISO-8601 date into dd/MM/yyyy and leaves anything else as it is', () => {
    expect(toDayMonthYear('1998-09-19')).toBe('19/09/1998');
    expect(toDayMonthYear('1998-09-19T00:00:00Z')).toBe('19/09/1998');
    expect(toDayMonthYear('19/09/1998')).toBe('19/09/1998');
    expect(toDayMonthYear('')).toBe('');
  });
});
