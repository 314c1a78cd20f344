/**
 * scanimage exits with the SANE_Status of the failing call and prints its text on stderr. Both are
 * mapped to an error code the operator sees translated ("the document is jammed"). The text wins
 * when present: a failure to open the device exits with 1 whatever the reason.
 */
import type { ErrorCode } from '../../../shared/ipc/result';
import { AppError } from '../../ipc/errors';

/** SANE_Status values (sane/sane.h) → kiosk error codes. */
const BY_STATUS: Record<number, ErrorCode> = {
  1: 'scanner_failed', // UNSUPPORTED
  2: 'scan_cancelled', // CANCELLED
  3: 'scanner_busy', // DEVICE_BUSY
  4: 'scanner_setting_refused', // INVAL: a request the device refused, not a missing device
  5: 'scanner_failed', // EOF (no image at all)
  6: 'scanner_jammed', // JAMMED
  7: 'scanner_no_docs', // NO_DOCS
  8: 'scanner_cover_open', // COVER_OPEN
  9: 'scanner_io_error', // IO_ERROR
  10: 'scanner_failed', // NO_MEM
  11: 'scanner_access_denied', // ACCESS_DENIED
};

/** sane_strstatus() texts, as scanimage prints them. */
const BY_TEXT: [RegExp, ErrorCode][] = [
  [/Document feeder jammed/i, 'scanner_jammed'],
  [/Document feeder out of documents/i, 'scanner_no_docs'],
  [/Scanner cover is open/i, 'scanner_cover_open'],
  [/Device busy/i, 'scanner_busy'],
  [/Error during device I\/O/i, 'scanner_io_error'],
  [/Access to resource has been denied/i, 'scanner_access_denied'],
  [/Operation was cancell?ed/i, 'scan_cancelled'],
  // dll answers INVAL for a device name it does not know: that one really is "not found".
  [/open of device .* failed|no SANE devices found/i, 'scanner_not_found'],
  [/Invalid argument/i, 'scanner_setting_refused'],
];

/**
 * The setting a device refused, from scanimage's messages (scanimage.c, set_option and scan_it):
 * `scanimage: setting of option --mode failed (Invalid argument)` names it; `scanimage: sane_start:
 * Invalid argument` refuses the combination as a whole (null). Undefined: nothing was refused.
 */
export function refusedSetting(stderr: string): string | null | undefined {
  const option = /setting of option --([\w-]+) failed \(Invalid argument\)/.exec(stderr);
  if (option) return option[1]!;
  if (/sane_start: Invalid argument/.test(stderr)) return null;
  return undefined;
}

export function saneFailure(exitCode: number | null, stderr: string, device: string): AppError {
  const lines = stderr.trim().split('\n').filter(Boolean);
  const text = lines.filter((l) => l.includes('scanimage:')).join(' | ') || lines.slice(-3).join(' | ');
  const byText = BY_TEXT.find(([pattern]) => pattern.test(text))?.[1];
  const code = byText ?? (exitCode !== null ? BY_STATUS[exitCode] : undefined) ?? 'scanner_failed';
  const refused = code === 'scanner_setting_refused' ? refusedSetting(stderr) : undefined;
  return new AppError(
    code,
    `scanimage on ${device} failed (exit ${exitCode ?? 'signal'}): ${text.slice(0, 300)}`,
    refused === undefined ? { exitCode } : { exitCode, refusedSetting: refused },
  );
}

/**
 * Judges a batch scan by everything scanimage said. In batch mode it can exit 0 after a failed read
 * ("scanimage: sane_read: Out of memory ... (scanner status = 10)"): the message and status still
 * say why, and a page it may have left behind is not trusted. A feeder that ran out after enough
 * pages is the normal end; fewer pages than asked is "no documents".
 */
export function batchFailure(
  exitCode: number | null,
  stderr: string,
  scanned: number,
  wanted: number,
  device: string,
): AppError | null {
  if (exitCode !== 0) return saneFailure(exitCode, stderr, device);
  const failedCall = /scanimage: sane_(?:start|read): (.*)/.exec(stderr);
  const feederEmpty = /out of documents/i.test(failedCall?.[1] ?? '');
  if (failedCall && !(feederEmpty && scanned >= wanted)) {
    const status = /scanner status = (\d+)/.exec(stderr)?.[1];
    return saneFailure(status ? Number(status) : exitCode, stderr, device);
  }
  if (scanned < wanted) {
    return new AppError('scanner_no_docs', `Asked for ${wanted} pages, the scanner gave ${scanned}`, {
      scanned,
    });
  }
  return null;
}

/**
 * Judges a feed-until-empty batch (`--batch` with `--batch-count` one above the cap, so the feed
 * stops at the first sheet too many instead of draining a full tray). scanimage(1): a batch ends
 * when the backend answers SANE_STATUS_NO_DOCS ("Document feeder out of documents"); it then exits
 * 7 when a count was given and not reached (0 without a count). Both are the normal end after ≥ 1
 * sheet. Errors: `scanner_feeder_empty` (0 sheets), `scan_too_many_pages` (details `{ max }`, more
 * than `maxPages` sheets: nothing is kept), or the device's own failure (jam, cover open...).
 */
export function feedFailure(
  exitCode: number | null,
  stderr: string,
  scanned: number,
  maxPages: number,
  device: string,
): AppError | null {
  const failedCall = /scanimage: sane_(?:start|read): (.*)/.exec(stderr);
  const feederEmpty = /out of documents/i.test(failedCall?.[1] ?? '');
  const cleanEnd = feederEmpty ? exitCode === 0 || exitCode === 7 : exitCode === 0 && !failedCall;
  if (!cleanEnd) {
    const status = exitCode === 0 ? /scanner status = (\d+)/.exec(stderr)?.[1] : undefined;
    return saneFailure(status ? Number(status) : exitCode, stderr, device);
  }
  if (scanned === 0) return new AppError('scanner_feeder_empty', `${device}: the feeder had no sheet`);
  if (scanned > maxPages) {
    return new AppError('scan_too_many_pages', `${device}: more than ${maxPages} sheets in the feeder`, {
      max: maxPages,
    });
  }
  return null;
}
