/**
 * The whole imaging path for one capture: hostile-input checks without decoding (intake.ts) → a
 * reduced "look" (decoded with shrink-on-load where the format allows; a small picture's own colour pixels) → the expected
 * document's outline on it (locate.ts) → quality figures on an upright copy of the document at a
 * fixed physical resolution (sharpness, exposure, glare by zone, dpi from its nominal size) → for
 * passport pages and ID-1 cards, the MRZ read locally (which also turns an upside-down page, and can
 * choose a passport's outline over the whole picture) → the document cut
 * out of the full picture and encoded in one decoding pass (cut.ts). Every source (SANE, eSCL,
 * watched folder, imported file, simulated scanner, camera) goes through here.
 */
import sharp, { type Sharp } from 'sharp';
import type { DocumentKind } from '../../shared/domain/documents';
import type { MrzReading, ProcessedImage } from '../../shared/ipc/devices';
import { cutDocument } from './cut';
import { documentSides } from './document-kind';
import { DOCUMENT_ZONES } from './document-zones';
import { encodeFor, encodePipeline, type EncodedImage } from './encode';
import type { ImageOrigin } from './formats';
import { quadSize } from './geometry';
import { measureGlareWithin } from './glare';
import { decode, DEFAULT_INTAKE_LIMITS, probeImage, type IntakeLimits, type ProbedImage } from './intake';
import { findOutline, finderSize, locateDocument, type Outline, type PictureFacts } from './locate';
import type { EncodeTarget } from './provider-limits';
import { judge, thresholdsFor, type QualityThresholds } from './quality';
import { qualityCopySource } from './quality-copy';
import { copyFigures } from './quality-pass';
import type { QualityIssue } from './quality-types';
import { rawInput, type RawImage } from './raw-image';
import type { Pixels } from './warp';

/** Reads a document's MRZ (mrz-reader.ts: TD1, TD2, TD3); injected so tests and benches can leave OCR out. */
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
  /** MRZ reader for passport pages and ID-1 cards (MRZ_RULE); without it no MRZ is read. */
  readMrz?: MrzReader;
  /**
   * This ID-1 card may carry a TD1 zone (the flow's capture plan says so: `mayCarryMrz`); without
   * it a card's zone is not looked for (two OCR passes saved on every Egyptian national ID).
   */
  cardMrz?: boolean;
  /** The injected clock's "now", for the expiry check. */
  now?: () => Date;
  /**
   * Called as each stage ends ('probe', 'look', 'locate', 'copy', 'figures', 'glare', then 'cut'
   * when an MRZ is read, and 'encode'): the capture bench's per-stage timeline (performance.now
   * between calls, ms). Without an MRZ the encode runs beside copy…glare: its stage is what is left
   * to wait for after them. For a picture too small to shrink on load, 'look' ends with the
   * finder's copy and 'locate' includes the rest of the full decode.
   */
  mark?: (stage: string) => void;
}

/**
 * Which documents carry an ICAO 9303 machine-readable zone the kiosk reads: every passport data
 * page (TD3, Part 4; an ID-2 card, TD2 Part 6, has the same proportions and is read the same way)
 * must have one; an ID-1 card may (TD1, Part 5: residence permits, most national ID cards abroad)
 * or may not (the Egyptian national ID has none), so only a zone found and failing is a warning.
 */
const MRZ_RULE: Partial<Record<DocumentKind, 'required' | 'optional'>> = {
  passport_page: 'required',
  id1_card: 'optional',
};

/** Cameras and many editors write 72 or 96 dpi whatever the picture is: not a measurement. */
const MEANINGLESS_DENSITY = 96;
/**
 * An outline whose size gives less than this share of the scanner's stated dpi is not the document
 * (a scanner's resolution is exact; a printed copy may be a few per cent small, not a third).
 */
const INNER_FRAME_SHARE = 0.75;
/**
 * Largest scan (pixels) decoded whole beside the look: an A4 page at 300 dpi or an A6 page at
 * 600 dpi is ~8.7 MP (26 MB of RGB); an A4 page at 600 dpi (35 MP) is cut from the file instead.
 */
const PREDECODE_MAX_PIXELS = 12_000_000;
/** Smallest longest side of the look (the reduced copy the document is found and measured on). */
const LOOK_MIN_SIDE = 800;

/** A pipeline's output as 8-bit RGB pixels in memory; a decoding failure is `image_unreadable`. */
const toRaw = (pipeline: Sharp): Promise<RawImage> =>
  decode(async () => {
    const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: 3 as const };
  });

async function turn180(image: RawImage): Promise<RawImage> {
  const { data, info } = await sharp(image.data, rawInput(image))
    .rotate(180)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

export async function processImage(bytes: Uint8Array, options: ProcessOptions): Promise<ProcessedImage> {
  const limits = options.limits ?? DEFAULT_INTAKE_LIMITS;
  const mark = options.mark ?? ((): void => {});
  const probed = await probeImage(bytes, options.origin, limits);
  mark('probe');
  const kind: DocumentKind = options.document === false ? 'selfie' : (options.kind ?? 'id1_card');
  const sides = documentSides(kind);

  // The look is decoded at 1/2, 1/4 or 1/8 where that leaves at least LOOK_MIN_SIDE pixels: JPEG
  // decodes that much smaller for a fraction of the cost (shrink-on-load). A picture too small to
  // shrink is decoded once in full, in colour (its outline searched meanwhile on a ~512 px copy),
  // and the look is those very pixels: the quality copy is made grey as it is sampled (no
  // full-resolution grey pass), and the output is encoded from the same buffer.
  const long = Math.max(probed.width, probed.height);
  let shrink = 1;
  while (shrink < 8 && long / (shrink * 2) >= LOOK_MIN_SIDE) shrink *= 2;
  let source = probed;
  // The picture's long side in mm where its file states a resolution: only to tell a page of the
  // document's proportions (A4 against a passport page) from the document itself, and to leave out
  // outlines far longer than the document (a page's frame; locate.ts). A file may state anything
  // here: a false size can keep an outline the finder found with the document's own proportions,
  // take the whole picture as before, or (a resolution stated far too low) leave the document out
  // of the search: "no document found", or a smaller outline whose measured dpi is then far too low
  // ("low resolution"); a warning a person sees either way.
  const pageLongMm =
    options.origin !== 'camera' && probed.density !== null && probed.density > MEANINGLESS_DENSITY
      ? (long / probed.density) * 25.4
      : null;
  const picture: PictureFacts = { longMm: pageLongMm, camera: options.origin === 'camera' };
  // A flatbed scan's document fills most of the scan (the scan plan asks the scanner for the
  // document's own area), so its cut reads most of the full-resolution pixels anyway. They are
  // decoded now, beside the look's shrunk decode and the outline's search (two libjpeg decodes on
  // two cores), instead of after the outline: a 600 dpi A6 page turned a quarter waited ~80 ms
  // for that decode after `locate` (issue 11). Not for camera frames, whose document is often a
  // small part of 12 MP (a bounding box is decoded then), nor past PREDECODE_MAX_PIXELS (memory).
  const predecoded =
    shrink > 1 && options.origin === 'scanner' && probed.width * probed.height <= PREDECODE_MAX_PIXELS
      ? toRaw(probed.open())
      : null;
  // Its failure is the look's failure too (same file); awaited where the cut needs it.
  predecoded?.catch(() => {});
  let look: Pixels;
  let outline: Outline | null = null;
  if (shrink === 1) {
    const decoding = toRaw(probed.open());
    const finder = finderSize(probed.width, probed.height);
    // A selfie has no outline to search (locateDocument takes it whole): no copy for it.
    if (sides && finder.width < probed.width) {
      // The outline's search needs only a ~512 px copy: libvips makes it from the file (shrunk on
      // load) on a second core while the full picture decodes, and the search runs meanwhile.
      // In series, the decode, the copy's JS pass over every pixel and the search were ~12 + 3 + 6
      // ms of a 300 dpi card scan (issue 11).
      decoding.catch(() => {});
      const small = await toRaw(probed.open().resize({ ...finder, fit: 'fill' }));
      mark('look');
      outline = findOutline(small, probed, kind, picture);
    }
    const rgb = await decoding;
    look = rgb;
    source = { ...probed, open: () => sharp(rgb.data, rawInput(rgb)), inMemory: true };
  } else {
    // Colour, made grey in JS as it is read (the finder's copy, the quality pass): sharp's
    // greyscale() is applied before the resize, over every decoded pixel (20 ms of a 40 ms
    // look of a 600 dpi A6 scan).
    look = await toRaw(
      probed.open().resize({
        width: Math.max(1, Math.round(probed.width / shrink)),
        height: Math.max(1, Math.round(probed.height / shrink)),
        fit: 'fill',
      }),
    );
  }
  if (!outline) {
    mark('look');
    outline = locateDocument(look, kind, picture);
  }
  // With a libvips finder copy, this stage also waits for the full picture's decode.
  mark('locate');
  // Full-resolution pixels per look pixel (the look may round its size).
  const scale = probed.width / look.width;
  // Only a scan the kiosk itself asked a scanner for states a resolution worth believing; a file's
  // density is whatever its author wrote (a hostile 1200 must not throw away the measured card).
  const statedDpi =
    options.origin === 'scanner' && probed.density !== null && probed.density > MEANINGLESS_DENSITY
      ? probed.density
      : null;
  // A scanner states its resolution. An outline that would put the document at far fewer dots per
  // inch is smaller than the document can be: an inner frame (the photo of a page printed on white
  // paper, whose own edges do not show), not the document. Judged by it, a good scan got "retake:
  // low resolution" and was cut down to the photo; the whole scan is kept instead.
  const innerFrame = (quad: Outline['quad']): boolean => {
    if (!quad || !sides || statedDpi === null) return false;
    const long = Math.max(quadSize(quad).width, quadSize(quad).height) * (probed.width / look.width);
    return long / (sides.long / 25.4) < INNER_FRAME_SHARE * statedDpi;
  };
  if (innerFrame(outline.quad)) outline = { quad: null, plan: { kind: 'whole' }, deskewDegrees: 0 };
  if (outline.alternative && innerFrame(outline.alternative.quad)) {
    const { quad, plan, deskewDegrees } = outline;
    outline = { quad, plan, deskewDegrees };
  }
  const located: Outline = outline;
  /** The outline the output is cut by: the located one, or its alternative where the MRZ says so. */
  let chosen = located;
  /**
   * The quality figures and verdict of the document `o` outlines (the whole picture when its quad is
   * null): sharpness, exposure and glare by zone on an upright copy at a fixed physical resolution,
   * the dpi from the document's nominal size. `stages`: report 'copy', 'figures', 'glare' to `mark`.
   */
  const assess = async (o: Outline, stages: boolean) => {
    const found = o.quad !== null;
    const copySource = await qualityCopySource(look, o, found && sides ? sides.long : null);
    if (stages) mark('copy');
    const copy = copyFigures(copySource);
    if (stages) mark('figures');
    const glare = measureGlareWithin(
      copy.grey,
      copy.width,
      copy.height,
      DOCUMENT_ZONES[kind],
      copy.figures.median,
      copy.saturated,
    );
    if (stages) mark('glare');
    let dpi: number | null = null;
    let dpiSource: ProcessedImage['quality']['figures']['dpiSource'] = 'none';
    if (o.quad && sides) {
      // Whatever its proportions on the picture, the document has its nominal size.
      const size = quadSize(o.quad);
      dpi = Math.round((Math.max(size.width, size.height) * scale) / (sides.long / 25.4));
      dpiSource = 'card';
    } else if (probed.density !== null && probed.density > MEANINGLESS_DENSITY) {
      dpi = Math.round(probed.density);
      dpiSource = 'metadata';
    }
    const verdict = judge(
      { figures: copy.figures, glare, dpi, cardFound: found || kind === 'selfie' },
      options.thresholds ?? thresholdsFor(kind),
    );
    return { cardFound: found, figures: copy.figures, glare, dpi, dpiSource, verdict };
  };
  /** The picture the cut reads: the predecoded pixels where there are some (random access in memory). */
  const cutSource = async (): Promise<ProbedImage> => {
    if (!predecoded) return source;
    const rgb = await predecoded;
    return { ...probed, open: () => sharp(rgb.data, rawInput(rgb)), inMemory: true };
  };

  const target = options.target ?? 'archive';
  const encodeOptions = { preferPng: options.preferPng ?? false };
  const mrzRule = kind === 'id1_card' && !options.cardMrz ? undefined : MRZ_RULE[kind];
  const readsMrz = mrzRule !== undefined && options.readMrz !== undefined;
  // Without an MRZ to read, the output depends on the outline alone: the cut and its encode start
  // now on libuv's threads (libvips) and run while this thread measures the quality copy, instead
  // of after it (issue 11: the encode and the JS analysis were in series, ~10 + ~12 ms on a card).
  // Its failure is awaited below; the no-op catch only keeps it from being "unhandled" meanwhile.
  const encoding = readsMrz
    ? null
    : (async (): Promise<{ encoded: EncodedImage; size: { width: number; height: number } }> => {
        const cut = await cutDocument(await cutSource(), located.plan, located.quad, scale);
        if ('raw' in cut) return { encoded: await encodeFor(cut.raw, target, encodeOptions), size: cut.raw };
        const encoded = await decode(() => encodePipeline(cut.open, target, encodeOptions));
        return { encoded, size: encoded };
      })();
  encoding?.catch(() => {});

  let assessed = await assess(located, true);

  let mrz: MrzReading | null = null;
  let encoded: EncodedImage;
  let size: { width: number; height: number };
  if (encoding) {
    ({ encoded, size } = await encoding);
  } else {
    // The reader needs the document's pixels; they are then encoded from memory.
    const full = await cutSource();
    const pageOf = async (o: Outline): Promise<RawImage> => {
      const cut = await cutDocument(full, o.plan, o.quad, scale);
      return 'raw' in cut ? cut.raw : toRaw(cut.open());
    };
    let page = await pageOf(located);
    mark('cut');
    const today = options.now?.() ?? new Date();
    mrz = await options.readMrz!(page, today);
    if (!mrz?.valid && mrzRule === 'required' && located.alternative) {
      // Taken whole though a passport-shaped outline was found in it (locate.ts): an inner frame,
      // or the passport on a page whose surround is busy (a textured lid, dust, a second paper).
      // A page whose zone reads nowhere on the whole picture but reads on that outline is that
      // passport: it is cut out and judged instead (the zone reads only where the band is whole).
      const alternative = located.alternative;
      const other = await pageOf(alternative);
      const reading = await options.readMrz!(other, today);
      if (reading?.valid) {
        chosen = alternative;
        page = other;
        mrz = reading;
        assessed = await assess(alternative, false);
      }
    }
    if (!mrz?.valid && located.quad && mrzRule === 'required') {
      // The outline found may be an inner frame (the photo) or miss the zone: a page printed on
      // white paper has no edge where its MRZ band is white. The zone is then looked for in the
      // whole capture, which the reader brings to the page's width (a scan is mostly the page).
      const whole = await options.readMrz!(await toRaw(full.open()), today);
      if (whole?.valid || !mrz) mrz = whole;
    }
    if (mrz?.turned) page = await turn180(page);
    const extra: QualityIssue[] = [];
    // A card without a zone (the Egyptian national ID) is no fault; a zone that fails its checks is.
    if (mrzRule === 'required' ? !mrz?.valid : mrz !== null && !mrz.valid)
      extra.push({ reason: 'mrz_unreadable', severity: 'warn' });
    if (mrz?.expired) extra.push({ reason: 'expired', severity: 'warn' });
    assessed.verdict.issues.push(...extra);
    if (extra.length > 0 && assessed.verdict.verdict === 'ok') assessed.verdict.verdict = 'warn';
    encoded = await encodeFor(page, target, encodeOptions);
    size = page;
  }

  mark('encode');
  const round = (n: number, digits = 4): number => Number(n.toFixed(digits));
  const { verdict, figures, glare, dpi, dpiSource, cardFound } = assessed;
  const corners = chosen.quad?.map((p) => ({ x: round(p.x * scale, 1), y: round(p.y * scale, 1) }));
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
        width: size.width,
        height: size.height,
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
        deskewDegrees: round(chosen.deskewDegrees, 2),
        documentCorners: corners ?? null,
      },
      ...(mrzRule === 'required' || (mrzRule && options.readMrz) ? { mrz } : {}),
    },
  };
}
