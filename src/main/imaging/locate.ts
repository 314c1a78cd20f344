/**
 * Finds the expected document in a reduced greyscale copy of a capture (the "look") and decides how
 * to cut it out of the full picture: a plain crop when the outline is an upright rectangle (no
 * resampling for a straight card), a rotation when it is a turned rectangle, a perspective
 * correction when it was photographed at an angle. A portrait outline of a landscape document (a
 * card turned a quarter) comes out landscape. Nothing here decodes the full picture (cut.ts does).
 */
import type { DocumentKind } from '../../shared/domain/documents';
import { documentSides, isLandscape } from './document-kind';
import { findDocument } from './document-finder';
import { distance, quadArea, quadSize, type Quad } from './geometry';
import type { Pixels } from './warp';

/** Longest side of the copy the outline is searched on. */
const FIND_SIDE = 512;
/** A whole image whose proportions are within this of the document's is taken as the document. */
const WHOLE_IMAGE_ASPECT = 0.035;
/**
 * Such an image must also, when its resolution is stated, have a long side within this (log ratio,
 * ±15 %) of the document's in mm: an A4 or A5 page (1:1.414) has a passport page's proportions
 * (125 × 88 mm, 1:1.42; ICAO 9303-4) but is 297 or 210 mm long. A scanner's auto-crop is the
 * document's size give or take its margin.
 */
const WHOLE_IMAGE_SIZE = 0.15;
/**
 * An outline found inside such an image is still the document when the image is then a page of an
 * ISO 216 size of the same proportions (A4, A5: long sides in mm, within PAGE_SIZE_TOLERANCE, log
 * ratio, of the document's long side × image / outline) and at most QUIET_SURROUND of the finder
 * copy's pixels around the outline (QUIET_MARGIN px away or more) show an edge (a step of more than
 * QUIET_STEP grey levels to a neighbour): a passport lying on a whole page, not an inner frame (a
 * passport page's photo, surrounded by print; a card's print inset in a plain margin, 10–20 % in).
 * Measured on the project's capture set: 0.000 around a passport on a whole A4 page, 0.16–0.18
 * around a rendered passport page's photo.
 */
const ISO_PAGE_LONG_MM = [297, 210] as const;
/**
 * Where the picture's resolution is stated, an outline longer than the document's nominal long side
 * × this is not the document: a passport's booklet cover adds 3 mm (2.4 %), a card's rounded
 * corners nothing; a page's frame drawn by a dark lid is 2.4× a passport on A4.
 */
const MAX_STATED_SIZE = 1.25;
const PAGE_SIZE_TOLERANCE = 0.1;
const QUIET_SURROUND = 0.02;
const QUIET_MARGIN = 2;
const QUIET_STEP = 24;
/** Corners this close (share of the diagonal) to an upright rectangle's are cropped, not warped. */
const UPRIGHT_TOLERANCE = 0.004;
/** Opposite sides and diagonals equal within this share: a turned rectangle, no perspective. */
const RECTANGLE_TOLERANCE = 0.006;

export type CutPlan =
  | { kind: 'whole' }
  | { kind: 'crop'; box: Box; quarterTurn: boolean }
  | { kind: 'rotate'; degrees: number; centre: { x: number; y: number }; width: number; height: number }
  | { kind: 'warp' };

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Outline {
  /** Corners TL, TR, BR, BL of the upright document in the look's pixels; null when not found. */
  quad: Quad | null;
  plan: CutPlan;
  /** Rotation that straightens it, degrees clockwise (0 for a crop). */
  deskewDegrees: number;
  /**
   * Set on a picture taken whole although an outline of the document's proportions was found in it
   * (`findOutline`: an inner frame, or a document on a page whose surround is not quiet): that
   * outline, for a second opinion the pixels alone cannot give (pipeline.ts: a passport page's MRZ
   * read on it where none reads on the whole picture).
   */
  alternative?: Outline;
}

/**
 * The whole factor (≥ 1) a `width` × `height` picture is divided by so its longest side is at most
 * `maxSide` pixels, and the size (pixels, each side ≥ 1, rounded down) that gives: `shrinkGrey`'s
 * block size and output, and `finderSize`.
 */
function shrunkSize(
  width: number,
  height: number,
  maxSide: number,
): { factor: number; width: number; height: number } {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  return {
    factor,
    width: Math.max(1, Math.floor(width / factor)),
    height: Math.max(1, Math.floor(height / factor)),
  };
}

/** Greyscale copy whose longest side is at most `maxSide`: block means of a sparse sample grid. */
export function shrinkGrey(image: Pixels, maxSide: number): Pixels {
  const { factor, width, height } = shrunkSize(image.width, image.height, maxSide);
  if (factor === 1 && image.channels === 1) return image;
  const step = Math.max(1, Math.floor(factor / 2));
  const ch = image.channels;
  const grey = new Uint8Array(width * height);
  const src = image.data;
  const stride = image.width * ch;
  // Sums of integer weights: (r·77 + g·150 + b·29) / 256 per pixel, added exactly (every term
  // is a multiple of 1/256 far below 2^53), so one division at the end gives the same bytes as
  // weighing each sample, with a third of the work. The RGB loop is written out: it is the
  // finder's only pass over the full-resolution picture.
  const perRow = Math.ceil(factor / step);
  const n = perRow * perRow;
  const div = ch === 1 ? n : n * 256;
  const rowStep = step * stride;
  for (let y = 0; y < height; y++) {
    const rowStart = y * factor * stride;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let i = rowStart + x * factor * ch;
      for (let dy = 0; dy < factor; dy += step, i += rowStep) {
        let j = i;
        if (ch === 1) {
          for (let dx = 0; dx < factor; dx += step, j += step) sum += src[j]!;
        } else {
          for (let dx = 0; dx < factor; dx += step, j += step * ch)
            sum += src[j]! * 77 + src[j + 1]! * 150 + src[j + 2]! * 29;
        }
      }
      grey[y * width + x] = sum / div;
    }
  }
  return { data: grey, width, height, channels: 1 };
}

/**
 * Share (0..1) of `grey`'s pixels outside `quad` (by QUIET_MARGIN px or more) that show an edge: a
 * step of more than QUIET_STEP grey levels between their left and right or upper and lower
 * neighbours. `quad`: corners in `grey`'s pixels, in order around it (TL, TR, BR, BL). 1 when no
 * pixel lies outside.
 */
function busySurround(grey: Pixels, quad: Quad): number {
  const { data, width, height } = grey;
  const cx = (quad[0].x + quad[1].x + quad[2].x + quad[3].x) / 4;
  const cy = (quad[0].y + quad[1].y + quad[2].y + quad[3].y) / 4;
  // Each side as a unit normal pointing inwards: a pixel is outside when its distance along one of
  // them is below -QUIET_MARGIN.
  const sides = quad.map((p, i) => {
    const q = quad[(i + 1) % 4]!;
    const length = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    let nx = (q.y - p.y) / length;
    let ny = (p.x - q.x) / length;
    if ((cx - p.x) * nx + (cy - p.y) * ny < 0) {
      nx = -nx;
      ny = -ny;
    }
    return { x: p.x, y: p.y, nx, ny };
  });
  let outside = 0;
  let busy = 0;
  // A plain loop over the four sides, not `every` with a closure: this runs for every pixel of the
  // finder's copy (~180 000).
  const isOutside = (x: number, y: number): boolean => {
    for (const s of sides) if ((x - s.x) * s.nx + (y - s.y) * s.ny < -QUIET_MARGIN) return true;
    return false;
  };
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      if (!isOutside(x, y)) continue;
      outside++;
      const i = y * width + x;
      const step = Math.abs(data[i + 1]! - data[i - 1]!) + Math.abs(data[i + width]! - data[i - width]!);
      if (step > QUIET_STEP) busy++;
    }
  }
  return outside === 0 ? 1 : busy / outside;
}

/**
 * True when `quad` (in `grey`'s pixels) is a document `longMm` long lying on the whole page `grey`
 * shows: the page is then an ISO 216 size (ISO_PAGE_LONG_MM) and the outline's surround is quiet.
 */
function isDocumentOnPage(grey: Pixels, quad: Quad, longMm: number): boolean {
  const size = quadSize(quad);
  const pageMm = (longMm * Math.max(grey.width, grey.height)) / Math.max(size.width, size.height, 1);
  return (
    ISO_PAGE_LONG_MM.some((mm) => Math.abs(Math.log(pageMm / mm)) <= PAGE_SIZE_TOLERANCE) &&
    busySurround(grey, quad) <= QUIET_SURROUND
  );
}

/** Orders the corners so the document comes out in its reading orientation (landscape or portrait). */
function orient(quad: Quad, landscape: boolean): Quad {
  const { width, height } = quadSize(quad);
  if (width >= height === landscape) return quad;
  // A quarter turn: the document's top edge is the outline's right edge (turned clockwise).
  return [quad[3], quad[0], quad[1], quad[2]];
}

function uprightBox(quad: Quad): Box | null {
  const xs = quad.map((p) => p.x);
  const ys = quad.map((p) => p.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  const right = Math.max(...xs);
  const bottom = Math.max(...ys);
  const box = [
    { x: left, y: top },
    { x: right, y: top },
    { x: right, y: bottom },
    { x: left, y: bottom },
  ];
  const limit = UPRIGHT_TOLERANCE * Math.hypot(right - left, bottom - top);
  return quad.every((p, i) => distance(p, box[i]!) <= limit)
    ? { left, top, width: right - left, height: bottom - top }
    : null;
}

function isRectangle(q: Quad): boolean {
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= RECTANGLE_TOLERANCE * Math.max(a, b);
  return (
    close(distance(q[0], q[1]), distance(q[3], q[2])) &&
    close(distance(q[0], q[3]), distance(q[1], q[2])) &&
    close(distance(q[0], q[2]), distance(q[1], q[3]))
  );
}

/**
 * Size (pixels) of the copy the outline is searched on for a look of `width` × `height`: what
 * `shrinkGrey(look, FIND_SIDE)` gives. A caller that can have libvips make that copy while the
 * look is still decoding passes it to `findOutline`.
 */
export function finderSize(width: number, height: number): { width: number; height: number } {
  const shrunk = shrunkSize(width, height, FIND_SIDE);
  return { width: shrunk.width, height: shrunk.height };
}

/** What is known of the whole picture beyond its pixels (pipeline.ts). */
export interface PictureFacts {
  /** Its long side in mm, where its file states a resolution worth reading (> 96 dpi); else null. */
  longMm: number | null;
  /**
   * A frame from the document camera: the whole video picture the renderer grabbed
   * (DocumentCamera.svelte), never cropped to a document, whatever its proportions.
   */
  camera: boolean;
}

const UNKNOWN_PICTURE: PictureFacts = { longMm: null, camera: false };

/** The outline of a capture that is not a document of known sides (a selfie): the whole picture. */
const NO_OUTLINE: Outline = { quad: null, plan: { kind: 'whole' }, deskewDegrees: 0 };

/**
 * The document's outline in `look` (grey or RGB) and how to cut it out. A kind without document
 * sides (a selfie) is taken whole, with no pass over its pixels. `picture`: see `findOutline`.
 */
export function locateDocument(
  look: Pixels,
  kind: DocumentKind,
  picture: PictureFacts = UNKNOWN_PICTURE,
): Outline {
  return documentSides(kind) ? findOutline(shrinkGrey(look, FIND_SIDE), look, kind, picture) : NO_OUTLINE;
}

/**
 * The document's outline in a look of `look`'s size, searched on `finder` (grey or RGB, at most
 * FIND_SIDE on its longest side: `finderSize`, made grey here if it is not), and how to cut it out.
 * Corners are in the look's pixels. `picture.longMm`: the whole picture's long side in mm, from
 * the resolution its file states, or null when none is stated; a picture of the document's
 * proportions is taken as the document only when that size is the document's too
 * (WHOLE_IMAGE_SIZE). A camera frame (`picture.camera`) is taken whole only when no outline is
 * found in it: a 16:10 frame (1.6) has an ID-1 card's proportions (1.586).
 */
export function findOutline(
  finder: Pixels,
  look: { width: number; height: number },
  kind: DocumentKind,
  picture: PictureFacts = UNKNOWN_PICTURE,
): Outline {
  const pageLongMm = picture.longMm;
  const sides = documentSides(kind);
  if (!sides) return NO_OUTLINE;
  const aspect = sides.long / sides.short;
  const thumb = shrinkGrey(finder, FIND_SIDE);
  // Where the picture's size in mm is known, an outline far longer than the document (the frame a
  // dark lid or the glass's edge draws around a whole page) is not searched for at all.
  const maxLongSide =
    pageLongMm === null
      ? undefined
      : ((Math.max(thumb.width, thumb.height) * sides.long) / pageLongMm) * MAX_STATED_SIZE;
  const found = findDocument(thumb.data, thumb.width, thumb.height, {
    aspect,
    ...(maxLongSide === undefined ? {} : { maxLongSide }),
  });
  const factor = look.width / thumb.width;
  let quad: Quad | null = found
    ? (found.quad.map((p) => ({ x: p.x * factor, y: p.y * factor })) as Quad)
    : null;
  const ratio = Math.max(look.width, look.height) / Math.min(look.width, look.height);
  const wholeImageFits =
    Math.abs(Math.log(ratio / aspect)) <= WHOLE_IMAGE_ASPECT &&
    (pageLongMm === null || Math.abs(Math.log(pageLongMm / sides.long)) <= WHOLE_IMAGE_SIZE);
  // A capture with exactly the document's proportions (and, where stated, its size) is the document
  // (a scanner's auto-crop, the simulated scanner) unless an outline almost as large was found:
  // inner frames (a photo, the MRZ band) of such an image are not the document; an outline on a
  // quiet surround, of a size that makes the image an A4 or A5 page, is (a passport on a whole A4
  // page whose file states no resolution). A page of
  // the document's proportions but another stated size is not the document: its outline is the
  // one found, or none.
  let alternative: Outline | undefined;
  if (
    quad &&
    found &&
    !picture.camera &&
    wholeImageFits &&
    Math.abs(quadArea(quad)) < 0.75 * look.width * look.height &&
    !isDocumentOnPage(thumb, found.quad, sides.long)
  ) {
    alternative = cutPlan(quad, kind);
    quad = null;
  }
  if (!quad) {
    if (!wholeImageFits) return NO_OUTLINE;
    // The scanner (or the simulated one) already delivered just the document.
    const whole = cutPlan(
      [
        { x: 0, y: 0 },
        { x: look.width, y: 0 },
        { x: look.width, y: look.height },
        { x: 0, y: look.height },
      ],
      kind,
    );
    return alternative ? { ...whole, alternative } : whole;
  }
  return cutPlan(quad, kind);
}

/** How to cut the document whose corners (in the look's pixels, in order around it) are `quad`. */
function cutPlan(quad: Quad, kind: DocumentKind): Outline {
  const upright = uprightBox(quad);
  const turned = orient(quad, isLandscape(kind));
  const quarterTurn = turned !== quad;
  if (upright) {
    return {
      quad: turned,
      plan: { kind: 'crop', box: upright, quarterTurn },
      deskewDegrees: quarterTurn ? 90 : 0,
    };
  }
  const size = quadSize(turned);
  const degrees = (-Math.atan2(turned[1].y - turned[0].y, turned[1].x - turned[0].x) * 180) / Math.PI;
  if (isRectangle(turned)) {
    const centre = {
      x: (turned[0].x + turned[1].x + turned[2].x + turned[3].x) / 4,
      y: (turned[0].y + turned[1].y + turned[2].y + turned[3].y) / 4,
    };
    return {
      quad: turned,
      plan: { kind: 'rotate', degrees, centre, width: size.width, height: size.height },
      deskewDegrees: degrees,
    };
  }
  return { quad: turned, plan: { kind: 'warp' }, deskewDegrees: degrees };
}
