import { toAsciiDigits } from './egyptian-national-id';

/**
 * The fields an operator reviews before "approve front" in the national-ID onboarding flow (seed 002)
 * and the date shapes they are shown and sent in. Their rules are the flow descriptor's
 * (src/shared/flows/lumin-*.ts), applied by src/shared/flows/form-rules.ts. Pure functions.
 */
export type KycReviewField =
  | 'fullName'
  | 'fullNameEn'
  | 'firstNameEn'
  | 'familyNameEn'
  | 'idNumber'
  | 'documentNumber'
  | 'address'
  | 'state'
  | 'birthdate';

export const KYC_REVIEW_FIELDS: readonly KycReviewField[] = [
  'fullName',
  'fullNameEn',
  'firstNameEn',
  'familyNameEn',
  'idNumber',
  'birthdate',
  'documentNumber',
  'address',
  'state',
];

export const ENGLISH_NAME_FIELDS: readonly KycReviewField[] = ['fullNameEn', 'firstNameEn', 'familyNameEn'];

/**
 * A birth date as the review form shows it (dd/MM/yyyy, Arabic-Indic digits accepted), or null when
 * it is not a real day, before 1900 or after `today` (UTC midnight of the day, as a Date).
 */
export function parseBirthdate(value: string, today: Date = new Date()): Date | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(toAsciiDigits(value.trim()));
  if (!match) return null;
  const [, dd, mm, yyyy] = match;
  const date = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (
    date.getUTCFullYear() !== Number(yyyy) ||
    date.getUTCMonth() !== Number(mm) - 1 ||
    date.getUTCDate() !== Number(dd)
  ) {
    return null;
  }
  if (date.getTime() > today.getTime() || Number(yyyy) < 1900) return null;
  return date;
}

/** Lumin's approve wants dd/MM/yyyy; its OCR answers carry ISO-8601. Anything else is left as is. */
export function toDayMonthYear(value: string): string {
  const iso = /^([0-9]{4})-([0-9]{2})-([0-9]{2})/.exec(value);
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : value;
}
