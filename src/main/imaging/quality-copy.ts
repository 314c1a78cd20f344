/**
 * The copy the quality figures are measured on: the upright document at QUALITY_DPI of its own
 * nominal size (never enlarged, longest side at most QUALITY_MAX_SIDE), one grey byte per pixel.
 *
 * libvips makes it wherever the outline allows (a straight document: extract + resize, a quarter
 * turn: + rotate 90, a turned rectangle: extract + resize + rotate): its resampler runs in native
 * code on the reduced picture, where the bilinear warp in JS cost 9–10 ms on a 300 dpi card scan
 * (issue 11). Only a document seen in perspective, which libvips cannot correct (no projective
 * transform), is still resampled by warpQuad.
 */
import sharp, { type Sharp } from 'sharp';
import { quadSize } from './geometry';
import type { Outline } from './locate';
import { QUALITY_DPI, QUALITY_MAX_SIDE } from './quality';
import { warpQuad, type Pixels } from './warp';

/**
 * libvips' kernel for the reduction: bilinear, like warpQuad, so a straight card and a
 * photographed one are measured alike (lanczos3 sharpens, which moves the blur figure).
 */
const KERNEL = 'linear' as const;

/** Output size of the copy for a document outline of `size` look pixels and a long side of `longMm`. */
export function copySize(
  size: { width: number; height: number },
  longMm: number | null,
): { width: number; height: number } {
  const long = Math.max(size.width, size.height);
  const wanted = longMm ? (longMm / 25.4) * QUALITY_DPI : QUALITY_MAX_SIDE;
  const scale = Math.min(1, wanted / long, QUALITY_MAX_SIDE / long);
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}

/** Integer box (inside the picture) that holds the given corners. */
function boxAround(points: readonly { x: number; y: number }[], width: number, height: number, pad: number) {
  const left = Math.max(0, Math.floor(Math.min(...points.map((p) => p.x)) - pad));
  const top = Math.max(0, Math.floor(Math.min(...points.map((p) => p.y)) - pad));
  const right = Math.min(width, Math.ceil(Math.max(...points.map((p) => p.x)) + pad));
  const bottom = Math.min(height, Math.ceil(Math.max(...points.map((p) => p.y)) + pad));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/**
 * Colour (or grey) pixels of the upright document from libvips, still to be made grey: the
 * window (`left`, `top`, `width` × `height`) of `image` that holds the document.
 */
export interface CopySource {
  image: Pixels;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The upright document, resampled, as a window of a (colour or grey) buffer: grey conversion and
 * the quality figures then take one pass over it (copyFigures in quality-pass.ts).
 * `look` is the reduced picture (grey or RGB), `outline` where the document lies in it.
 */
export async function qualityCopySource(
  look: Pixels,
  outline: Outline,
  longMm: number | null,
): Promise<CopySource> {
  const { quad, plan } = outline;
  const whole = (p: Pixels): CopySource => ({ image: p, left: 0, top: 0, width: p.width, height: p.height });
  const input = { raw: { width: look.width, height: look.height, channels: look.channels as 1 | 3 } };
  const run = async (pipeline: Sharp): Promise<Pixels> => {
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  };
  if (!quad) {
    const size = copySize(look, null);
    if (size.width === look.width && size.height === look.height) return whole(look);
    return whole(
      await run(sharp(look.data, input).resize(size.width, size.height, { fit: 'fill', kernel: KERNEL })),
    );
  }
  const out = copySize(quadSize(quad), longMm);
  if (plan.kind === 'crop') {
    const box = boxAround(quad, look.width, look.height, 0);
    // A quarter turn is resampled lying down, then stood up.
    const [w, h] = plan.quarterTurn ? [out.height, out.width] : [out.width, out.height];
    let pipeline = sharp(look.data, input).extract(box).resize(w, h, { fit: 'fill', kernel: KERNEL });
    if (plan.quarterTurn) pipeline = pipeline.rotate(90);
    return whole(await run(pipeline));
  }
  if (plan.kind === 'rotate') {
    // sharp's order: extract, resize, rotate (about the centre, canvas grown to fit); the document
    // is then the centred window of the document's own size, cut during the grey pass.
    const box = boxAround(quad, look.width, look.height, 1);
    const scale = out.width / quadSize(quad).width;
    const rw = Math.max(1, Math.round(box.width * scale));
    const rh = Math.max(1, Math.round(box.height * scale));
    const turned = await run(
      sharp(look.data, input)
        .extract(box)
        .resize(rw, rh, { fit: 'fill', kernel: KERNEL })
        .rotate(plan.degrees, { background: '#ffffff' }),
    );
    // Where the quad's centre lands: its offset from the box's centre, turned and scaled.
    const r = (plan.degrees * Math.PI) / 180;
    const dx = (plan.centre.x - (box.left + box.width / 2)) * (rw / box.width);
    const dy = (plan.centre.y - (box.top + box.height / 2)) * (rh / box.height);
    const cx = dx * Math.cos(r) - dy * Math.sin(r) + turned.width / 2;
    const cy = dx * Math.sin(r) + dy * Math.cos(r) + turned.height / 2;
    const width = Math.min(out.width, turned.width);
    const height = Math.min(out.height, turned.height);
    const left = Math.min(turned.width - width, Math.max(0, Math.round(cx - width / 2)));
    const top = Math.min(turned.height - height, Math.max(0, Math.round(cy - height / 2)));
    return { image: turned, left, top, width, height };
  }
  return whole(warpQuad(look, quad, out.width, out.height, { grey: true }));
}
