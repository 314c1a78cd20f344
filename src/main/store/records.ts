/**
 * Record shapes the store keeps (sealed) and hands out. They live here, beside the repositories
 * that read and write them, so the store depends on nothing above it; the relay's flow interface
 * (src/main/sync/flow-types.ts) re-exports them for the connectors.
 */
import type { ImageRole } from '../../shared/domain/flows';

/** Any JSON value: provider answers and typed fields are stored as sealed JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A provider session (token and whatever the provider ties to it), cached per case by the relay. */
export interface ProviderSession {
  token: string;
  /** ISO-8601; the relay re-authenticates shortly before. */
  expiresAt: string;
  /** Provider-specific values that belong to the session (e.g. Jumio account/workflow ids). */
  data?: { [key: string]: JsonValue };
}

/**
 * What a stored capture is: an image, or (Jumio's supporting document only, seed 004; schema 6)
 * one PDF file checked by src/main/imaging/pdf-document.ts.
 */
export type StoredMime = 'image/jpeg' | 'image/png' | 'application/pdf';

/** A captured image (or supporting PDF) as the store returns it, decrypted. */
export interface StoredImage {
  role: ImageRole;
  mime: StoredMime;
  bytes: Uint8Array;
  /** Pages of a PDF (1–30); absent for an image. */
  pages?: number | undefined;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
}
