// Hostile input through the real sharp: every refusal is an AppError with a clear code, never a
// crash, and a bomb is refused from its header without being decoded.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { intakeImage } from '../../src/main/imaging/intake';
import { processImage } from '../../src/main/imaging/pipeline';
import { renderSyntheticCard } from '../../src/main/imaging/synthetic-card';
import { errorCode, pngWithClaimedSize, pseudoRandomBytes } from '../helpers/images';

let card: Buffer;
let cardJpeg: Buffer;
beforeAll(async () => {
  card = await renderSyntheticCard({ dpi: 200 });
  cardJpeg = await sharp(card).jpeg({ quality: 90 }).toBuffer();
});

describe('imaging intake refuses hostile input', () => {
  it('an empty buffer', async () => {
    expect(await errorCode(intakeImage(new Uint8Array(0), 'file'))).toBe('image_unreadable');
  });

  it('random bytes', async () => {
    expect(await errorCode(intakeImage(pseudoRandomBytes(50_000), 'file'))).toBe('image_format');
  });

  it('a truncated JPEG (a file still being written, or cut in transit)', async () => {
    const cut = cardJpeg.subarray(0, Math.floor(cardJpeg.length * 0.6));
    expect(await errorCode(intakeImage(cut, 'file'))).toBe('image_unreadable');
  });

  it('a JPEG whose header is garbage after the magic bytes', async () => {
    const corrupt = Buffer.concat([cardJpeg.subarray(0, 4), pseudoRandomBytes(4000, 7)]);
    expect(await errorCode(intakeImage(corrupt, 'file'))).toBe('image_unreadable');
  });

  it('a JPEG with its entropy-coded data overwritten', async () => {
    const corrupt = Buffer.from(cardJpeg);
    const start = Math.floor(corrupt.length / 3);
    pseudoRandomBytes(2000, 99).copy(corrupt, start);
    expect(await errorCode(processImage(corrupt, { origin: 'file' }))).toBe('image_unreadable');
  });

  it('a PNG decompression bomb: header claims 100000 x 100000, refused before decoding', async () => {
    const bomb = pngWithClaimedSize(100_000, 100_000);
    expect(bomb.length).toBeLessThan(2000);
    const started = performance.now();
    expect(await errorCode(intakeImage(bomb, 'file'))).toBe('image_too_large');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('a real highly compressible PNG above the pixel cap (8000 x 6000 of one colour)', async () => {
    const flat = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(flat.length).toBeLessThan(1_000_000);
    expect(await errorCode(intakeImage(flat, 'file'))).toBe('image_too_large');
  });

  it('a file above the byte cap', async () => {
    const limits = { maxBytes: 1000, maxPixels: 40e6, maxWorkingSide: 4000 };
    expect(await errorCode(intakeImage(cardJpeg, 'file', limits))).toBe('image_too_large');
  });

  it('an SVG (scripts, external references) from any origin', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>x()</script></svg>',
    );
    expect(await errorCode(intakeImage(svg, 'file'))).toBe('image_format');
    expect(await errorCode(intakeImage(svg, 'scanner'))).toBe('image_format');
  });

  it('a GIF, a WebP and a TIFF from an operator file', async () => {
    const gif = await sharp(card).gif().toBuffer();
    const webp = await sharp(card).webp().toBuffer();
    const tiff = await sharp(card).tiff().toBuffer();
    expect(await errorCode(intakeImage(gif, 'file'))).toBe('image_format');
    expect(await errorCode(intakeImage(webp, 'file'))).toBe('image_format');
    expect(await errorCode(intakeImage(tiff, 'file'))).toBe('image_format');
    // The same TIFF from a scanner is fine.
    expect((await intakeImage(tiff, 'scanner')).format).toBe('tiff');
  });

  it('a PNG signature in front of JPEG data (magic and decoder disagree)', async () => {
    const forged = Buffer.concat([card.subarray(0, 8), cardJpeg]);
    expect(await errorCode(intakeImage(forged, 'file'))).toBe('image_unreadable');
  });

  it('PNM from a scanner: good, truncated, 16-bit, and absurd header', async () => {
    const raw = await sharp(card).raw().toBuffer({ resolveWithObject: true });
    const header = Buffer.from(`P6\n# scanimage\n${raw.info.width} ${raw.info.height}\n255\n`);
    const pnm = Buffer.concat([header, raw.data]);
    const good = await intakeImage(pnm, 'scanner');
    expect([good.image.width, good.image.height]).toEqual([raw.info.width, raw.info.height]);
    expect(await errorCode(intakeImage(pnm.subarray(0, pnm.length - 10), 'scanner'))).toBe(
      'image_unreadable',
    );
    expect(await errorCode(intakeImage(Buffer.from('P6\n10 10\n65535\n'), 'scanner'))).toBe('image_format');
    expect(await errorCode(intakeImage(Buffer.from('P5\n99999 99999\n255\n'), 'scanner'))).toBe(
      'image_too_large',
    );
    expect(await errorCode(intakeImage(pnm, 'file'))).toBe('image_format');
  });
});

describe('imaging intake trusts content, not names or metadata', () => {
  it('a PNG named .jpg is read as the PNG it is', async () => {
    // The name never reaches intake; what matters is that the bytes decide.
    const result = await intakeImage(card, 'file');
    expect(result.format).toBe('png');
  });

  it('applies EXIF orientation and strips EXIF (GPS, camera) from the output', async () => {
    const tagged = await sharp(card)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Make: 'SpyCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 2/1 0/1' } })
      .toBuffer();
    const meta = await sharp(tagged).metadata();
    expect(meta.orientation).toBe(6);
    expect(meta.exif).toBeDefined();
    const result = await processImage(tagged, { origin: 'file' });
    // Orientation 6 = rotate 90°: the landscape card arrives portrait, is found portrait and is
    // given its quarter turn back, so it comes out landscape.
    expect(result.quality.figures.cardFound).toBe(true);
    expect(Math.abs(result.quality.figures.deskewDegrees)).toBe(90);
    expect(result.width).toBeGreaterThan(result.height);
    const out = await sharp(result.bytes).metadata();
    expect(out.exif).toBeUndefined();
    expect(out.xmp).toBeUndefined();
    expect(out.orientation).toBeUndefined();
    expect(Buffer.from(result.bytes).includes('SpyCam')).toBe(false);
  });

  it('a claimed density does not override the measured card size', async () => {
    const lying = await sharp(card).withMetadata({ density: 1200 }).png().toBuffer();
    const result = await processImage(lying, { origin: 'file' });
    expect(result.quality.figures.dpiSource).toBe('card');
    expect(result.quality.figures.dpi).toBeGreaterThan(190);
    expect(result.quality.figures.dpi).toBeLessThan(210);
  });
});
