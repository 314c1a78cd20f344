import { toAsciiDigits, validateNationalId } from './egyptian-national-id';

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
  // The number's own rules (length, century, birth date, governorate) live in one validator.
  const id = validateNationalId(idNumber, options.today);
  const idError = id.errors[0];
  if (idError === 'length' || idError === 'digits') add('idNumber', 'idNumberDigits');
  else if (idError === 'governorate') add('idNumber', 'idNumberGovernorate');
  else if (idError) add('idNumber', 'idNumberDate');

  const birth = parseBirthdate(values.birthdate, options.today);
  if (!birth) add('birthdate', 'birthdateFormat');
  else {
    const encoded = id.facts?.birthDate;
    if (encoded && encoded !== birth.toISOString().slice(0, 10)) add('birthdate', 'birthdateMismatch');
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

/** Lumin's approve wants dd/MM/yyyy; its OCR answers carry ISO-8601. Anything else is left as is. */
export function toDayMonthYear(value: string): string {
  const iso = /^([0-9]{4})-([0-9]{2})-([0-9]{2})/.exec(value);
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : value;
}
