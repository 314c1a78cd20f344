/**
 * Machine-readable zones of ID cards: TD1 (ICAO Doc 9303 Part 5, three lines of 30 characters, the
 * ID-1 card format) and TD2 (Part 6, two lines of 36). Same character set, check digits and dates as
 * the passport's TD3 (mrz.ts); different positions, an optional-data field per line, and a composite
 * check digit over the upper and middle lines (TD1) or the lower line (TD2). Pure: the kiosk's MRZ
 * reader validates what it read with it, and tests build specimen zones with it.
 */
import {
  isMrzDate,
  mrzCheckDigit,
  mrzDate,
  pad,
  toMrzText,
  unfill,
  type MrzIssue,
  type Td3Fields,
} from './mrz';

/** What a TD1 or TD2 zone carries; dates are yyyy-mm-dd. */
export interface IdCardMrzData {
  /** 'I' (default), 'ID', 'A' or 'C' followed by a state-chosen letter (Part 5 §4.2.2). */
  documentCode?: string;
  /** ISO 3166 alpha-3 or ICAO code, e.g. 'UTO'. */
  issuingState: string;
  surname: string;
  givenNames: string;
  /** Up to 9 characters in its own field; longer numbers continue in the optional data (note j). */
  documentNumber: string;
  nationality: string;
  birthDate: string;
  sex: 'M' | 'F' | '<';
  expiryDate: string;
  /** Optional data of line 1 (TD1 only, 15 characters less any long document number's tail). */
  optional1?: string;
  /** Optional data of line 2 (TD1: 11 characters; TD2: 7 less any long number's tail). */
  optional2?: string;
}

/** The fields of a TD1/TD2 zone; `personalNumber` is the optional data, elements joined by a space. */
export interface IdCardMrzResult {
  ok: boolean;
  errors: MrzIssue[];
  fields?: Td3Fields;
}

const check = (field: string): string => String(mrzCheckDigit(field));

/**
 * The document number field, its check digit and the optional data that follows, per the long
 * number rule (Part 5 note j, Part 6 note j): more than 9 characters → the first 9, a '<' in the
 * check digit's place, then the rest, the check digit and a '<' at the start of the optional data.
 */
function numberAndOptional(documentNumber: string, optional: string, optionalLength: number): string {
  const number = toMrzText(documentNumber);
  if (number.length <= 9) {
    const field = pad(number, 9);
    return `${field}${check(field)}${pad(toMrzText(optional), optionalLength)}`;
  }
  const tail = `${number.slice(9)}${check(number)}<${toMrzText(optional)}`;
  if (tail.length > optionalLength) throw new Error('document number and optional data too long');
  return `${number.slice(0, 9)}<${pad(tail, optionalLength)}`;
}

/** The document number as read and whether its check digit agrees, long numbers included. */
function readNumber(field9: string, checkChar: string, optional: string): { number: string; ok: boolean } {
  if (checkChar !== '<') return { number: unfill(field9), ok: check(field9) === checkChar };
  // Long number: the tail runs to the first filler of the optional data; its last character is
  // the check digit over the whole number.
  const tail = optional.split('<')[0] ?? '';
  if (tail.length < 2) return { number: unfill(field9), ok: false };
  const number = `${field9}${tail.slice(0, -1)}`;
  return { number, ok: check(number) === tail.slice(-1) };
}

/** Optional data as text once a long document number's tail is taken out. */
function optionalText(checkChar: string, optional: string): string {
  if (checkChar !== '<') return unfill(optional);
  const at = optional.indexOf('<');
  return at < 0 ? '' : unfill(optional.slice(at));
}

/** Primary and secondary identifiers of a name field (Part 3 §4.6): `SURNAME<<GIVEN<NAMES`. */
function names(zone: string): { surname: string; givenNames: string } {
  const at = zone.indexOf('<<');
  if (at < 0) return { surname: unfill(zone), givenNames: '' };
  return { surname: unfill(zone.slice(0, at)), givenNames: unfill(zone.slice(at + 2)) };
}

function nameField(data: IdCardMrzData, length: number): string {
  return pad(`${toMrzText(data.surname)}<<${toMrzText(data.givenNames)}`, length);
}

/** Dates, sex and their check digits: the checks every format makes the same way. */
function personChecks(birth: string, birthCheck: string, sex: string, expiry: string, expiryCheck: string) {
  const errors: MrzIssue[] = [];
  if (check(birth) !== birthCheck) errors.push('birth_date_check');
  if (check(expiry) !== expiryCheck) errors.push('expiry_date_check');
  if (!isMrzDate(birth)) errors.push('birth_date_invalid');
  if (!isMrzDate(expiry)) errors.push('expiry_date_invalid');
  if (!/^[MF<]$/.test(sex)) errors.push('sex');
  return errors;
}

const CODE = /^[ACI][A-Z0-9<]$/;

/** Builds a TD1 zone (Doc 9303 Part 5 §4.2.2): three lines of 30 characters. */
export function buildTd1(data: IdCardMrzData): [string, string, string] {
  const code = pad(data.documentCode ?? 'I', 2);
  const line1 = `${code}${pad(toMrzText(data.issuingState), 3)}${numberAndOptional(data.documentNumber, data.optional1 ?? '', 15)}`;
  const birth = mrzDate(data.birthDate);
  const expiry = mrzDate(data.expiryDate);
  const upper = `${birth}${check(birth)}${data.sex}${expiry}${check(expiry)}${pad(toMrzText(data.nationality), 3)}${pad(toMrzText(data.optional2 ?? ''), 11)}`;
  const composite = check(
    `${line1.slice(5, 30)}${upper.slice(0, 7)}${upper.slice(8, 15)}${upper.slice(18, 29)}`,
  );
  return [line1, `${upper}${composite}`, nameField(data, 30)];
}

/** Builds a TD2 zone (Doc 9303 Part 6 §4.2.2): two lines of 36 characters. */
export function buildTd2(data: IdCardMrzData): [string, string] {
  const code = pad(data.documentCode ?? 'I', 2);
  const line1 = `${code}${pad(toMrzText(data.issuingState), 3)}${nameField(data, 31)}`;
  const birth = mrzDate(data.birthDate);
  const expiry = mrzDate(data.expiryDate);
  const numberPart = numberAndOptional(data.documentNumber, data.optional2 ?? '', 7);
  const line2 = `${numberPart.slice(0, 10)}${pad(toMrzText(data.nationality), 3)}${birth}${check(birth)}${data.sex}${expiry}${check(expiry)}${numberPart.slice(10)}`;
  const composite = check(`${line2.slice(0, 10)}${line2.slice(13, 20)}${line2.slice(21, 35)}`);
  return [line1, `${line2}${composite}`];
}

const clean = (line: string): string => line.trim().toUpperCase();

/**
 * Checks a TD1 zone (Doc 9303 Part 5): format, the document number (long numbers included), birth
 * and expiry check digits, the composite check digit over line 1 positions 6–30 and line 2
 * positions 1–7, 9–15, 19–29, real calendar dates and a sex of M, F or <.
 */
export function parseTd1(line1Input: string, line2Input: string, line3Input: string): IdCardMrzResult {
  const [l1, l2, l3] = [clean(line1Input), clean(line2Input), clean(line3Input)];
  if (![l1, l2, l3].every((l) => /^[A-Z0-9<]{30}$/.test(l)) || !CODE.test(l1.slice(0, 2))) {
    return { ok: false, errors: ['format'] };
  }
  const errors: MrzIssue[] = [];
  const number = readNumber(l1.slice(5, 14), l1[14]!, l1.slice(15, 30));
  if (!number.ok) errors.push('document_number_check');
  errors.push(...personChecks(l2.slice(0, 6), l2[6]!, l2[7]!, l2.slice(8, 14), l2[14]!));
  const composite = `${l1.slice(5, 30)}${l2.slice(0, 7)}${l2.slice(8, 15)}${l2.slice(18, 29)}`;
  if (check(composite) !== l2[29]) errors.push('composite_check');
  const optional = [optionalText(l1[14]!, l1.slice(15, 30)), unfill(l2.slice(18, 29))];
  return {
    ok: errors.length === 0,
    errors,
    fields: {
      documentCode: unfill(l1.slice(0, 2)),
      issuingState: unfill(l1.slice(2, 5)),
      ...names(l3),
      documentNumber: number.number,
      nationality: unfill(l2.slice(15, 18)),
      birthDate: l2.slice(0, 6),
      sex: l2[7]!,
      expiryDate: l2.slice(8, 14),
      personalNumber: optional.filter(Boolean).join(' '),
    },
  };
}

/**
 * Checks a TD2 zone (Doc 9303 Part 6): format, document number (long numbers included), birth
 * and expiry check digits, the composite check digit over line 2 positions 1–10, 14–20, 22–35,
 * real calendar dates and a sex of M, F or <.
 */
export function parseTd2(line1Input: string, line2Input: string): IdCardMrzResult {
  const [l1, l2] = [clean(line1Input), clean(line2Input)];
  if (![l1, l2].every((l) => /^[A-Z0-9<]{36}$/.test(l)) || !CODE.test(l1.slice(0, 2))) {
    return { ok: false, errors: ['format'] };
  }
  const errors: MrzIssue[] = [];
  const number = readNumber(l2.slice(0, 9), l2[9]!, l2.slice(28, 35));
  if (!number.ok) errors.push('document_number_check');
  errors.push(...personChecks(l2.slice(13, 19), l2[19]!, l2[20]!, l2.slice(21, 27), l2[27]!));
  const composite = `${l2.slice(0, 10)}${l2.slice(13, 20)}${l2.slice(21, 35)}`;
  if (check(composite) !== l2[35]) errors.push('composite_check');
  return {
    ok: errors.length === 0,
    errors,
    fields: {
      documentCode: unfill(l1.slice(0, 2)),
      issuingState: unfill(l1.slice(2, 5)),
      ...names(l1.slice(5)),
      documentNumber: number.number,
      nationality: unfill(l2.slice(10, 13)),
      birthDate: l2.slice(13, 19),
      sex: l2[20]!,
      expiryDate: l2.slice(21, 27),
      personalNumber: optionalText(l2[9]!, l2.slice(28, 35)),
    },
  };
}
