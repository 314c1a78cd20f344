// The check a document-camera frame passes before cases.readCode looks for a QR code in it
// (src/main/imaging/camera-frame.ts): JPEG or PNG by magic bytes, byte and pixel caps, a picture's
// shape, decodable to the end. Every refusal is an AppError with a code the renderer translates.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CAMERA_FRAME_LIMITS, checkCameraFrame } from '../../src/main/imaging/camera-frame';
import { AppError } from '../../src/main/ipc/errors';

/** 'ok', or the AppError code the check refused with (anything else is a defect: rethrown). */
async function verdict(bytes: Uint8Array): Promise<string> {
  try {
    await checkCameraFrame(bytes);
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** A noisy 1280×720 picture (so JPEG cannot shrink it to nothing), as a webcam frame would be. */
async function frame(format: 'jpeg' | 'png', width = 1280, height = 720): Promise<Buffer> {
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 2654435761) >>> 24;
  const image = sharp(noise, { raw: { width, height, channels: 3 } });
  return format === 'jpeg' ? image.jpeg({ quality: 92 }).toBuffer() : image.png().toBuffer();
}

describe('checkCameraFrame', () => {
  it('accepts a JPEG or PNG frame a camera delivers', async () => {
    expect(await verdict(await frame('jpeg'))).toBe('ok');
    expect(await verdict(await frame('png', 640, 480))).toBe('ok');
  });

  it('refuses what is not a JPEG or PNG picture as image_format', async () => {
    const solid = sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } });
    for (const bytes of [
      await solid.clone().gif().toBuffer(),
      await solid.clone().webp().toBuffer(),
      await solid.clone().tiff().toBuffer(),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"/>'),
      Buffer.from('%PDF-1.7\n'),
      Buffer.from('just some text the renderer sent'),
    ]) {
      expect(await verdict(bytes)).toBe('image_format');
    }
  });

  it('refuses an empty, damaged or truncated frame as image_unreadable', async () => {
    const jpeg = await frame('jpeg');
    expect(await verdict(new Uint8Array(0))).toBe('image_unreadable');
    // JPEG magic bytes, then garbage: the header is not readable.
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 0x5a)]);
    expect(await verdict(garbage)).toBe('image_unreadable');
    // A frame cut off half-way: the header reads, the data does not decode to the end.
    expect(await verdict(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBe('image_unreadable');
  });

  it('refuses a frame over the byte or pixel limits as image_too_large, before decoding it', async () => {
    const jpeg = await frame('jpeg');
    const oversized = Buffer.concat([jpeg, Buffer.alloc(CAMERA_FRAME_LIMITS.maxBytes + 1 - jpeg.length)]);
    expect(oversized.length).toBe(CAMERA_FRAME_LIMITS.maxBytes + 1);
    expect(await verdict(oversized)).toBe('image_too_large');
    // 5000 × 4000 = 20 MP of one colour: a small file whose pixels are over the 16 MP cap.
    const bomb = await sharp({ create: { width: 5000, height: 4000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(bomb.length).toBeLessThan(CAMERA_FRAME_LIMITS.maxBytes);
    expect(await verdict(bomb)).toBe('image_too_large');
  });

  it('refuses a strip no camera delivers as image_shape', async () => {
    const strip = await sharp({ create: { width: 4000, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await verdict(strip)).toBe('image_shape');
  });
});
