/**
 * What is being captured, as a kind of document. A flow descriptor's capture plan names the kind of
 * each image role; the capture sources derive their scan settings (source, duplex, area, resolution,
 * colour) from the kind and the device's capabilities; the imaging pipeline derives the physical
 * size it looks for (and so the estimated dpi) from it.
 *
 * Sizes are nominal, in millimetres, landscape (width ≥ height) except for A4:
 * - ID-1: ISO/IEC 7810 ID-1 (85.60 × 53.98 mm), the national ID card and TD1 documents;
 * - ID-3: ISO/IEC 7810 ID-3 (125 × 88 mm), the passport data page (ICAO 9303 Part 4, TD3);
 * - A4: ISO 216 (210 × 297 mm), supporting documents (Jumio DOCUMENT part, proof of address).
 */
import { z } from 'zod';
import type { ImageRole } from './flows';

export const documentKindSchema = z.enum([
  /** One side of an ID-1 card (national ID front or back, TD1 residence card...). */
  'id1_card',
  /** A passport's data page (ID-3 / TD3). */
  'passport_page',
  /** A full page (A4 or letter): proof of address, supporting document; may span several pages. */
  'a4_page',
  /** The customer's face, from a camera; no document outline. */
  'selfie',
]);
export type DocumentKind = z.infer<typeof documentKindSchema>;

/** Nominal physical size of a document kind, millimetres; null where it has none (a face). */
export const DOCUMENT_SIZE_MM: Readonly<Record<DocumentKind, { width: number; height: number } | null>> = {
  id1_card: { width: 85.6, height: 53.98 },
  passport_page: { width: 125, height: 88 },
  a4_page: { width: 210, height: 297 },
  selfie: null,
};

/**
 * The document kind an image role usually shows, for callers that have no flow descriptor at hand
 * (devices.scan from a settings screen, a watched-folder file). Inside a flow the descriptor's
 * capture plan names the kind of each role and wins.
 */
export function documentKindOfRole(role: ImageRole): DocumentKind {
  if (role === 'passport') return 'passport_page';
  if (role === 'document' || role === 'address') return 'a4_page';
  if (role === 'selfie') return 'selfie';
  return 'id1_card';
}
