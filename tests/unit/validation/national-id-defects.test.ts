// The national ID number's known defects (issue 11): a pasted number with a leading right-to-left
// mark, and "born today" seen from Cairo just after midnight (UTC is still yesterday).
import { describe, expect, it } from 'vitest';
import { buildNationalId, validateNationalId } from '../../../src/shared/validation/egyptian-national-id';

describe('national ID number input', () => {
  const id = buildNationalId({
    birthDate: '1995-03-14',
    governorateCode: '01',
    serial: 214,
    gender: 'female',
  });
  const today = new Date('2026-11-01T10:00:00Z');

  it.each([
    ['right-to-left mark', '\u200F'],
    ['left-to-right mark', '\u200E'],
    ['Arabic letter mark', '\u061C'],
    ['right-to-left embedding', '\u202B'],
  ])('accepts a number pasted with a leading %s', (_name, mark) => {
    expect(validateNationalId(`${mark}${id}`, today).ok).toBe(true);
    expect(validateNationalId(`${id}${mark}`, today).ok).toBe(true);
  });

  it('accepts a person born today at 01:30 Cairo time (23:30 UTC the day before)', () => {
    const bornToday = buildNationalId({
      birthDate: '2026-11-02',
      governorateCode: '01',
      serial: 1,
      gender: 'male',
    });
    // Cairo is UTC+2 in November: 2026-11-01T23:30Z is 2026-11-02 01:30 there.
    const result = validateNationalId(bornToday, new Date('2026-11-01T23:30:00Z'));
    expect(result.errors).toEqual([]);
    // ...and tomorrow's date is still the future.
    expect(validateNationalId(bornToday, new Date('2026-11-01T21:30:00Z')).errors).toEqual([
      'birth_in_future',
    ]);
  });
});
