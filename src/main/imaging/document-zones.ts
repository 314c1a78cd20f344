/**
 * Where the data a provider reads sits on an upright document, as shares of its width and height
 * (0..1 from the top-left corner). Glare over these zones hides data (retake); elsewhere it only
 * spoils the picture (warn).
 *
 * - Passport data page: ICAO Doc 9303 Part 4 (TD3) — photo on the left (zone V), the visual
 *   inspection zone's fields to its right (zones I–IV), the MRZ in the bottom 23.2 mm of 88 mm
 *   (zone VII).
 * - ID-1 card: the Egyptian national ID (photo on the left, names, address and number to the
 *   right on the front; number, factory number and personal details across the back), which is
 *   also where a TD1 card keeps its photo and data (Doc 9303 Part 5).
 * - A4 page: all of it.
 */
import type { DocumentKind } from '../../shared/domain/documents';

export type ZoneName = 'photo' | 'data' | 'mrz' | 'page';

export interface Zone {
  name: ZoneName;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const DOCUMENT_ZONES: Readonly<Record<DocumentKind, readonly Zone[]>> = {
  id1_card: [
    { name: 'photo', left: 0.03, top: 0.12, right: 0.26, bottom: 0.56 },
    { name: 'data', left: 0.38, top: 0.08, right: 0.97, bottom: 0.97 },
  ],
  passport_page: [
    { name: 'photo', left: 0.02, top: 0.11, right: 0.27, bottom: 0.54 },
    { name: 'data', left: 0.27, top: 0.12, right: 0.98, bottom: 0.7 },
    { name: 'mrz', left: 0.0, top: 0.76, right: 1.0, bottom: 1.0 },
  ],
  a4_page: [{ name: 'page', left: 0.03, top: 0.03, right: 0.97, bottom: 0.97 }],
  selfie: [],
};
