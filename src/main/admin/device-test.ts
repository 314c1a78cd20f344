/**
 * The administrator's test scan: a real scan through the devices service (the same scan plan and
 * imaging pipeline a teller's scan takes, an ID-1 card area), timed, answered with a small preview.
 * Nothing is stored: a test sheet is not a customer's case.
 */
import sharp from 'sharp';
import type { TestScanResult } from '../../shared/ipc/admin-settings';
import type { DevicesService } from '../devices/service';
import { AppError } from '../ipc/errors';

/** Longest side of the preview, px: enough to see the page came through, small over IPC (~10 KB). */
export const PREVIEW_PX = 320;

/**
 * @param clock monotonic ms (performance.now) for the time figure.
 * @throws the scanner's AppError (scanner_not_found, scanner_busy, scan_timeout …) unchanged.
 */
export async function testScan(
  devices: DevicesService,
  sourceId: string,
  clock: () => number = () => performance.now(),
): Promise<TestScanResult> {
  const started = clock();
  const sides = await devices.scan({ sourceId, role: 'front', document: 'id1_card' });
  const ms = Math.max(0, Math.round(clock() - started));
  const first = sides[0];
  if (!first) throw new AppError('scanner_failed', 'The scanner delivered no page');
  const preview = await sharp(first.image.bytes)
    .resize({ width: PREVIEW_PX, height: PREVIEW_PX, fit: 'inside' })
    .jpeg({ quality: 70 })
    .toBuffer();
  return {
    ms,
    pages: sides.length,
    width: first.image.width,
    height: first.image.height,
    preview: new Uint8Array(preview.buffer, preview.byteOffset, preview.byteLength),
  };
}
