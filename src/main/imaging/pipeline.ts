/**
 * The whole imaging path for one capture: hostile-input intake (decode once, oriented) → locate the
 * expected document (outline, perspective, quarter turns) → quality figures on a small copy of it
 * (sharpness, exposure, glare by zone, dpi from its physical size) → for passport pages, the MRZ
 * read locally (which also turns an upside-down page) → encode for the target. Every source (SANE,
 * eSCL, watched folder, imported file, simulated scanner, camera) goes through here.
 */
import sharp from 'sharp';
import type { DocumentKind } from '../../shared/domain/documents';
import type { MrzReading, ProcessedImage } from '../../shared/ipc/devices';
import { documentSides } from './document-kind';
import { DOCUMENT_ZONES } from './document-zones';
import { encodeFor } from './encode';
import type { ImageOrigin } from './formats';
import { measureGlare } from './glare';
import { DEFAULT_INTAKE_LIMITS, intakeImage, type IntakeLimits } from './intake';
import { locateDocument } from './locate';
import type { EncodeTarget } from './provider-limits';
import {
  DEFAULT_THRESHOLDS,
  judge,
  measurePixels,
  QUALITY_DPI,
  QUALITY_MAX_SIDE,
  type QualityThresholds,
} from './quality';
import type { QualityIssue } from './quality-types';
import { rawInput, type RawImage } from './raw-image';

/** Reads a passport page's MRZ (mrz-reader.ts); injected so tests and benches can leave OCR out. */
export type MrzReader = (page: RawImage, today: Date) => Promise<MrzReading | null>;

export interface ProcessOptions {
  origin: ImageOrigin;
  /** Provider whose limits the output must fit; 'archive' (the default) is what the kiosk stores. */
  target?: EncodeTarget;
  preferPng?: boolean;
  /** The document expected in the picture (documents.ts); default an ID-1 card. */
  kind?: DocumentKind;
  /** False for pictures that are not of a document (a selfie): same as kind 'selfie'. */
  document?: boolean;
  limits?: IntakeLimits;
  thresholds?: QualityThresholds;
  /** MRZ reader for passport pages; without it no MRZ is read. */
  readMrz?: MrzReader;
  /** The injected clock's "now", for the expiry check. */
  now?: () => Date;
}

/** Cameras and many editors write 72 or 96 dpi whatever the picture is: not a measurement. */
const MEANINGLESS_DENSITY = 96;

async function qualityCopy(
  image: RawImage,
  docLongMm: number | null,
): Promise<{ grey: Uint8Array; width: number; height: number }> {
  const long = Math.max(image.width, image.height);
  const wanted = docLongMm ? Math.round((docLongMm / 25.4) * QUALITY_DPI) : QUALITY_MAX_SIDE;
  const side = Math.min(long, wanted, QUALITY_MAX_SIDE);
  const scale = side / long;
  const { data, info } = await sharp(image.data, rawInput(image))
    .resize({
      width: Math.max(1, Math.round(image.width * scale)),
      height: Math.max(1, Math.round(image.height * scale)),
      fit: 'fill',
    })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { grey: data, width: info.width, height: info.height };
}

async function turn180(image: RawImage): Promise<RawImage> {
  const { data, info } = await sharp(image.data, rawInput(image))
    .rotate(180)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

export async function processImage(bytes: Uint8Array, options: ProcessOptions): Promise<ProcessedImage> {
  const intake = await intakeImage(bytes, options.origin, options.limits ?? DEFAULT_INTAKE_LIMITS);
  const kind: DocumentKind = options.document === false ? 'selfie' : (options.kind ?? 'id1_card');
  const sides = documentSides(kind);
  const located = await locateDocument(intake.image, kind);
  let image = located.image;
  const cardFound = located.corners !== null;

  let mrz: MrzReading | null = null;
  if (kind === 'passport_page' && options.readMrz && cardFound) {
    mrz = await options.readMrz(image, options.now?.() ?? new Date());
    if (mrz?.turned) image = await turn180(image);
  }

  const copy = await qualityCopy(image, cardFound && sides ? sides.long : null);
  const figures = measurePixels(copy.grey, copy.width, copy.height);
  const glare = measureGlare(copy.grey, copy.width, copy.height, DOCUMENT_ZONES[kind], figures.median);

  let dpi: number | null = null;
  let dpiSource: ProcessedImage['quality']['figures']['dpiSource'] = 'none';
  if (located.longSidePx !== null && sides) {
    // Whatever its proportions on the picture, the document has its nominal size.
    dpi = Math.round(located.longSidePx / intake.scale / (sides.long / 25.4));
    dpiSource = 'card';
  } else if (intake.density !== null && intake.density > MEANINGLESS_DENSITY) {
    dpi = Math.round(intake.density);
    dpiSource = 'metadata';
  }
  const verdict = judge(
    { figures, glare, dpi, cardFound: cardFound || kind === 'selfie' },
    options.thresholds ?? DEFAULT_THRESHOLDS,
  );
  if (kind === 'passport_page' && options.readMrz && cardFound) {
    const extra: QualityIssue[] = [];
    if (!mrz || !mrz.valid) extra.push({ reason: 'mrz_unreadable', severity: 'warn' });
    if (mrz?.expired) extra.push({ reason: 'expired', severity: 'warn' });
    verdict.issues.push(...extra);
    if (extra.length > 0 && verdict.verdict === 'ok') verdict.verdict = 'warn';
  }
  const encoded = await encodeFor(image, options.target ?? 'archive', {
    preferPng: options.preferPng ?? false,
  });
  const round = (n: number, digits = 4): number => Number(n.toFixed(digits));
  const corners = located.corners?.map((p) => ({
    x: round(p.x / intake.scale, 1),
    y: round(p.y / intake.scale, 1),
  }));
  const zones = Object.fromEntries(Object.entries(glare.zones).map(([k, v]) => [k, round(v)]));
  return {
    bytes: encoded.bytes,
    mime: encoded.mime,
    width: encoded.width,
    height: encoded.height,
    sha256: encoded.sha256,
    quality: {
      ...verdict,
      figures: {
        width: image.width,
        height: image.height,
        dpi,
        dpiSource,
        blur: round(figures.blur, 1),
        brightness: round(figures.brightness, 1),
        glareFraction: round(glare.fraction),
        glareZones: zones,
        inkLevel: figures.inkLevel,
        paperLevel: figures.paperLevel,
        darkFraction: round(figures.darkFraction),
        cardFound,
        deskewDegrees: round(located.deskewDegrees, 2),
        documentCorners: corners ?? null,
      },
      ...(kind === 'passport_page' ? { mrz } : {}),
    },
  };
}
