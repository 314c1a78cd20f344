/**
 * ICAO Doc 9303 machine-readable zone of a passport data page (TD3: two lines of 44 characters).
 * Pure: the UI checks what the operator typed or what a provider read; the specimen generator builds
 * valid zones for its synthetic passports.
 */

const WEIGHTS = [7, 3, 1] as const;

function charValue(ch: string): number {
  if (ch === '<') return 0;
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A=10 … Z=35
  throw new Error(`not an MRZ character: ${JSON.stringify(ch)}`);
}

/** ICAO 9303 check digit: weights 7, 3, 1 repeating, sum modulo 10. */
export function mrzCheckDigit(field: string): number {
  let sum = 0;
  for (let i = 0; i < field.length; i += 1) sum += charValue(field[i]!) * WEIGHTS[i % 3]!;
  return sum % 10;
}

/**
 * Letters Doc 9303 Part 3 §6 (transliteration of Latin characters) writes as more than one letter,
 * or as a letter that NFD decomposition does not reach. Other accented letters lose their accent.
 */
const TRANSLITERATION: Readonly<Record<string, string>> = {
  Æ: 'AE',
  Œ: 'OE',
  Ø: 'OE',
  Å: 'AA',
  Ä: 'AE',
  Ö: 'OE',
  Ü: 'UE',
  ß: 'SS',
  ẞ: 'SS',
  Þ: 'TH',
  Ĳ: 'IJ',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  Ł: 'L',
  Ŀ: 'L',
  Ŧ: 'T',
};

/**
 * A name or number as the MRZ writes it (ICAO Doc 9303 Part 3 §4.6 and §6): upper case, letters
 * transliterated (Æ→AE, Ø→OE, Å→AA, ß→SS…), other accents stripped, apostrophes omitted, and every
 * run of spaces, hyphens or other punctuation written as one filler '<', so that only the caller's
 * own `<<` separates primary and secondary identifiers.
 */
export function toMrzText(text: string): string {
  return text
    .toUpperCase()
    .replace(/[ÆŒØÅÄÖÜẞßÞĲÐĐĦŁĿŦ]/g, (ch) => TRANSLITERATION[ch] ?? ch)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['\u2019\u02BC`]/g, '')
    .trim()
    .replace(/[^A-Z0-9]+/g, '<');
}

/** `text` cut or filled with '<' to exactly `length` characters (an MRZ field). */
export function pad(text: string, length: number): string {
  return text.length >= length ? text.slice(0, length) : text + '<'.repeat(length - text.length);
}

/** yyyy-mm-dd → YYMMDD (throws on any other shape). */
export function mrzDate(iso: string): string {
  const match = /^[0-9]{2}([0-9]{2})-([0-9]{2})-([0-9]{2})$/.exec(iso);
  if (!match) throw new Error('dates must be yyyy-mm-dd');
  return `${match[1]}${match[2]}${match[3]}`;
}

export interface Td3Data {
  documentCode?: string; // 'P' (default) or e.g. 'PD'
  issuingState: string; // ISO 3166 alpha-3, e.g. 'EGY'
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  birthDate: string; // yyyy-mm-dd
  sex: 'M' | 'F' | '<';
  expiryDate: string; // yyyy-mm-dd
  personalNumber?: string;
}

export function buildTd3(data: Td3Data): [string, string] {
  const code = pad(data.documentCode ?? 'P', 2);
  const names = `${toMrzText(data.surname)}<<${toMrzText(data.givenNames)}`;
  const line1 = pad(`${code}${pad(toMrzText(data.issuingState), 3)}${names}`, 44);
  const docNo = pad(toMrzText(data.documentNumber), 9);
  const birth = mrzDate(data.birthDate);
  const expiry = mrzDate(data.expiryDate);
  const personal = pad(toMrzText(data.personalNumber ?? ''), 14);
  const personalCheck = /^<+$/.test(personal) ? '<' : String(mrzCheckDigit(personal));
  const docPart = `${docNo}${mrzCheckDigit(docNo)}`;
  const birthPart = `${birth}${mrzCheckDigit(birth)}`;
  const expiryPart = `${expiry}${mrzCheckDigit(expiry)}`;
  const composite = mrzCheckDigit(`${docPart}${birthPart}${expiryPart}${personal}${personalCheck}`);
  const line2 = `${docPart}${pad(toMrzText(data.nationality), 3)}${birthPart}${data.sex}${expiryPart}${personal}${personalCheck}${composite}`;
  return [line1, line2];
}

export type MrzIssue =
  | 'format'
  | 'document_number_check'
  | 'birth_date_check'
  | 'expiry_date_check'
  | 'personal_number_check'
  | 'composite_check'
  /** A date that is no calendar day (month 13, 31 April), even when its check digit agrees. */
  | 'birth_date_invalid'
  | 'expiry_date_invalid'
  /** Sex outside M, F and < (unspecified), Doc 9303 Part 4 §4.2.2.2. */
  | 'sex';

export interface Td3Fields {
  documentCode: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD as printed; the century is not in the MRZ. */
  birthDate: string;
  sex: string;
  expiryDate: string;
  personalNumber: string;
}

export interface Td3Result {
  ok: boolean;
  errors: MrzIssue[];
  fields?: Td3Fields;
}

/** An MRZ field as text: fillers become spaces, trimmed. */
export const unfill = (text: string): string => text.replace(/<+/g, ' ').trim();

/**
 * A YYMMDD date as the MRZ prints it is a real calendar day. The century is not in the MRZ; a
 * 29 February is accepted when it exists in either candidate century (1900s or 2000s).
 */
export function isMrzDate(yymmdd: string): boolean {
  const match = /^([0-9]{2})([0-9]{2})([0-9]{2})$/.exec(yymmdd);
  if (!match) return false;
  const [yy, mm, dd] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (mm < 1 || mm > 12 || dd < 1) return false;
  return [1900 + yy, 2000 + yy].some((year) => dd <= new Date(Date.UTC(year, mm, 0)).getUTCDate());
}

export function parseTd3(line1Input: string, line2Input: string): Td3Result {
  const line1 = line1Input.trim().toUpperCase();
  const line2 = line2Input.trim().toUpperCase();
  if (!/^[A-Z0-9<]{44}$/.test(line1) || !/^[A-Z0-9<]{44}$/.test(line2) || line1[0] !== 'P') {
    return { ok: false, errors: ['format'] };
  }
  const errors: MrzIssue[] = [];
  const digitOk = (field: string, check: string): boolean => String(mrzCheckDigit(field)) === check;
  if (!digitOk(line2.slice(0, 9), line2[9]!)) errors.push('document_number_check');
  if (!digitOk(line2.slice(13, 19), line2[19]!)) errors.push('birth_date_check');
  if (!digitOk(line2.slice(21, 27), line2[27]!)) errors.push('expiry_date_check');
  const personal = line2.slice(28, 42);
  const personalCheck = line2[42]!;
  // An empty personal number may carry '<' or '0' as its check digit (Doc 9303 part 4, 4.2.2.2).
  const personalEmpty = /^<+$/.test(personal) && (personalCheck === '<' || personalCheck === '0');
  if (!personalEmpty && !digitOk(personal, personalCheck)) errors.push('personal_number_check');
  const composite = `${line2.slice(0, 10)}${line2.slice(13, 20)}${line2.slice(21, 43)}`;
  if (!digitOk(composite, line2[43]!)) errors.push('composite_check');
  if (!isMrzDate(line2.slice(13, 19))) errors.push('birth_date_invalid');
  if (!isMrzDate(line2.slice(21, 27))) errors.push('expiry_date_invalid');
  if (!/^[MF<]$/.test(line2[20]!)) errors.push('sex');
  const [surname = '', given = ''] = line1.slice(5).split('<<');
  return {
    ok: errors.length === 0,
    errors,
    fields: {
      documentCode: unfill(line1.slice(0, 2)),
      issuingState: unfill(line1.slice(2, 5)),
      surname: unfill(surname),
      givenNames: unfill(line1.slice(5 + surname.length + 2)) || unfill(given),
      documentNumber: unfill(line2.slice(0, 9)),
      nationality: unfill(line2.slice(10, 13)),
      birthDate: line2.slice(13, 19),
      sex: line2[20]!,
      expiryDate: line2.slice(21, 27),
      personalNumber: unfill(personal),
    },
  };
}
