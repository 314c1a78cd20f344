/**
 * Cuts the located document out of the full-resolution picture in one decoding pass: libvips crops
 * and rotates while it decodes (as fast as a bare decode → encode, and less to encode); a page
 * turned a quarter is decoded in order first (quarterTurned), and a document seen in perspective
 * is decoded to raw pixels and resampled here (warp.ts).
 */
import sharp, { type Sharp } from 'sharp';
import type { Quad } from './geometry';
import { decode, type ProbedImage } from './intake';
import type { Box, CutPlan } from './locate';
import { rawInput, type RawImage } from './raw-image';
import { warpQuad } from './warp';

/**
 * What to encode: a way to open the pipeline still to run (a factory, not a pipeline: a second try
 * opens it again instead of `clone()`, which deep-copies the options, the input buffer included),
 * or pixels already in memory.
 */
export type CutDocument = { open: () => Sharp } | { raw: RawImage };

/**
 * The region `box` decoded once, in reading order, to pixels in memory, and a factory that turns
 * them a quarter clockwise. libvips turns a file's picture only with random access to it
 * (`sequential: false`): on a 600 dpi A6 page (2480 × 3508) that cost ~240 ms of CPU where
 * decoding in order took ~80 and turning and encoding the pixels ~80 (issue 11, measured side by
 * side; same output bytes).
 */
async function quarterTurned(probed: ProbedImage, box: Box, whole: boolean): Promise<() => Sharp> {
  const { data, info } = await decode(() =>
    (whole ? probed.open() : probed.open().extract(box))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  const raw: RawImage = { data, width: info.width, height: info.height, channels: 3 };
  return () => sharp(raw.data, rawInput(raw)).rotate(90);
}

/** `quad` and the plan's geometry are in full-resolution pixels (scaled up from the look). */
export async function cutDocument(
  probed: ProbedImage,
  plan: CutPlan,
  quad: Quad | null,
  scale: number,
): Promise<CutDocument> {
  const clampBox = (left: number, top: number, right: number, bottom: number) => {
    const l = Math.max(0, Math.floor(left));
    const t = Math.max(0, Math.floor(top));
    return {
      left: l,
      top: t,
      width: Math.max(1, Math.min(probed.width, Math.ceil(right)) - l),
      height: Math.max(1, Math.min(probed.height, Math.ceil(bottom)) - t),
    };
  };
  switch (plan.kind) {
    case 'whole':
      return { open: () => probed.open() };
    case 'crop': {
      const b = plan.box;
      const box = clampBox(
        b.left * scale,
        b.top * scale,
        (b.left + b.width) * scale,
        (b.top + b.height) * scale,
      );
      const whole =
        box.left === 0 && box.top === 0 && box.width === probed.width && box.height === probed.height;
      if (plan.quarterTurn) {
        if (probed.inMemory)
          return { open: () => (whole ? probed.open() : probed.open().extract(box)).rotate(90) };
        return { open: await quarterTurned(probed, box, whole) };
      }
      return { open: () => (whole ? probed.open() : probed.open().extract(box)) };
    }
    case 'rotate': {
      // Only the document's bounding box is rotated, not the whole frame.
      const q = quad!;
      const xs = q.map((p) => p.x * scale);
      const ys = q.map((p) => p.y * scale);
      const bbox = clampBox(
        Math.min(...xs) - 1,
        Math.min(...ys) - 1,
        Math.max(...xs) + 1,
        Math.max(...ys) + 1,
      );
      const r = (plan.degrees * Math.PI) / 180;
      const rotW = Math.round(Math.abs(bbox.width * Math.cos(r)) + Math.abs(bbox.height * Math.sin(r)));
      const rotH = Math.round(Math.abs(bbox.width * Math.sin(r)) + Math.abs(bbox.height * Math.cos(r)));
      // sharp's rotate() turns clockwise (y down) around the centre and grows the canvas to fit.
      const dx = plan.centre.x * scale - (bbox.left + bbox.width / 2);
      const dy = plan.centre.y * scale - (bbox.top + bbox.height / 2);
      const cx = dx * Math.cos(r) - dy * Math.sin(r) + rotW / 2;
      const cy = dx * Math.sin(r) + dy * Math.cos(r) + rotH / 2;
      const outW = Math.round(plan.width * scale);
      const outH = Math.round(plan.height * scale);
      const left = Math.min(rotW - 1, Math.max(0, Math.round(cx - outW / 2)));
      const top = Math.min(rotH - 1, Math.max(0, Math.round(cy - outH / 2)));
      const window = { left, top, width: Math.min(outW, rotW - left), height: Math.min(outH, rotH - top) };
      const open = (): Sharp =>
        probed
          .open({ sequential: false })
          .extract(bbox)
          .rotate(plan.degrees, { background: '#ffffff' })
          .extract(window);
      return { open };
    }
    case 'warp': {
      const q = quad!.map((p) => ({ x: p.x * scale, y: p.y * scale })) as Quad;
      const xs = q.map((p) => p.x);
      const ys = q.map((p) => p.y);
      const bbox = clampBox(
        Math.min(...xs) - 1,
        Math.min(...ys) - 1,
        Math.max(...xs) + 1,
        Math.max(...ys) + 1,
      );
      const region = await decode(() =>
        probed
          .open({ sequential: false })
          .extract(bbox)
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true }),
      );
      const local = q.map((p) => ({ x: p.x - bbox.left, y: p.y - bbox.top })) as Quad;
      const width = Math.round(
        (Math.hypot(q[1].x - q[0].x, q[1].y - q[0].y) + Math.hypot(q[2].x - q[3].x, q[2].y - q[3].y)) / 2,
      );
      const height = Math.round(
        (Math.hypot(q[3].x - q[0].x, q[3].y - q[0].y) + Math.hypot(q[2].x - q[1].x, q[2].y - q[1].y)) / 2,
      );
      const warped = warpQuad(
        { data: region.data, width: region.info.width, height: region.info.height, channels: 3 },
        local,
        Math.max(1, width),
        Math.max(1, height),
      );
      return {
        raw: {
          data: Buffer.from(warped.data.buffer, warped.data.byteOffset, warped.data.byteLength),
          width: warped.width,
          height: warped.height,
          channels: 3,
        },
      };
    }
  }
}
