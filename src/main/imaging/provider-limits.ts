/**
 * What each provider accepts (providers.md). Where the vendor is silent, the number is our choice
 * and says so.
 */
import type { ProviderId } from '../../shared/domain/flows';

export type EncodeTarget = ProviderId | 'archive';

export interface EncodeLimits {
  maxBytes: number;
  /** Longest side allowed, in pixels. */
  maxSide: number;
  /** Longest side must be larger than this (Jumio: > 300 px). */
  minLongSide: number;
  png: boolean;
}

export const ENCODE_LIMITS: Record<EncodeTarget, EncodeLimits> = {
  // Jumio: JPEG or PNG, at most 15 MB and 8000 x 8000, longest side above 300 px.
  jumio: { maxBytes: 15_000_000, maxSide: 8000, minLongSide: 301, png: true },
  // ARGOS: jpg/png as base64, "keep each under about 2 MB": stay a little below.
  argos: { maxBytes: 1_900_000, maxSide: 4000, minLongSide: 301, png: true },
  // Lumin: base64 JPEG/PNG in JSON, no documented cap; 4 MB and 4000 px are our choice, ample
  // for OCR of a card at 600 dpi and safe for a JSON body.
  lumin: { maxBytes: 4_000_000, maxSide: 4000, minLongSide: 301, png: true },
  // What the kiosk stores with a capture: good enough to re-encode for any provider later.
  archive: { maxBytes: 8_000_000, maxSide: 4000, minLongSide: 301, png: true },
};
