/**
 * Capture roles several descriptors share: an ID card's two sides, from any source. A flow is still
 * one descriptor; these only keep the same sides from being written out five times.
 */
import type { z } from 'zod';
import type { captureRoleSchema } from './descriptor';

type CaptureRoleInput = z.input<typeof captureRoleSchema>;

/** An ID card side: any scanner (flatbed or feeder), the document camera, or an image file. */
const ID_CARD_SOURCES: Pick<CaptureRoleInput, 'sources' | 'paperSources'> = {
  sources: ['scanner', 'camera', 'file'],
  paperSources: ['flatbed', 'adf'],
};

/**
 * The front and back of an ID-1 card (ISO/IEC 7810, 85.6 × 54 mm), each `required` or not.
 * `mayCarryMrz`: the card may come from any issuing country, and many carry an ICAO 9303 TD1 zone
 * (Part 5), which is then read on the kiosk; the Egyptian national ID (the Lumin flows) has none.
 */
export function idCardSides(required: boolean, mayCarryMrz: boolean): CaptureRoleInput[] {
  return (['front', 'back'] as const).map((role) => ({
    role,
    document: 'id1_card' as const,
    ...(mayCarryMrz ? { mayCarryMrz: true } : {}),
    required,
    ...ID_CARD_SOURCES,
  }));
}
