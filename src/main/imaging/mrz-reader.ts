/**
 * Reads a document's machine-readable zone on the kiosk (ICAO Doc 9303: Part 4 TD3 passports,
 * Part 5 TD1 and Part 6 TD2 cards, told apart by line length): the bottom band of the upright page, Tesseract (tesseract.js, English model from the
 * @tesseract.js-data/eng package, offline) restricted to A–Z 0–9 <, then each character corrected
 * for the field it stands in (a digit field's O is a 0, a name's 0 is an O…), and the result
 * validated with the check digits, dates and codes of mrz.ts. A page with no readable MRZ at the
 * bottom is tried upside down, which tells the pipeline to turn it.
 *
 * The OCR worker starts on the first read (about half a second) and is reused: create one reader
 * per process and close it on shutdown.
 */
import sharp from 'sharp';
import type { MrzReading } from '../../shared/ipc/devices';
import { cairoDate, validateNationalId } from '../../shared/validation/egyptian-national-id';
import { isMrzDate, mrzCheckDigit, parseTd3, type Td3Result } from '../../shared/validation/mrz';
import { parseTd1, parseTd2 } from '../../shared/validation/mrz-id-cards';
import type { MrzReader } from './pipeline';
import { rawInput, type RawImage } from './raw-image';

/** Width the page is brought to before reading: ICAO's 125 mm at 300 dpi. */
const PAGE_WIDTH = 1476;
/** An ID-1 card's width at 300 dpi (85.6 mm). */
const CARD_WIDTH = 1011;
/** The MRZ band: bottom 26 % of a page (Doc 9303 Part 4: the zone is 23.2 mm of 88 mm). */
const BAND_TOP = 0.74;
/** On an ID-1 card (TD1, Part 5: 3 lines in the bottom 17.9 mm of 54 mm) the bottom 40 %. */
const BAND_TOP_TD1 = 0.6;
/** Long/short ratios above this are ID-1 cards (1.586); pages (TD3 1.42, TD2 1.42) are below. */
const ID1_RATIO = 1.5;

type Field = 'digit' | 'alpha' | 'alnum' | 'sex' | 'any';

const TO_DIGIT: Readonly<Record<string, string>> = {
  O: '0',
  Q: '0',
  D: '0',
  U: '0',
  I: '1',
  L: '1',
  T: '7',
  Z: '2',
  S: '5',
  B: '8',
  G: '6',
  A: '4',
};
const TO_ALPHA: Readonly<Record<string, string>> = {
  '0': 'O',
  '1': 'I',
  '2': 'Z',
  '5': 'S',
  '8': 'B',
  '6': 'G',
  '7': 'T',
  '4': 'A',
};

/** Field type of each position of TD3 line 2 (Doc 9303 Part 4 §4.2.2). */
const LINE2: Field[] = [
  ...Array<Field>(9).fill('alnum'),
  'digit',
  ...Array<Field>(3).fill('alpha'),
  ...Array<Field>(7).fill('digit'),
  'sex',
  ...Array<Field>(7).fill('digit'),
  ...Array<Field>(14).fill('alnum'),
  'any',
  'digit',
];

function correct(line: string, fields: readonly Field[]): string {
  return [...line]
    .map((ch, i) => {
      const field = fields[i] ?? 'any';
      if (ch === '<') return ch;
      if (field === 'digit') return TO_DIGIT[ch] ?? ch;
      if (field === 'alpha') return TO_ALPHA[ch] ?? ch;
      if (field === 'sex') return ch === 'N' || ch === 'H' ? 'M' : ch === 'E' || ch === 'P' ? 'F' : ch;
      return ch;
    })
    .join('');
}

/** Line 1: document code, issuing state and names are letters or fillers only. */
const correctLine1 = (line: string): string =>
  correct(line, Array<Field>(44).fill('alpha')).replace(/^P[^A-Z<]/, (m) => `P${TO_ALPHA[m[1]!] ?? '<'}`);

const fit = (line: string, length: number): string =>
  line.length >= length ? line.slice(0, length) : line.padEnd(length, '<');

const fields = (...runs: [number, Field][]): Field[] => runs.flatMap(([n, f]) => Array<Field>(n).fill(f));

/** TD1 (Part 5 §4.2.2): line 1 code, state, number, check, optional; line 2 dates, sex, nationality. */
const TD1_LINE1 = fields([5, 'alpha'], [9, 'alnum'], [1, 'any'], [15, 'any']);
const TD1_LINE2 = fields([7, 'digit'], [1, 'sex'], [7, 'digit'], [3, 'alpha'], [11, 'any'], [1, 'digit']);
/** TD2 (Part 6 §4.2.2): line 2 number, check, nationality, dates, sex, optional, composite. */
const TD2_LINE2 = fields([9, 'alnum'], [1, 'any'], [3, 'alpha'], [7, 'digit'], [1, 'sex'], [7, 'digit']);

/** yymmdd → ISO, choosing the century: birth dates in the past, expiry dates from 2000. */
function isoDate(yymmdd: string, kind: 'birth' | 'expiry', today: string): string | null {
  if (!isMrzDate(yymmdd)) return null;
  const yy = yymmdd.slice(0, 2);
  const rest = `${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  if (kind === 'expiry') return `20${yy}-${rest}`;
  const recent = `20${yy}-${rest}`;
  return recent <= today ? recent : `19${yy}-${rest}`;
}

const SWAP: Readonly<Record<string, string>> = {
  O: '0',
  '0': 'O',
  I: '1',
  '1': 'I',
  S: '5',
  '5': 'S',
  B: '8',
  '8': 'B',
  Z: '2',
  '2': 'Z',
  G: '6',
  '6': 'G',
};

/**
 * A letter-or-digit field (document number, personal number) whose check digit fails: try the
 * usual confusions at each ambiguous position until the check digit agrees (at most 2^8 tries).
 */
function repairAlnum(field: string, check: string): string {
  if (!/^[0-9]$/.test(check) || String(mrzCheckDigit(field)) === check) return field;
  const ambiguous = [...field]
    .map((ch, i) => (SWAP[ch] ? i : -1))
    .filter((i) => i >= 0)
    .slice(0, 8);
  for (let mask = 1; mask < 1 << ambiguous.length; mask++) {
    const chars = [...field];
    ambiguous.forEach((pos, bit) => {
      if (mask & (1 << bit)) chars[pos] = SWAP[chars[pos]!]!;
    });
    const candidate = chars.join('');
    if (String(mrzCheckDigit(candidate)) === check) return candidate;
  }
  return field;
}

/**
 * Optional data is guarded only by the composite check digit, which any of many swaps can satisfy:
 * the fewest swaps that make it agree are taken only when exactly one such candidate exists.
 */
function repairByComposite(
  text: string,
  positions: number[],
  agrees: (candidate: string) => boolean,
): string {
  if (agrees(text)) return text;
  const ambiguous = positions.filter((i) => SWAP[text[i]!]).slice(0, 8);
  for (let flips = 1; flips <= Math.min(2, ambiguous.length); flips++) {
    const found: string[] = [];
    for (let mask = 1; mask < 1 << ambiguous.length; mask++) {
      let bits = 0;
      for (let m = mask; m; m >>= 1) bits += m & 1;
      if (bits !== flips) continue;
      const chars = [...text];
      ambiguous.forEach((pos, bit) => {
        if (mask & (1 << bit)) chars[pos] = SWAP[chars[pos]!]!;
      });
      const candidate = chars.join('');
      if (agrees(candidate)) found.push(candidate);
    }
    if (found.length === 1) return found[0]!;
    if (found.length > 1) return text;
  }
  return text;
}

const digitOf = (field: string): string => String(mrzCheckDigit(field));
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

function repairLine2(line: string): string {
  // TD3 line 2: document number 1–9 (check 10), personal number 29–42 (check 43).
  const doc = repairAlnum(line.slice(0, 9), line[9]!);
  const personal = repairAlnum(line.slice(28, 42), line[42]!);
  return `${doc}${line.slice(9, 28)}${personal}${line.slice(42)}`;
}

/** A zone read from OCR text, in the format its line lengths tell. */
export interface MrzLines {
  format: 'TD1' | 'TD2' | 'TD3';
  lines: string[];
}

/**
 * The zone in OCR text, or null: the last three lines of about 30 characters (TD1), else the last
 * two of about 36 (TD2) or of 44 (TD3), each corrected for the type of field at each position.
 */
export function mrzZoneFromText(text: string): MrzLines | null {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, '').toUpperCase())
    .filter((l) => l.length >= 26);
  const near = (l: string, n: number): boolean => Math.abs(l.length - n) <= 3;
  const last3 = lines.slice(-3);
  if (last3.length === 3 && last3.every((l) => near(l, 30))) {
    const [a, b, c] = last3.map((l) => fit(l, 30)) as [string, string, string];
    const l1 = correct(a, TD1_LINE1);
    // Lines 1 and 2 side by side: the composite digit (60th) covers 6–30 of one and parts of two.
    const both = repairByComposite(
      `${l1.slice(0, 5)}${repairAlnum(l1.slice(5, 14), l1[14]!)}${l1.slice(14)}${correct(b, TD1_LINE2)}`,
      [...range(15, 30), ...range(48, 59)],
      (t) => digitOf(`${t.slice(5, 30)}${t.slice(30, 37)}${t.slice(38, 45)}${t.slice(48, 59)}`) === t[59],
    );
    return { format: 'TD1', lines: [both.slice(0, 30), both.slice(30), correct(c, fields([30, 'alpha']))] };
  }
  const last2 = lines.slice(-2);
  if (last2.length < 2) return null;
  if (last2.every((l) => near(l, 36))) {
    const [a, b] = last2.map((l) => fit(l, 36)) as [string, string];
    const l2 = correct(b, TD2_LINE2);
    const line2 = repairByComposite(
      `${repairAlnum(l2.slice(0, 9), l2[9]!)}${l2.slice(9)}`,
      range(28, 35),
      (t) => digitOf(`${t.slice(0, 10)}${t.slice(13, 20)}${t.slice(21, 35)}`) === t[35],
    );
    return { format: 'TD2', lines: [correct(a, fields([36, 'alpha'])), line2] };
  }
  if (!last2.every((l) => l.length >= 36)) return null;
  const [a, b] = last2 as [string, string];
  return { format: 'TD3', lines: [correctLine1(fit(a, 44)), repairLine2(correct(fit(b, 44), LINE2))] };
}

/** The two TD3 lines in OCR text, or null (see mrzZoneFromText). */
export function mrzLinesFromText(text: string): [string, string] | null {
  const zone = mrzZoneFromText(text);
  return zone?.format === 'TD3' ? (zone.lines as [string, string]) : null;
}

/** What the TD3 lines say (see interpretMrz). */
export function interpretTd3(lines: [string, string], today: Date, turned: boolean): MrzReading | null {
  return interpretMrz({ format: 'TD3', lines }, today, turned);
}

function parseZone(zone: MrzLines): Td3Result {
  const [a = '', b = '', c = ''] = zone.lines;
  if (zone.format === 'TD1') return parseTd1(a, b, c);
  return zone.format === 'TD2' ? parseTd2(a, b) : parseTd3(a, b);
}

/**
 * What a zone says, with the flow screen's facts: ISO dates, expiry, and for a TD3 passport of
 * Egypt whether its personal number is a national ID number agreeing with the zone; null when the
 * lines do not even have the format's shape.
 */
export function interpretMrz(zone: MrzLines, today: Date, turned: boolean): MrzReading | null {
  const parsed = parseZone(zone);
  if (!parsed.fields) return null;
  const f = parsed.fields;
  const todayIso = cairoDate(today);
  const birthDateIso = isoDate(f.birthDate, 'birth', todayIso);
  const expiryDateIso = isoDate(f.expiryDate, 'expiry', todayIso);
  let nationalId: MrzReading['nationalId'] = 'not_applicable';
  if (zone.format === 'TD3' && f.issuingState === 'EGY') {
    const digits = f.personalNumber.replace(/\s+/g, '');
    if (!digits) nationalId = 'absent';
    else {
      const id = validateNationalId(digits, today);
      if (!id.ok || !id.facts) nationalId = 'invalid';
      else {
        const sexAgrees = f.sex === '<' || (f.sex === 'M') === (id.facts.gender === 'male');
        nationalId = id.facts.birthDate === birthDateIso && sexAgrees ? 'consistent' : 'inconsistent';
      }
    }
  }
  return {
    format: zone.format,
    lines: [...zone.lines],
    valid: parsed.ok,
    errors: parsed.errors,
    fields: { ...f, birthDateIso, expiryDateIso },
    expired: expiryDateIso !== null && expiryDateIso < todayIso,
    nationalId,
    turned,
  };
}

interface OcrWorker {
  recognize(image: Buffer): Promise<{ data: { text: string } }>;
  terminate(): Promise<unknown>;
}

export interface LocalMrzReader {
  read: MrzReader;
  /** Stops the OCR worker (if it was started). */
  close(): Promise<void>;
}

/** One reader per process: the worker starts lazily on the first read and is reused. */
export function createMrzReader(): LocalMrzReader {
  let worker: Promise<OcrWorker> | null = null;
  const start = async (): Promise<OcrWorker> => {
    const { createWorker, OEM, PSM } = await import('tesseract.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const eng = require('@tesseract.js-data/eng') as { langPath: string; gzip: boolean };
    const w = await createWorker('eng', OEM.LSTM_ONLY, {
      langPath: eng.langPath,
      gzip: eng.gzip,
      cacheMethod: 'none',
    });
    await w.setParameters({
      tessedit_char_whitelist: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<',
      tessedit_pageseg_mode: PSM.SINGLE_BLOCK,
      user_defined_dpi: '300',
    });
    return w;
  };
  const band = async (page: RawImage, upsideDown: boolean): Promise<Buffer> => {
    const card = page.width / page.height > ID1_RATIO;
    const width = card ? CARD_WIDTH : PAGE_WIDTH;
    const height = Math.round((page.height * width) / page.width);
    let p = sharp(page.data, rawInput(page)).resize({ width, height, fit: 'fill' });
    if (upsideDown) p = sharp(await p.rotate(180).raw().toBuffer(), { raw: { width, height, channels: 3 } });
    const top = Math.round(height * (card ? BAND_TOP_TD1 : BAND_TOP));
    return p
      .extract({ left: 0, top, width, height: height - top })
      .greyscale()
      .normalise()
      .png()
      .toBuffer();
  };
  const read: MrzReader = async (page, today) => {
    worker ??= start();
    const w = await worker;
    let fallback: MrzReading | null = null;
    for (const upsideDown of [false, true]) {
      const { data } = await w.recognize(await band(page, upsideDown));
      const zone = mrzZoneFromText(data.text);
      const reading = zone ? interpretMrz(zone, today, upsideDown) : null;
      if (reading?.valid) return reading;
      fallback ??= reading;
    }
    return fallback;
  };
  return {
    read,
    async close() {
      if (worker) await (await worker).terminate();
      worker = null;
    },
  };
}
