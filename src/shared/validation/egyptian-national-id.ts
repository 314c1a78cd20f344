/**
 * The Egyptian national ID number (14 digits), as printed on the card and sent to providers:
 *
 *   C YYMMDD GG SSSS K
 *   C     century of birth: 2 = 1900–1999, 3 = 2000–2099
 *   YYMMDD date of birth
 *   GG    governorate of birth (see governorates.ts)
 *   SSSS  sequence; the parity of its last digit gives the gender (odd male, even female)
 *   K     check digit
 *
 * The Civil Status Organization does not publish the check-digit algorithm. We use the weighting
 * that is widely published and matches the numbers we have seen; because a real card could still
 * disagree, a check-digit mismatch is reported as a warning, never as an error that blocks a customer.
 */
import { governorateByCode } from './governorates';

export type Gender = 'male' | 'female';

export interface NationalIdFacts {
  birthDate: string; // ISO yyyy-mm-dd
  governorateCode: string;
  gender: Gender;
}

export type NationalIdIssue =
  'length' | 'digits' | 'century' | 'birth_date' | 'birth_in_future' | 'governorate' | 'check_digit';

export interface NationalIdResult {
  /** False when any error was found; warnings do not make it false. */
  ok: boolean;
  errors: NationalIdIssue[];
  warnings: NationalIdIssue[];
  facts?: NationalIdFacts;
}

const CHECK_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** The check digit for the first 13 digits. */
export function nationalIdCheckDigit(first13: string): number {
  if (!/^[0-9]{13}$/.test(first13)) throw new Error('nationalIdCheckDigit needs exactly 13 digits');
  let sum = 0;
  for (let i = 0; i < 13; i += 1) sum += Number(first13[i]) * CHECK_WEIGHTS[i]!;
  return (11 - (sum % 11)) % 10;
}

/** Arabic-Indic and Persian digits (as typed on an Arabic keyboard) become ASCII digits. */
export function toAsciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/**
 * Invisible direction marks a number picks up when copied from right-to-left text: LRM, RLM, the
 * Arabic letter mark, the embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
 */
const BIDI_MARKS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/**
 * `text` without its invisible direction marks (see BIDI_MARKS): what a pasted value means. They
 * carry nothing a provider wants and make a field that shows `1001` fail a digits rule.
 */
export function dropDirectionMarks(text: string): string {
  return text.replace(BIDI_MARKS, '');
}

/**
 * A number as typed or pasted: ASCII digits, spaces and direction marks dropped (the marks by
 * dropDirectionMarks, the one place that knows them, as the form rules do).
 */
export function normaliseDigits(text: string): string {
  return dropDirectionMarks(toAsciiDigits(text)).replace(/\s+/g, '');
}

const CAIRO_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Africa/Cairo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date (yyyy-mm-dd) in Egypt at `instant`: a birth date is a date in Cairo, so a person
 * born today is not "in the future" between midnight in Cairo and midnight UTC.
 */
export function cairoDate(instant: Date): string {
  return CAIRO_DATE.format(instant);
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function validateNationalId(input: string, today: Date = new Date()): NationalIdResult {
  const id = normaliseDigits(input);
  if (!/^[0-9]*$/.test(id)) return { ok: false, errors: ['digits'], warnings: [] };
  if (id.length !== 14) return { ok: false, errors: ['length'], warnings: [] };
  const errors: NationalIdIssue[] = [];
  const warnings: NationalIdIssue[] = [];
  const century = id[0] === '2' ? 1900 : id[0] === '3' ? 2000 : undefined;
  if (century === undefined) errors.push('century');
  const year = (century ?? 1900) + Number(id.slice(1, 3));
  const month = Number(id.slice(3, 5));
  const day = Number(id.slice(5, 7));
  const birthDate = `${String(year).padStart(4, '0')}-${id.slice(3, 5)}-${id.slice(5, 7)}`;
  if (!isRealDate(year, month, day)) errors.push('birth_date');
  else if (birthDate > cairoDate(today)) errors.push('birth_in_future');
  const governorateCode = id.slice(7, 9);
  if (!governorateByCode(governorateCode)) errors.push('governorate');
  if (nationalIdCheckDigit(id.slice(0, 13)) !== Number(id[13])) warnings.push('check_digit');
  const gender: Gender = Number(id[12]) % 2 === 1 ? 'male' : 'female';
  return {
    ok: errors.length === 0,
    errors,
    warnings,
    ...(errors.length === 0 ? { facts: { birthDate, governorateCode, gender } } : {}),
  };
}

/** Builds a valid number (used by the specimen generator and tests). */
export function buildNationalId(parts: {
  birthDate: string; // yyyy-mm-dd
  governorateCode: string;
  /** 1–999: the first three sequence digits; the gender digit is derived. */
  serial: number;
  gender: Gender;
}): string {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(parts.birthDate);
  if (!match) throw new Error('birthDate must be yyyy-mm-dd');
  const year = Number(match[1]);
  if (year < 1900 || year > 2099) throw new Error('birth year outside 1900–2099');
  if (!governorateByCode(parts.governorateCode)) throw new Error('unknown governorate code');
  if (!Number.isInteger(parts.serial) || parts.serial < 0 || parts.serial > 999) {
    throw new Error('serial must be 0–999');
  }
  const century = year >= 2000 ? '3' : '2';
  const genderDigit = parts.gender === 'male' ? 1 + 2 * (parts.serial % 5) : 2 * (parts.serial % 5);
  const first13 = `${century}${match[1]!.slice(2)}${match[2]}${match[3]}${parts.governorateCode}${String(parts.serial).padStart(3, '0')}${genderDigit}`;
  return `${first13}${nationalIdCheckDigit(first13)}`;
}
