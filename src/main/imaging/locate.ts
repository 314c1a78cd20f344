/**
 * Finds the expected document in a decoded capture and cuts it out upright: a small greyscale copy
 * for the finder (document-finder.ts), then, at full resolution, a plain crop when the outline is an
 * upright rectangle (no resampling for a straight card) or a perspective correction when it is
 * tilted or photographed at an angle. A portrait outline of a landscape document (a card turned a
 * quarter) comes out landscape.
 */
import sharp from 'sharp';
import type { DocumentKind } from '../../shared/domain/documents';
import { documentSides, isLandscape } from './document-kind';
import { findDocument } from './document-finder';
import { distance, quadArea, quadSize, scaleQuad, type Quad } from './geometry';
import { rawInput, type RawImage } from './raw-image';
import { warpQuad } from './warp';

/** Longest side of the copy the outline is searched on. */
const FIND_SIDE = 512;
/** A whole image whose proportions are within this of the document's is taken as the document. */
const WHOLE_IMAGE_ASPECT = 0.035;
/** Corners this close (share of the diagonal) to an upright rectangle's are cropped, not warped. */
const UPRIGHT_TOLERANCE = 0.004;

export interface Located {
  /** The document's pixels, upright (or the whole image when no document was found). */
  image: RawImage;
  /** Its corners in the decoded image's pixels (TL, TR, BR, BL of the upright document), or null. */
  corners: Quad | null;
  /** Long side of the document in decoded pixels, for the dpi estimate; null when not found. */
  longSidePx: number | null;
  /** Rotation applied to straighten it, degrees (0 when cropped as is). */
  deskewDegrees: number;
}

/** Greyscale copy whose longest side is at most `maxSide`: block means of a sparse sample grid. */
export function greyThumbnail(
  image: RawImage,
  maxSide: number,
): { grey: Uint8Array; width: number; height: number } {
  const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / maxSide));
  const width = Math.max(1, Math.floor(image.width / factor));
  const height = Math.max(1, Math.floor(image.height / factor));
  const step = Math.max(1, Math.floor(factor / 3));
  const grey = new Uint8Array(width * height);
  const src = image.data;
  const stride = image.width * 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = 0; dy < factor; dy += step) {
        let i = (y * factor + dy) * stride + x * factor * 3;
        for (let dx = 0; dx < factor; dx += step, i += step * 3) {
          sum += src[i]! * 77 + src[i + 1]! * 150 + src[i + 2]! * 29;
          n++;
        }
      }
      grey[y * width + x] = sum / (n * 256);
    }
  }
  return { grey, width, height };
}

/** Orders the corners so the document comes out in its reading orientation (landscape or portrait). */
function orient(quad: Quad, landscape: boolean): Quad {
  const { width, height } = quadSize(quad);
  if (width >= height === landscape) return quad;
  // A quarter turn: the document's top edge is the outline's right edge (turned clockwise).
  return [quad[3], quad[0], quad[1], quad[2]];
}

function uprightBox(quad: Quad): { left: number; top: number; width: number; height: number } | null {
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

export async function locateDocument(image: RawImage, kind: DocumentKind): Promise<Located> {
  const sides = documentSides(kind);
  if (!sides) return { image, corners: null, longSidePx: null, deskewDegrees: 0 };
  const aspect = sides.long / sides.short;
  const thumb = greyThumbnail(image, FIND_SIDE);
  const found = findDocument(thumb.grey, thumb.width, thumb.height, { aspect });
  const factor = image.width / thumb.width;
  let quad: Quad | null = found ? scaleQuad(found.quad, factor) : null;
  const ratio = Math.max(image.width, image.height) / Math.min(image.width, image.height);
  const wholeImageFits = Math.abs(Math.log(ratio / aspect)) <= WHOLE_IMAGE_ASPECT;
  // A capture with exactly the document's proportions is the document (a scanner's auto-crop, the
  // simulated scanner) unless an outline almost as large was found: inner frames (a photo, the MRZ
  // band) of such an image are not the document.
  if (quad && wholeImageFits && Math.abs(quadArea(quad)) < 0.75 * image.width * image.height) quad = null;
  if (!quad) {
    if (!wholeImageFits) return { image, corners: null, longSidePx: null, deskewDegrees: 0 };
    // The scanner (or the simulated one) already delivered just the document.
    quad = [
      { x: 0, y: 0 },
      { x: image.width, y: 0 },
      { x: image.width, y: image.height },
      { x: 0, y: image.height },
    ];
  }
  quad = orient(quad, isLandscape(kind));
  const size = quadSize(quad);
  const longSidePx = Math.max(size.width, size.height);
  const box = uprightBox(quad);
  if (box) {
    const left = Math.max(0, Math.round(box.left));
    const top = Math.max(0, Math.round(box.top));
    const width = Math.min(image.width - left, Math.round(box.width));
    const height = Math.min(image.height - top, Math.round(box.height));
    if (left === 0 && top === 0 && width === image.width && height === image.height) {
      return { image, corners: quad, longSidePx, deskewDegrees: 0 };
    }
    const { data, info } = await sharp(image.data, rawInput(image))
      .extract({ left, top, width, height })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      image: { data, width: info.width, height: info.height, channels: 3 },
      corners: quad,
      longSidePx,
      deskewDegrees: 0,
    };
  }
  const outW = Math.max(1, Math.round(size.width));
  const outH = Math.max(1, Math.round(size.height));
  const warped = warpQuad(image, quad, outW, outH);
  const top = quad[1].y - quad[0].y;
  const deskewDegrees = (-Math.atan2(top, quad[1].x - quad[0].x) * 180) / Math.PI;
  return {
    image: {
      data: Buffer.from(warped.data.buffer, warped.data.byteOffset, warped.data.byteLength),
      width: outW,
      height: outH,
      channels: 3,
    },
    corners: quad,
    longSidePx,
    deskewDegrees,
  };
}
