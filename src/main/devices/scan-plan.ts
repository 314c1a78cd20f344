/**
 * What to ask a scanner for, derived from what is being scanned (the document kind of
 * src/shared/domain/documents.ts) and what the device can do, instead of one hard-coded "flatbed,
 * colour, 300 dpi, one page" for every capture (issue 10, kind 8).
 *
 * Rules, and why:
 * - Source: the flatbed when there is one (a card placed on glass cannot misfeed); the feeder when
 *   there is none (sheet-fed document scanners, eSCL devices with only `<scan:Adf>`), when the
 *   caller asks for it, or for cards when `devices.cardsFromFeeder` is set and the feeder is duplex.
 * - Duplex: an ID-1 card whose front is asked for, on a device whose feeder scans both sides in one
 *   pass, is scanned duplex: two images (front, back) from one feed, so staff insert the card once.
 * - Area: the document's nominal size (ISO/IEC 7810 ID-1 85.6 × 54 mm, ID-3 125 × 88 mm, A4) plus a
 *   margin for placing it by hand (SCAN_AREA_MM), clamped to the device's maximum.
 * - Resolution: 300 dpi for cards and passport pages (ICAO 9303 and the providers' OCR want at least
 *   300 dpi on an ID-1 card), 200 dpi for A4 pages (text documents); configurable per kind.
 * - Colour: always colour when the device has it (providers check colour security features).
 * - A multi-page document (a supporting document) on a device with both a glass and a feeder goes
 *   where staff put it (documentScanSettings): the glass is one page, the feeder every sheet in it.
 */
import type { DocumentKind } from '../../shared/domain/documents';
import { DOCUMENT_SIZE_MM } from '../../shared/domain/documents';
import type { ImageRole } from '../../shared/domain/flows';
import type { ColourMode, PaperSource, ScanSettings, SourceCapabilities } from '../../shared/ipc/devices';

/** A scan as the sources run it: every choice made. Lengths in millimetres, resolution in dpi. */
export interface ScanRequest {
  /** What is being scanned; decides the area, and (with the device) the rest. */
  document: DocumentKind;
  /** What the first image is of (front, back, passport...); a duplex card's second image is its back. */
  role: ImageRole;
  paperSource: PaperSource;
  /** Both sides in one pass of the feeder (the images alternate front, back). */
  duplex: boolean;
  colourMode: ColourMode;
  resolution: number;
  /**
   * Images wanted: 1 from the flatbed; 2 for a duplex card; n sheets from the feeder. With
   * `sheets: 'until-empty'` it is the most the feed may give: a sheet beyond it stops the feed with
   * `scan_too_many_pages` (details `{ max }`).
   */
  pages: number;
  /**
   * 'counted': exactly `pages` images. 'until-empty': every sheet in the feeder (a multi-page
   * supporting document, issue 9): the feeder running out after ≥ 1 sheet is the normal end, 0
   * sheets is `scanner_feeder_empty`. Only ever 'until-empty' with `paperSource: 'adf'`.
   */
  sheets: SheetCount;
  /** Scan window from the top-left corner of the glass, or of the sheet for a feeder. */
  areaMm: { width: number; height: number };
}

/** How many sheets a scan takes: a fixed count, or whatever the feeder holds (up to the cap). */
export type SheetCount = 'counted' | 'until-empty';

/**
 * The most sheets one feed-until-empty scan takes: Jumio's limit on a DOCUMENT part, 30 pages
 * (seed 004; providers.md §3). The 31st sheet stops the feed; nothing is kept.
 */
export const MAX_FEED_PAGES = 30;

/** Per-kind resolution defaults (dpi); `devices.resolutionDpi` in the configuration overrides them. */
export const DEFAULT_RESOLUTION_DPI: Readonly<Record<Exclude<DocumentKind, 'selfie'>, number>> = {
  id1_card: 300,
  passport_page: 300,
  a4_page: 200,
};

/**
 * The scan window per kind (mm): the nominal size with room for a document placed by hand against
 * the glass's corner (ID-1 85.6 × 54 → 90 × 60; ID-3 125 × 88 → 130 × 95), A4 as it is.
 */
export const SCAN_AREA_MM: Readonly<
  Record<Exclude<DocumentKind, 'selfie'>, { width: number; height: number }>
> = {
  id1_card: { width: 90, height: 60 },
  passport_page: { width: 130, height: 95 },
  a4_page: { width: DOCUMENT_SIZE_MM.a4_page!.width, height: DOCUMENT_SIZE_MM.a4_page!.height },
};

export { documentKindOfRole } from '../../shared/domain/documents';

export interface PlanOptions {
  resolutionDpi?: Partial<Record<Exclude<DocumentKind, 'selfie'>, number>>;
  /**
   * On a device with both a flatbed and a duplex feeder, take ID cards from the feeder (front and
   * back in one feed). Default false: the glass, where a card cannot misfeed.
   */
  cardsFromFeeder?: boolean;
}

/**
 * The request for one capture. `settings` are the caller's explicit choices (any may be absent);
 * what is absent comes from the document kind and the capabilities.
 * @throws nothing: a device that lacks what is asked is refused later, by the registry.
 */
export function planScan(
  document: DocumentKind,
  role: ImageRole,
  capabilities: SourceCapabilities,
  settings: Partial<ScanSettings> = {},
  options: PlanOptions = {},
): ScanRequest {
  const kind = document === 'selfie' ? 'id1_card' : document;
  const cardFromFeeder =
    kind === 'id1_card' && role === 'front' && capabilities.duplex && options.cardsFromFeeder === true;
  const paperSource: PaperSource =
    settings.paperSource ??
    (capabilities.adf && (!capabilities.flatbed || cardFromFeeder) ? 'adf' : 'flatbed');
  // A card's front from the feeder brings its back along when the feeder is duplex.
  const duplex =
    paperSource === 'adf' &&
    capabilities.duplex &&
    (settings.duplex ?? (kind === 'id1_card' && role === 'front'));
  // Every sheet in the feeder only from a feeder, one side per sheet (a duplex card keeps its count).
  const sheets: SheetCount = paperSource === 'adf' && !duplex ? (settings.sheets ?? 'counted') : 'counted';
  const pages =
    paperSource === 'flatbed'
      ? 1
      : duplex
        ? Math.max(2, settings.pages ?? 2)
        : sheets === 'until-empty'
          ? Math.min(settings.pages ?? MAX_FEED_PAGES, MAX_FEED_PAGES)
          : (settings.pages ?? 1);
  const size = SCAN_AREA_MM[kind];
  const clamp = (mm: number, max: number | null): number => Math.round(Math.min(mm, max ?? mm) * 10) / 10;
  const colourMode: ColourMode =
    settings.colourMode ??
    (capabilities.colourModes.includes('color') || capabilities.colourModes.length === 0 ? 'color' : 'gray');
  const wanted = settings.resolution ?? options.resolutionDpi?.[kind] ?? DEFAULT_RESOLUTION_DPI[kind];
  return {
    document,
    role,
    paperSource,
    duplex,
    colourMode,
    resolution: nearest(capabilities.resolutions, wanted),
    pages,
    sheets,
    areaMm: {
      width: clamp(size.width, capabilities.maxWidthMm),
      height: clamp(size.height, capabilities.maxHeightMm),
    },
  };
}

/**
 * Where a multi-page document (a capture role with `pages`) is scanned from: the one staff chose
 * when the device has it, else the feeder when there is one (a stack of sheets), else the glass.
 */
export function documentPaperSource(capabilities: SourceCapabilities, chosen?: PaperSource): PaperSource {
  if (chosen === 'flatbed' && capabilities.flatbed) return 'flatbed';
  if (chosen === 'adf' && capabilities.adf) return 'adf';
  return capabilities.adf ? 'adf' : 'flatbed';
}

/**
 * The explicit settings of a multi-page document's scan, by where it is: on the glass one page
 * (`sheets: 'counted'`, 1: a single sheet there must not be looked for in the feeder, which would
 * answer `scanner_feeder_empty`); in the feeder every sheet until it is empty, at most `maxPages`
 * (the role's page limit, Jumio's 30 for a DOCUMENT; capped by MAX_FEED_PAGES in planScan).
 */
export function documentScanSettings(
  where: PaperSource,
  maxPages?: number,
): Pick<ScanSettings, 'paperSource' | 'sheets' | 'pages'> {
  return where === 'flatbed'
    ? { paperSource: 'flatbed', sheets: 'counted', pages: 1 }
    : { paperSource: 'adf', sheets: 'until-empty', ...(maxPages !== undefined ? { pages: maxPages } : {}) };
}

/**
 * The supported resolution closest to `wanted`, preferring the higher one on a tie (never less
 * detail than asked when the device cannot do exactly that). Empty list: `wanted` as is.
 */
export function nearest(resolutions: readonly number[], wanted: number): number {
  if (resolutions.length === 0) return wanted;
  return resolutions.reduce((best, r) => {
    const d = Math.abs(r - wanted) - Math.abs(best - wanted);
    return d < 0 || (d === 0 && r > best) ? r : best;
  });
}
