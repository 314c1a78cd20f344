/**
 * Case ids are UUIDs; staff read out their first eight characters (e.g. to IT or the customer).
 * Kept apart from flows.ts (which holds zod schemas) so the renderer's first chunk stays small.
 */
export function caseReference(caseId: string): string {
  return caseId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** A reference (or its start) as staff type it: 1 to 8 hex digits, any case; null otherwise. */
export function referencePrefix(text: string): string | null {
  const plain = text.trim().toLowerCase();
  return /^[0-9a-f]{1,8}$/.test(plain) ? plain : null;
}
