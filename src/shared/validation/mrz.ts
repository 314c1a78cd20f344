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

/** Upper-case, strip accents, anything not A–Z/0–9 becomes the filler '<'. */
export function toMrzText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '<');
}

function pad(text: string, length: number): string {
  return text.length >= length ? text.slice(0, length) : text + '<'.repeat(length - text.length);
}

/** yyyy-mm-dd → YYMMDD */
function mrzDate(iso: string): string {
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
  | 'composite_check';

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

const unfill = (text: string): string => text.replace(/<+/g, ' ').trim();

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
