/**
 * Reads a passport page's machine-readable zone on the kiosk (ICAO Doc 9303 Part 4, TD3): the
 * bottom band of the upright page, Tesseract (tesseract.js, English model from the
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
import { isMrzDate, mrzCheckDigit, parseTd3 } from '../../shared/validation/mrz';
import type { MrzReader } from './pipeline';
import { rawInput, type RawImage } from './raw-image';

/** Width the page is brought to before reading: ICAO's 125 mm at 300 dpi. */
const PAGE_WIDTH = 1476;
/** The MRZ band: bottom 24 % of the page (Doc 9303 Part 4: the zone is 23.2 mm of 88 mm). */
const BAND_TOP = 0.74;

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

const fit44 = (line: string): string => (line.length >= 44 ? line.slice(0, 44) : line.padEnd(44, '<'));

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

function repairLine2(line: string): string {
  const doc = repairAlnum(line.slice(0, 9), line[9]!);
  const personal = repairAlnum(line.slice(28, 42), line[42]!);
  return `${doc}${line.slice(9, 28)}${personal}${line.slice(42)}`;
}

/** The two TD3 lines in OCR text, or null: the last two lines that are long enough. */
export function mrzLinesFromText(text: string): [string, string] | null {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, '').toUpperCase())
    .filter((l) => l.length >= 36);
  if (lines.length < 2) return null;
  const [a, b] = lines.slice(-2) as [string, string];
  return [correctLine1(fit44(a)), repairLine2(correct(fit44(b), LINE2))];
}

/** What the lines say, with the flow screen's facts (ISO dates, expiry, national ID agreement). */
export function interpretTd3(lines: [string, string], today: Date, turned: boolean): MrzReading | null {
  const parsed = parseTd3(lines[0], lines[1]);
  if (!parsed.fields) return null;
  const f = parsed.fields;
  const todayIso = cairoDate(today);
  const birthDateIso = isoDate(f.birthDate, 'birth', todayIso);
  const expiryDateIso = isoDate(f.expiryDate, 'expiry', todayIso);
  let nationalId: MrzReading['nationalId'] = 'not_applicable';
  if (f.issuingState === 'EGY') {
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
    format: 'TD3',
    lines: [...lines],
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
    const height = Math.round((page.height * PAGE_WIDTH) / page.width);
    let p = sharp(page.data, rawInput(page)).resize({ width: PAGE_WIDTH, height, fit: 'fill' });
    if (upsideDown)
      p = sharp(await p.rotate(180).raw().toBuffer(), { raw: { width: PAGE_WIDTH, height, channels: 3 } });
    const top = Math.round(height * BAND_TOP);
    return p
      .extract({ left: 0, top, width: PAGE_WIDTH, height: height - top })
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
      const lines = mrzLinesFromText(data.text);
      const reading = lines ? interpretTd3(lines, today, upsideDown) : null;
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
