/**
 * Orientation, colour space and metadata are handled at intake (intake.ts). This step finds the
 * card on a small copy, straightens it when the tilt is measurable, and crops it out of the
 * full-resolution pixels.
 */
import sharp from 'sharp';
import { findCard, type Box, type CardFinding } from './card-finder';
import { rawInput, type RawImage } from './raw-image';

const FIND_WIDTH = 600;
/** Tilts smaller than this are not worth a resampling; larger ones are not a tilted card. */
const MIN_DESKEW = 0.4;
const MAX_DESKEW = 20;

/** ID-1 (national ID card, 85.6 x 54 mm) and ID-3 (passport data page, 125 x 88 mm). */
export const DOCUMENT_SIZES_MM = [
  { name: 'ID-1', long: 85.6, short: 53.98 },
  { name: 'ID-3', long: 125, short: 88 },
] as const;

export interface Normalised {
  image: RawImage;
  /** A card was cut out of a larger scan, or the image already has a document's proportions. */
  cardFound: boolean;
  /** The document size the result matches, used for the dpi estimate. */
  document: (typeof DOCUMENT_SIZES_MM)[number] | null;
  deskewDegrees: number;
}

async function look(image: RawImage): Promise<{ finding: CardFinding; factor: number }> {
  const width = Math.min(FIND_WIDTH, image.width);
  const { data, info } = await sharp(image.data, rawInput(image))
    .resize({ width })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { finding: findCard(data, info.width, info.height), factor: image.width / info.width };
}

export function matchDocument(width: number, height: number): Normalised['document'] {
  const ratio = Math.max(width, height) / Math.min(width, height);
  return DOCUMENT_SIZES_MM.find((d) => Math.abs(ratio / (d.long / d.short) - 1) < 0.05) ?? null;
}

function toFull(box: Box, factor: number, image: RawImage): Box {
  // A little margin so the card's own edge survives the rounding of the small copy.
  const margin = Math.ceil(factor);
  const left = Math.max(0, Math.floor(box.left * factor) - margin);
  const top = Math.max(0, Math.floor(box.top * factor) - margin);
  const right = Math.min(image.width, Math.ceil((box.left + box.width) * factor) + margin);
  const bottom = Math.min(image.height, Math.ceil((box.top + box.height) * factor) + margin);
  return { left, top, width: right - left, height: bottom - top };
}

export async function normalise(input: RawImage): Promise<Normalised> {
  let image = input;
  let { finding, factor } = await look(image);
  let deskewDegrees = 0;
  const skew = finding.skewDegrees;
  if (finding.box && skew !== null && Math.abs(skew) >= MIN_DESKEW && Math.abs(skew) <= MAX_DESKEW) {
    const bg = finding.background;
    const { data, info } = await sharp(image.data, rawInput(image))
      .rotate(-skew, { background: { r: bg, g: bg, b: bg } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    image = { data, width: info.width, height: info.height, channels: 3 };
    deskewDegrees = -skew;
    ({ finding, factor } = await look(image));
  }
  const box = finding.box ? toFull(finding.box, factor, image) : null;
  const cropped = box !== null && (box.width < image.width * 0.98 || box.height < image.height * 0.98);
  if (box && cropped) {
    const { data, info } = await sharp(image.data, rawInput(image))
      .extract(box)
      .raw()
      .toBuffer({ resolveWithObject: true });
    image = { data, width: info.width, height: info.height, channels: 3 };
  }
  const document = matchDocument(image.width, image.height);
  return { image, cardFound: cropped || document !== null, document, deskewDegrees };
}
