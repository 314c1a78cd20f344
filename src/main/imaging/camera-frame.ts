/**
 * The check a document-camera frame passes before main looks for a QR code in it
 * (cases.readCode with a `camera` source). The renderer grabs the frame from its live preview and
 * encodes it as JPEG, but main cannot tell a real frame from bytes a compromised renderer made up,
 * so the frame meets the same hostile-input intake as any image (imaging/intake.ts), with tighter
 * limits sized for a camera: a frame is one video picture, never a 1200 dpi scan.
 */
import { decode, probeImage, type IntakeLimits } from './intake';

/**
 * Limits for one camera frame. A 4K (3840 × 2160) JPEG at quality 0.92 is about 2–3 MB and a PNG of
 * it up to ~25 MB; 12 MB and 16 megapixels leave room for a 16 MP document camera's JPEG while a
 * decompression bomb or a multi-gigapixel PNG is refused before decoding.
 */
export const CAMERA_FRAME_LIMITS: IntakeLimits = {
  maxBytes: 12 * 1024 * 1024,
  maxPixels: 16_000_000,
  maxWorkingSide: 4000,
};

/** Side (px) of the small test decode that proves the whole frame decodes (JPEG shrink-on-load). */
const TEST_DECODE_SIDE = 256;

/**
 * Resolves when `bytes` is one camera frame main may read: JPEG or PNG by magic bytes (the
 * camera's allow-list in imaging/formats.ts), at most CAMERA_FRAME_LIMITS.maxBytes bytes and
 * maxPixels pixels, a picture's shape, and decodable to the end (a truncated file fails).
 * @throws AppError image_unreadable (empty, header or data not decodable), image_too_large (bytes
 *   or pixels over the limits), image_format (not JPEG/PNG, or magic bytes and decoder disagree),
 *   image_shape (a strip no camera delivers).
 */
export async function checkCameraFrame(bytes: Uint8Array): Promise<void> {
  const probed = await probeImage(bytes, 'camera', CAMERA_FRAME_LIMITS);
  await decode(() =>
    probed
      .open()
      .resize(TEST_DECODE_SIDE, TEST_DECODE_SIDE, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer(),
  );
}
