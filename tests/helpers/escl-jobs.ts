/** eSCL job settings the client tests share. */
import type { JobSettings } from '../../src/main/devices/escl/escl-xml';

/**
 * An ID card (ISO/IEC 7810 ID-1, 85.6 × 54 mm, rounded up to 90 × 60 mm) on the glass at 300 dpi
 * in colour, as PNG: the eSCL specification's ScanRegion in its 1/300-inch units (1063 × 709).
 */
export const PLATEN_CARD: JobSettings = {
  inputSource: 'Platen',
  duplex: false,
  colourMode: 'color',
  resolution: 300,
  width: 1063,
  height: 709,
  format: 'image/png',
};
