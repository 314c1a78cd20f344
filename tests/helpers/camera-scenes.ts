/**
 * What a document camera sees, for the camera tests: a specimen national-ID card lying on a desk
 * (sharp or out of focus), or the empty desk; as RGBA pixels (for the analysis unit tests) and as
 * a one-frame Y4M file Chromium's fake capture device plays in a loop (the end-to-end tests;
 * ../shared/docs/test-rig.md). Rendered with sharp; nothing here is product logic.
 */
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { renderIdFront, specimenPerson } from '../../src/main/specimens';

export type SceneKind = 'card' | 'blurred-card' | 'desk';

export interface Scene {
  width: number;
  height: number;
  /** RGBA, row-major. */
  rgba: Uint8ClampedArray;
  /** Where the card lies, in pixels of the scene (undefined on the empty desk). */
  card?: { left: number; top: number; width: number; height: number };
}

/** A wooden desk: dark brown with grain lines, so "empty" is not a flat grey a detector finds trivially. */
function deskSvg(width: number, height: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 60; i += 1) {
    const y = (i * height) / 60 + ((i * 37) % 11);
    const shade = 50 + ((i * 53) % 25);
    lines.push(
      `<path d="M0 ${y} C ${width / 3} ${y + 6}, ${(2 * width) / 3} ${y - 6}, ${width} ${y + 3}" stroke="rgb(${shade + 30},${shade + 10},${shade - 10})" stroke-width="${2 + (i % 3)}" fill="none"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="rgb(92,68,48)"/>${lines.join('')}</svg>`;
}

/**
 * The scene at `width`×`height` (default 640×480, a webcam's VGA mode). The card is 68% of the
 * frame's width, centred a little off the middle (a person never places it exactly).
 */
export async function renderScene(kind: SceneKind, width = 640, height = 480): Promise<Scene> {
  let image = sharp(Buffer.from(deskSvg(width, height)));
  let card: Scene['card'];
  if (kind !== 'desk') {
    const cardWidth = Math.round(width * 0.68);
    const front = await renderIdFront(specimenPerson('amira'), { format: 'png' });
    let cardImage = sharp(front.bytes).resize({ width: cardWidth });
    if (kind === 'blurred-card') cardImage = cardImage.blur(Math.max(2, width / 160));
    const cardPng = await cardImage.png().toBuffer();
    const meta = await sharp(cardPng).metadata();
    card = {
      left: Math.round((width - cardWidth) / 2 + width * 0.02),
      top: Math.round((height - meta.height) / 2 + height * 0.01),
      width: cardWidth,
      height: meta.height,
    };
    image = sharp(await image.png().toBuffer()).composite([
      { input: cardPng, left: card.left, top: card.top },
    ]);
  }
  const raw = await image.ensureAlpha().raw().toBuffer();
  return {
    width,
    height,
    rgba: new Uint8ClampedArray(raw.buffer, raw.byteOffset, raw.byteLength),
    ...(card ? { card } : {}),
  };
}

/** Downscales a scene with sharp (as the renderer's createImageBitmap does before analysis). */
export async function downscale(scene: Scene, width: number): Promise<Scene> {
  const height = Math.round((scene.height * width) / scene.width);
  const raw = await sharp(Buffer.from(scene.rgba), {
    raw: { width: scene.width, height: scene.height, channels: 4 },
  })
    .resize(width, height)
    .raw()
    .toBuffer();
  return { width, height, rgba: new Uint8ClampedArray(raw.buffer, raw.byteOffset, raw.byteLength) };
}

/**
 * A one-frame Y4M (YUV4MPEG2, 4:2:0, BT.601 studio range) of the scene. Chromium's fake device
 * loops it, so the "camera" shows a perfectly still picture.
 */
export async function writeY4m(scene: Scene, path: string): Promise<void> {
  const { width: w, height: h, rgba } = scene;
  const y = Buffer.alloc(w * h);
  const u = Buffer.alloc((w / 2) * (h / 2));
  const v = Buffer.alloc((w / 2) * (h / 2));
  for (let row = 0; row < h; row += 1) {
    for (let col = 0; col < w; col += 1) {
      const i = (row * w + col) * 4;
      y[row * w + col] = Math.round(16 + 0.257 * rgba[i]! + 0.504 * rgba[i + 1]! + 0.098 * rgba[i + 2]!);
    }
  }
  for (let row = 0; row < h; row += 2) {
    for (let col = 0; col < w; col += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dr, dc] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ] as const) {
        const i = ((row + dr) * w + col + dc) * 4;
        r += rgba[i]!;
        g += rgba[i + 1]!;
        b += rgba[i + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const k = (row / 2) * (w / 2) + col / 2;
      u[k] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      v[k] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  }
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\nFRAME\n`);
  await writeFile(path, Buffer.concat([header, y, u, v]));
}
