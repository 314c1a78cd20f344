/**
 * The one shape every IPC operation answers with. Errors carry a stable `code` that the renderer
 * translates for the operator, and an English `message` for logs and support staff.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_operation'
  | 'forbidden_sender'
  | 'not_found'
  | 'conflict'
  /** A retake of an image the provider already received and answered for. */
  | 'already_sent'
  | 'unavailable'
  /** The flow needs its provider online at the start (a secret or a live session) and it is not reachable. */
  | 'provider_offline'
  /** The flow cannot start as asked (a required secret missing, the case must be started first). */
  | 'flow_needs_start'
  | 'disk_full'
  | 'storage_failure'
  /** The data folder is held by another kiosk process. */
  | 'store_already_open'
  | 'internal'
  /** An operation of training mode only (reset training data) asked of a production kiosk. */
  | 'training_only'
  // Staff sign-in and roles (src/main/security).
  /** Nobody is signed in, or the session is locked. */
  | 'unauthenticated'
  /** The signed-in operator's role may not do this. */
  | 'forbidden'
  /** Unknown operator, wrong PIN/password or disabled account (deliberately not told apart). */
  | 'sign_in_failed'
  /** Too many failed sign-ins: details.retryAfterMs. */
  | 'locked_out'
  /** The OS secret store protects nothing (safeStorage basic_text): IT must install one. */
  | 'secret_store_unsafe'
  // Capture sources and imaging (src/main/devices, src/main/imaging).
  | 'image_unreadable'
  | 'image_too_large'
  | 'image_too_small'
  | 'image_format'
  /** An image no document can fit (a 30000 × 1 strip, a 20000 × 3 line). */
  | 'image_shape'
  | 'scanner_not_found'
  /** No QR code could be read from the scan or image (cases.readCode). */
  | 'code_unreadable'
  /** A QR code was read, but it does not hold a value for the field (a shop's link, another id). */
  | 'code_not_valid'
  | 'scanner_busy'
  | 'scanner_jammed'
  | 'scanner_no_docs'
  /** A feed-until-empty scan (a multi-page document) found no sheet in the feeder. */
  | 'scanner_feeder_empty'
  /** A feed-until-empty scan had more sheets than the provider takes (details.max): nothing kept. */
  | 'scan_too_many_pages'
  /**
   * A scanned page came without its resolution (the device gave none and none could be measured):
   * its physical size, and so a PDF page's, is unknown (details.page, 1-based). Nothing was stored.
   */
  | 'scan_page_no_resolution'
  /**
   * An optional image (a supporting document) captured after the case was sent without it: the
   * provider's request no longer takes it (details.role). Nothing was stored; the case goes on.
   */
  | 'capture_too_late'
  | 'scanner_cover_open'
  | 'scanner_io_error'
  | 'scanner_access_denied'
  | 'scanner_failed'
  /** The device refused a setting (SANE_STATUS_INVAL): the message names it; the device is fine. */
  | 'scanner_setting_refused'
  | 'scan_timeout'
  | 'scan_cancelled'
  // A supporting document as a PDF file (src/main/imaging/pdf-document.ts; Jumio: ≤ 30 pages, ≤ 15 MB).
  /** Not a PDF, or a damaged or truncated one: its pages cannot be read. */
  | 'pdf_unreadable'
  /** Password-protected (encrypted): the provider cannot open it either. */
  | 'pdf_encrypted'
  /** Over the provider's size limit (details.maxBytes). */
  | 'pdf_too_large'
  /** Over the provider's page limit (details.pages, details.maxPages). */
  | 'pdf_too_many_pages'
  /** A PDF for a role that takes an image (only a multi-page supporting document may be a PDF). */
  | 'pdf_not_for_role';

export interface IpcError {
  code: ErrorCode;
  message: string;
  /** Optional machine-readable details (field paths of a validation error, provider codes). */
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: unknown): Result<never> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}
