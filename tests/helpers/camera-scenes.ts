/**
 * What a document camera sees, for the camera tests: a specimen national-ID card lying on a desk
 * (sharp or out of focus), the empty desk, or a customer's phone held over the desk with its screen
 * showing an ARGOS application's QR code (or, `phone-no-code`, a screen with no code); as RGBA pixels (for the analysis unit tests) and as
 * a one-frame Y4M file Chromium's fake capture device plays in a loop (the end-to-end tests;
 * ../shared/docs/test-rig.md). Rendered with sharp; nothing here is product logic.
 */
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { renderIdFront, specimenPerson } from '../../src/main/specimens';
import { trainingPhoneQrText } from '../../src/main/specimens/phone-qr';
import { qrCodeSvg } from '../../src/main/specimens/qr-code';

export type SceneKind = 'card' | 'blurred-card' | 'desk' | 'phone-qr' | 'phone-no-code';

/**
 * The made-up submission the `phone-qr` scene's code carries: one of training mode's seeded ARGOS
 * submissions (not the one the simulated phone scanner shows), so the flow can go on to ARGOS.
 */
export const CAMERA_PHONE_SUBMISSION = 'training-submission-2';

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
  if (kind === 'phone-qr' || kind === 'phone-no-code') {
    image = sharp(await image.png().toBuffer()).composite([
      { input: phoneSvg(kind === 'phone-qr', width, height), left: 0, top: 0 },
    ]);
  } else if (kind !== 'desk') {
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

/**
 * A phone held upright in the middle of the frame (about 90 % of its height), its screen white with
 * a status bar and, for `withCode`, the QR code of CAMERA_PHONE_SUBMISSION's online application
 * (uqr, the generator the specimens use) about 40 % of the frame's height; without it, a few grey
 * text lines where the code would be. As one SVG over the whole frame (transparent elsewhere).
 */
function phoneSvg(withCode: boolean, width: number, height: number): Buffer {
  const phoneH = Math.round(height * 0.9);
  const phoneW = Math.round(phoneH * 0.5);
  const x = Math.round((width - phoneW) / 2 - width * 0.03);
  const y = Math.round((height - phoneH) / 2);
  const inset = Math.round(phoneW * 0.05);
  const screen = { x: x + inset, y: y + inset * 3, w: phoneW - 2 * inset, h: phoneH - 6 * inset };
  const codeSide = Math.round(height * 0.4);
  const codeX = Math.round(screen.x + (screen.w - codeSide) / 2);
  const codeY = Math.round(screen.y + screen.h * 0.25);
  let content: string;
  if (withCode) {
    const qr = qrCodeSvg(trainingPhoneQrText(CAMERA_PHONE_SUBMISSION), 4);
    const inner = qr.svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '');
    content = `<svg x="${codeX}" y="${codeY}" width="${codeSide}" height="${codeSide}" viewBox="0 0 ${qr.side} ${qr.side}">${inner}</svg>`;
  } else {
    content = [0, 1, 2, 3, 4, 5]
      .map(
        (line) =>
          `<rect x="${codeX}" y="${codeY + line * Math.round(codeSide / 6)}" width="${codeSide - (line % 3) * 20}" height="${Math.round(codeSide / 14)}" fill="#c8c8c8"/>`,
      )
      .join('');
  }
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="${x}" y="${y}" width="${phoneW}" height="${phoneH}" rx="${inset * 2}" fill="#1d1d1f"/>` +
      `<rect x="${screen.x}" y="${screen.y}" width="${screen.w}" height="${screen.h}" fill="#fdfdfd"/>` +
      `<rect x="${screen.x}" y="${screen.y}" width="${screen.w}" height="${inset * 2}" fill="#2a5db0"/>` +
      content +
      `</svg>`,
  );
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
