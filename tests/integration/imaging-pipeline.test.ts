// The whole pipeline on real sharp with synthetic cards whose truth is known: where the card is,
// how tilted, how sharp, how bright.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeFor } from '../../src/main/imaging/encode';
import { processImage } from '../../src/main/imaging/pipeline';
import { ENCODE_LIMITS } from '../../src/main/imaging/provider-limits';
import type { RawImage } from '../../src/main/imaging/raw-image';
import { renderSyntheticCard } from '../../src/main/imaging/synthetic-card';
import { errorCode, pseudoRandomBytes } from '../helpers/images';

const ID1_RATIO = 85.6 / 53.98;

describe('normalise and quality on synthetic scans', () => {
  it('crops a card out of a larger scan, estimates its dpi and calls it good', async () => {
    const scan = await renderSyntheticCard({ dpi: 300, areaMm: { width: 120, height: 90 } });
    const result = await processImage(scan, { origin: 'scanner' });
    expect(result.quality.verdict).toBe('ok');
    expect(result.quality.figures.cardFound).toBe(true);
    expect(result.width / result.height).toBeCloseTo(ID1_RATIO, 1);
    expect(Math.abs(result.width - 1011)).toBeLessThan(15);
    expect(result.quality.figures.dpi).toBeGreaterThan(290);
    expect(result.quality.figures.dpi).toBeLessThan(310);
    expect(result.quality.figures.dpiSource).toBe('card');
    expect(result.mime).toBe('image/jpeg');
  });

  it.each([6, -9])('straightens a card tilted by %d degrees', async (degrees) => {
    const scan = await renderSyntheticCard({ dpi: 250, rotateDegrees: degrees });
    const result = await processImage(scan, { origin: 'scanner' });
    expect(result.quality.figures.deskewDegrees).toBeCloseTo(-degrees, 0);
    expect(result.width / result.height).toBeCloseTo(ID1_RATIO, 1);
    expect(result.quality.verdict).toBe('ok');
  });

  it('says "blurry, retake" for an out-of-focus card and "warn" for a soft one', async () => {
    const blurred = await processImage(await renderSyntheticCard({ blurSigma: 3 }), { origin: 'scanner' });
    expect(blurred.quality.verdict).toBe('retake');
    expect(blurred.quality.issues).toContainEqual({ reason: 'blurry', severity: 'retake' });
    const soft = await processImage(await renderSyntheticCard({ blurSigma: 2 }), { origin: 'scanner' });
    expect(soft.quality.issues).toContainEqual({ reason: 'blurry', severity: 'warn' });
    const sharpCard = await processImage(await renderSyntheticCard(), { origin: 'scanner' });
    expect(sharpCard.quality.figures.blur).toBeGreaterThan(blurred.quality.figures.blur * 10);
  });

  it('says "low resolution" for a 120 dpi scan', async () => {
    const result = await processImage(await renderSyntheticCard({ dpi: 120 }), { origin: 'scanner' });
    expect(result.quality.issues).toContainEqual({ reason: 'low_resolution', severity: 'retake' });
  });

  it('says "too dark" for an under-exposed capture', async () => {
    const dark = await sharp(await renderSyntheticCard())
      .linear(0.2, 0)
      .png()
      .toBuffer();
    const result = await processImage(dark, { origin: 'camera' });
    expect(result.quality.issues).toContainEqual({ reason: 'too_dark', severity: 'retake' });
  });

  it('says "glare" when a blown-out patch hides part of the card', async () => {
    const base = await renderSyntheticCard();
    const meta = await sharp(base).metadata();
    const patch = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${meta.width}" height="${meta.height}">` +
        `<ellipse cx="50%" cy="45%" rx="22%" ry="20%" fill="#fff"/></svg>`,
    );
    const glare = await sharp(base)
      .composite([{ input: patch }])
      .png()
      .toBuffer();
    const result = await processImage(glare, { origin: 'camera' });
    expect(result.quality.figures.glareFraction).toBeGreaterThan(0.12);
    expect(result.quality.issues).toContainEqual({ reason: 'glare', severity: 'retake' });
  });

  it('warns when no card can be found (a photo of a wall)', async () => {
    const noise = await sharp(pseudoRandomBytes(600 * 600 * 3), {
      raw: { width: 600, height: 600, channels: 3 },
    })
      .blur(1)
      .png()
      .toBuffer();
    const result = await processImage(noise, { origin: 'camera' });
    expect(result.quality.figures.cardFound).toBe(false);
    expect(result.quality.issues).toContainEqual({ reason: 'no_card_found', severity: 'warn' });
  });

  it('refuses a card too small to encode as image_too_small, though its encode ran beside the quality pass', async () => {
    // 200 × 126 px: the whole picture has the card's proportions (found), but its longest side is
    // below every target's minimum. The encode starts before the quality figures are measured; its
    // failure must still arrive as the translated refusal.
    const small = await sharp(await renderSyntheticCard({ dpi: 60, areaMm: { width: 85.6, height: 53.98 } }))
      .resize(200, 126, { fit: 'fill' })
      .jpeg()
      .toBuffer();
    expect(await errorCode(processImage(small, { origin: 'scanner' }))).toBe('image_too_small');
  });

  it('takes a selfie whole, though a card-shaped outline is in it', async () => {
    // Small enough to decode whole (shrink 1): the path that makes a finder copy for a document.
    const scan = await renderSyntheticCard({ dpi: 200, areaMm: { width: 120, height: 90 } });
    const { width, height } = await sharp(scan).metadata();
    const asCard = await processImage(scan, { origin: 'scanner' });
    expect(asCard.width).toBeLessThan(width - 50);
    const selfie = await processImage(scan, { origin: 'camera', document: false });
    expect([selfie.width, selfie.height]).toEqual([width, height]);
    expect(selfie.quality.figures.cardFound).toBe(false);
  });

  it('the SANE test pattern at 300 dpi passes', async () => {
    // Same size as `scanimage -d test -x 86 -y 54 --resolution 300`, drawn here with stripes.
    const scan = await renderSyntheticCard({ dpi: 300, areaMm: { width: 98, height: 66 }, side: 'back' });
    const result = await processImage(scan, { origin: 'scanner' });
    expect(result.quality.verdict).toBe('ok');
  });
});

describe('encoding for a provider', () => {
  const noise = (width: number, height: number): RawImage => ({
    data: pseudoRandomBytes(width * height * 3, width),
    width,
    height,
    channels: 3,
  });

  it('fits ARGOS under ~2 MB even for content that compresses badly', async () => {
    const out = await encodeFor(noise(2500, 1600), 'argos');
    expect(out.mime).toBe('image/jpeg');
    expect(out.bytes.length).toBeLessThanOrEqual(ENCODE_LIMITS.argos.maxBytes);
    expect(out.bytes.length).toBeGreaterThan(ENCODE_LIMITS.argos.maxBytes * 0.5);
  });

  it('fits Jumio: at most 8000 px per side, refuses a longest side of 300 px or less', async () => {
    const wide = await encodeFor({ ...noise(9000, 300), data: Buffer.alloc(9000 * 300 * 3, 90) }, 'jumio');
    expect(wide.width).toBe(8000);
    expect(await errorCode(encodeFor(noise(300, 200), 'jumio'))).toBe('image_too_small');
    expect((await encodeFor(noise(301, 200), 'jumio')).width).toBe(301);
  });

  it('is deterministic: the same pixels give the same bytes and hash', async () => {
    const scan = await renderSyntheticCard({ rotateDegrees: 3 });
    const a = await processImage(scan, { origin: 'scanner', target: 'lumin' });
    const b = await processImage(scan, { origin: 'scanner', target: 'lumin' });
    expect(a.sha256).toBe(b.sha256);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps PNG when asked and the provider allows it, and its header matches the answer', async () => {
    const result = await processImage(await renderSyntheticCard(), {
      origin: 'scanner',
      target: 'jumio',
      preferPng: true,
    });
    expect(result.mime).toBe('image/png');
    const meta = await sharp(result.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', result.width, result.height]);
  });
});
