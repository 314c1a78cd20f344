/** Which kind of document each image role shows, and its proportions (documents.ts). */
import { DOCUMENT_SIZE_MM, type DocumentKind } from '../../shared/domain/documents';

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
