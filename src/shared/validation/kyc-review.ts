/**
 * The fields an operator reviews before "approve front" in the national-ID onboarding flow (seed 002),
 * with rules that explain themselves: each failure carries a message key the renderer translates.
 * Pure functions: the renderer validates as the operator types, main validates again before storing.
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

export type KycReviewValues = Record<KycReviewField, string>;

/** A problem with one field: `key` is an i18n key under `review.errors`. */
export interface FieldProblem {
  field: KycReviewField;
  key: string;
}

const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Operators may type Arabic-Indic digits; providers want ASCII digits. */
export function toAsciiDigits(value: string): string {
  return value.replace(ARABIC_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/** dd/MM/yyyy as Lumin wants it, and a real calendar date in the past. */
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

/**
 * The birth date encoded in an Egyptian national ID number: century digit (2 = 1900s, 3 = 2000s)
 * then YYMMDD. Null when the number does not encode a valid date.
 */
export function birthdateFromNationalId(
  idNumber: string,
): { day: number; month: number; year: number } | null {
  const digits = toAsciiDigits(idNumber);
  if (!/^[23]\d{13}$/.test(digits)) return null;
  const year = (digits[0] === '2' ? 1900 : 2000) + Number(digits.slice(1, 3));
  const month = Number(digits.slice(3, 5));
  const day = Number(digits.slice(5, 7));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { day, month, year };
}

export function validateKycReview(
  values: KycReviewValues,
  options: { translationEnabled: boolean; today?: Date },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: KycReviewField, key: string): void => void problems.push({ field, key });
  const idNumber = toAsciiDigits(values.idNumber.trim());

  if (values.fullName.trim().length < 3) add('fullName', 'required');
  if (options.translationEnabled) {
    for (const field of ENGLISH_NAME_FIELDS) {
      const value = values[field].trim();
      if (value === '') add(field, 'englishRequired');
      else if (!/^[A-Za-z][A-Za-z .'-]*$/.test(value)) add(field, 'englishLettersOnly');
    }
  }
  if (!/^\d{14}$/.test(idNumber)) add('idNumber', 'idNumberDigits');
  else if (!birthdateFromNationalId(idNumber)) add('idNumber', 'idNumberDate');

  const birth = parseBirthdate(values.birthdate, options.today);
  if (!birth) add('birthdate', 'birthdateFormat');
  else {
    const encoded = birthdateFromNationalId(idNumber);
    if (
      encoded &&
      (encoded.year !== birth.getUTCFullYear() ||
        encoded.month !== birth.getUTCMonth() + 1 ||
        encoded.day !== birth.getUTCDate())
    ) {
      add('birthdate', 'birthdateMismatch');
    }
  }
  if (!/^[A-Za-z]{2}\d{7}$/.test(values.documentNumber.trim())) add('documentNumber', 'factoryNumber');
  if (values.address.trim() === '') add('address', 'required');
  return problems;
}

/** Values as the provider wants them: trimmed, ASCII digits. */
export function normaliseKycReview(values: KycReviewValues): KycReviewValues {
  const out = { ...values };
  for (const field of KYC_REVIEW_FIELDS) out[field] = toAsciiDigits(values[field].trim());
  out.documentNumber = out.documentNumber.toUpperCase();
  return out;
}
