/** Which kind of document each image role shows, and its proportions (documents.ts). */
import { DOCUMENT_SIZE_MM, type DocumentKind } from '../../shared/domain/documents';
import type { ImageRole } from '../../shared/domain/flows';

/** The document kind a capture of `role` is expected to show. */
export function kindForRole(role: ImageRole): DocumentKind {
  switch (role) {
    case 'front':
    case 'back':
      return 'id1_card';
    case 'passport':
      return 'passport_page';
    case 'selfie':
      return 'selfie';
    case 'address':
    case 'document':
      return 'a4_page';
  }
}

/** Long and short side in millimetres, or null for a kind without an outline (a face). */
export function documentSides(kind: DocumentKind): { long: number; short: number } | null {
  const size = DOCUMENT_SIZE_MM[kind];
  if (!size) return null;
  return { long: Math.max(size.width, size.height), short: Math.min(size.width, size.height) };
}

/** True when the document is read in landscape (ID-1, ID-3) rather than portrait (A4). */
export const isLandscape = (kind: DocumentKind): boolean => {
  const size = DOCUMENT_SIZE_MM[kind];
  return size !== null && size.width >= size.height;
};
