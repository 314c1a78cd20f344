/**
 * Applies a descriptor's form rules (src/shared/flows/descriptor.ts) to typed values: the renderer
 * as the operator types, main again before anything is stored (cases.submitReview, cases.start).
 * Pure functions. Each problem names the field and an i18n key under `review.errors`.
 */
import { dropDirectionMarks, toAsciiDigits, validateNationalId } from '../validation/egyptian-national-id';
import { parseBirthdate, toDayMonthYear } from '../validation/kyc-review';
import { CHOICE_SEPARATOR, chosenValues, joinChoices } from './choices';
import type { FieldCondition, FieldRule, FormField, NormaliseStep } from './descriptor';

/** A problem with one field: `key` is an i18n key under `review.errors`. */
export interface FieldProblem {
  field: string;
  key: string;
}

export interface FormContext {
  /** Whether the tenant translates names (Lumin): fields with `when: { translation }` follow it. */
  translationEnabled: boolean;
  /** "Today" for date rules; the injected clock in tests. */
  today?: Date;
}

/** Whether a field is part of the form, given the other values and the translation setting. */
export function fieldApplies(
  field: FormField,
  values: Readonly<Record<string, string>>,
  context: Pick<FormContext, 'translationEnabled'>,
): boolean {
  const when: FieldCondition | undefined = field.when;
  if (!when) return true;
  if ('translation' in when) return when.translation === context.translationEnabled;
  if ('includesAnyOf' in when) {
    const chosen = chosenValues(values[when.field]);
    return when.includesAnyOf.some((value) => chosen.includes(value));
  }
  return (values[when.field] ?? '').trim() === when.equals;
}

const LATIN = /^[A-Za-z][A-Za-z .'-]*$/;
// Letters of the Arabic script (with their marks) and spaces, no Latin letters or digits.
const ARABIC = /^[\p{Script=Arabic}\p{M} ]+$/u;

function firstProblem(
  rule: FieldRule,
  value: string,
  values: Readonly<Record<string, string>>,
  today: Date | undefined,
): string | null {
  // Checked as it will be sent: a pasted value's invisible direction marks dropped (`trim` step).
  const text = dropDirectionMarks(value).trim();
  switch (rule.kind) {
    case 'required':
      return text.length < (rule.minLength ?? 1) ? (rule.messageKey ?? 'required') : null;
    case 'latinLetters':
      return text !== '' && !LATIN.test(text) ? 'englishLettersOnly' : null;
    case 'arabicLetters':
      return text !== '' && !ARABIC.test(text) ? 'arabicLettersOnly' : null;
    case 'digits': {
      const digits = toAsciiDigits(text);
      return !/^\d+$/.test(digits) || digits.length < rule.min || digits.length > rule.max ? 'digits' : null;
    }
    case 'nationalIdNumber': {
      // The number's own rules (length, century, birth date, governorate) live in one validator.
      const error = validateNationalId(toAsciiDigits(text), today).errors[0];
      if (error === 'length' || error === 'digits') return 'idNumberDigits';
      if (error === 'governorate') return 'idNumberGovernorate';
      return error ? 'idNumberDate' : null;
    }
    case 'dayMonthYear':
      return parseBirthdate(text, today) ? null : 'birthdateFormat';
    case 'birthDateOfNationalId': {
      const birth = parseBirthdate(text, today);
      const encoded = validateNationalId(
        toAsciiDigits(dropDirectionMarks(values[rule.idField] ?? '').trim()),
        today,
      ).facts?.birthDate;
      return birth && encoded && encoded !== birth.toISOString().slice(0, 10) ? 'birthdateMismatch' : null;
    }
    case 'pattern':
      return new RegExp(rule.pattern).test(text) ? null : rule.messageKey;
    case 'isoDate':
      return text === '' ? null : isoDateProblem(toAsciiDigits(text), rule.past, today);
  }
}

/**
 * Why an ISO-8601 calendar date (yyyy-mm-dd) is not acceptable, or null: `isoDate` when it is not
 * written so or is no real day (2001-02-30), `isoDatePast` when `past` and it is after today (UTC).
 */
function isoDateProblem(text: string, past: boolean, today: Date | undefined): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return 'isoDate';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'isoDate';
  const now = today ?? new Date();
  const todayUtc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return past && date.getTime() > todayUtc ? 'isoDatePast' : null;
}

/**
 * Every problem of a form, at most one per field (the first failing rule, in the descriptor's
 * order), fields in the descriptor's order. Fields that do not apply are not checked.
 */
export function validateForm(
  fields: readonly FormField[],
  values: Readonly<Record<string, string>>,
  context: FormContext,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    if (field.readOnly || !fieldApplies(field, values, context)) continue;
    const raw = values[field.name] ?? '';
    // A multiple choice is checked by what was chosen (' , ' chooses nothing: `required` fails).
    const value = field.input === 'multiChoice' ? chosenValues(raw).join(CHOICE_SEPARATOR) : raw;
    for (const rule of field.rules) {
      const key = firstProblem(rule, value, values, context.today);
      if (key) {
        problems.push({ field: field.name, key });
        break;
      }
    }
    if (problems.at(-1)?.field !== field.name && !withinOptions(field, value)) {
      problems.push({ field: field.name, key: 'choiceUnknown' });
    }
  }
  return problems;
}

/**
 * Whether a choice's value is one of its options (a `multiChoice`: each chosen value). An empty
 * value is left to the field's `required` rule. Other inputs: always.
 */
function withinOptions(field: FormField, value: string): boolean {
  const options = field.options?.map((option) => option.value);
  if (!options) return true;
  if (field.input === 'choice') return value.trim() === '' || options.includes(value.trim());
  if (field.input === 'multiChoice') return chosenValues(value).every((item) => options.includes(item));
  return true;
}

/** A provider's value as the form first shows it (ISO dates as dd/MM/yyyy where the field sends those). */
export function initialFormValue(field: FormField, raw: string | undefined): string {
  const value = raw ?? '';
  return field.normalise.includes('isoToDayMonthYear') ? toDayMonthYear(value) : value;
}

function normaliseOne(value: string, steps: readonly NormaliseStep[]): string {
  let out = value;
  for (const step of steps) {
    // Trimmed of the invisible direction marks a value copied from right-to-left text carries too.
    if (step === 'trim') out = dropDirectionMarks(out).trim();
    else if (step === 'asciiDigits') out = toAsciiDigits(out);
    else if (step === 'upperCase') out = out.toUpperCase();
    else out = toDayMonthYear(out);
  }
  return out;
}

/**
 * The values as the provider wants them: only the fields that apply and are not read-only, each
 * normalised as its descriptor says. Values of fields the form does not have are dropped.
 */
export function normaliseForm(
  fields: readonly FormField[],
  values: Readonly<Record<string, string>>,
  context: Pick<FormContext, 'translationEnabled'>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    if (field.readOnly || !fieldApplies(field, values, context)) continue;
    // A multiple choice is sent in one order whatever the order of the clicks.
    out[field.name] =
      field.input === 'multiChoice'
        ? joinChoices(field, chosenValues(values[field.name]))
        : normaliseOne(values[field.name] ?? '', field.normalise);
  }
  return out;
}

/**
 * Names in `values` the form does not take: fields it does not have, and read-only ones (shown for
 * checking, never sent). Main refuses such a review instead of guessing what was meant.
 */
export function unknownFields(
  fields: readonly FormField[],
  values: Readonly<Record<string, string>>,
): string[] {
  const names = new Set(fields.filter((field) => !field.readOnly).map((field) => field.name));
  return Object.keys(values).filter((name) => !names.has(name));
}
