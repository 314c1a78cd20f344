/**
 * Capture sources (scanners, watched folder, simulated scanner) and the processed images they
 * produce. Main runs every image through the imaging pipeline before answering, so the renderer
 * only ever receives normalised, metadata-free JPEG/PNG bytes with their quality figures.
 */
import { z } from 'zod';
import { documentKindSchema } from '../domain/documents';
import { imageRoleSchema, providerIdSchema } from '../domain/flows';
import { event, operation } from './define';

/** Largest file an operator may import from disk (the imaging intake applies its own, lower caps). */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024;

/** Bytes of an image: Uint8Array over Electron IPC (structured clone) and the harness wire alike. */
const bytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

export const sourceKindSchema = z.enum(['sane', 'escl', 'twain', 'folder', 'simulated']);
export type SourceKind = z.infer<typeof sourceKindSchema>;

export const colourModeSchema = z.enum(['color', 'gray']);
export type ColourMode = z.infer<typeof colourModeSchema>;

export const paperSourceSchema = z.enum(['flatbed', 'adf']);
export type PaperSource = z.infer<typeof paperSourceSchema>;

export const sourceStatusSchema = z.enum(['ready', 'busy', 'offline', 'error']);
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

export const sourceCapabilitiesSchema = z.object({
  flatbed: z.boolean(),
  adf: z.boolean(),
  /** The feeder scans both sides in one pass. */
  duplex: z.boolean(),
  /** Supported resolutions in dpi, ascending; empty when the source has no notion of it (folder). */
  resolutions: z.array(z.number().int().positive()),
  colourModes: z.array(colourModeSchema),
  /** Largest scan area in millimetres, when known. */
  maxWidthMm: z.number().positive().nullable(),
  maxHeightMm: z.number().positive().nullable(),
});
export type SourceCapabilities = z.infer<typeof sourceCapabilitiesSchema>;

export const captureSourceInfoSchema = z.object({
  id: z.string(),
  kind: sourceKindSchema,
  /** As the device reports itself (vendor and model, eSCL MakeAndModel, mDNS name): never translated. */
  label: z.string(),
  /**
   * A source the kiosk itself names (training mode's simulated scanners): the renderer shows
   * `devices.source.<key>` in the operator's language, with `params`, instead of `label`.
   */
  labelKey: z
    .object({
      key: z.enum(['specimen', 'unreadable', 'simulated', 'phoneQr']),
      params: z.record(z.string(), z.string()),
    })
    .optional(),
  status: sourceStatusSchema,
  /** Training-only source (simulated scanner, honest TWAIN fake): the UI must say so. */
  simulated: z.boolean(),
  capabilities: sourceCapabilitiesSchema,
});
export type CaptureSourceInfo = z.infer<typeof captureSourceInfoSchema>;

export const qualityReasonSchema = z.enum([
  'blurry',
  'too_dark',
  'too_bright',
  'glare',
  'low_resolution',
  'no_card_found',
  /** The MRZ says the document has expired (ICAO 9303 date of expiry, before today). */
  'expired',
  /** A passport page whose MRZ could not be read, or whose check digits fail. */
  'mrz_unreadable',
]);
export type QualityReason = z.infer<typeof qualityReasonSchema>;

export const qualityVerdictSchema = z.enum(['ok', 'warn', 'retake']);
export type QualityVerdict = z.infer<typeof qualityVerdictSchema>;

const pointSchema = z.object({ x: z.number(), y: z.number() });

/**
 * What the kiosk read locally in a document's machine-readable zone (ICAO Doc 9303): the lines as
 * corrected, the fields, which checks failed, and what the flow screen needs to prefill and warn.
 */
export const mrzReadingSchema = z.object({
  format: z.enum(['TD1', 'TD2', 'TD3']),
  lines: z.array(z.string()),
  /** Every check digit, date and code is right. */
  valid: z.boolean(),
  /** Failed checks, as mrz.ts names them ('document_number_check', 'birth_date_invalid'…). */
  errors: z.array(z.string()),
  fields: z.object({
    documentCode: z.string(),
    issuingState: z.string(),
    surname: z.string(),
    givenNames: z.string(),
    documentNumber: z.string(),
    nationality: z.string(),
    /** YYMMDD as printed and as ISO yyyy-mm-dd (century inferred: birth in the past). */
    birthDate: z.string(),
    birthDateIso: z.string().nullable(),
    sex: z.string(),
    expiryDate: z.string(),
    expiryDateIso: z.string().nullable(),
    personalNumber: z.string(),
  }),
  /** Date of expiry before the capture's day. */
  expired: z.boolean(),
  /**
   * Egyptian passports carry the national ID number as personal number: whether it is a valid
   * national ID number agreeing with the MRZ's birth date and sex.
   */
  nationalId: z.enum(['not_applicable', 'absent', 'consistent', 'invalid', 'inconsistent']),
  /** The page was read upside down and turned. */
  turned: z.boolean(),
});
export type MrzReading = z.infer<typeof mrzReadingSchema>;

/** Figures stored with each capture; the renderer translates `quality.<reason>`. */
export const qualityReportSchema = z.object({
  verdict: qualityVerdictSchema,
  issues: z.array(z.object({ reason: qualityReasonSchema, severity: z.enum(['warn', 'retake']) })),
  figures: z.object({
    width: z.number().int(),
    height: z.number().int(),
    /** Estimated resolution, from the card's physical size when found, else the file's metadata. */
    dpi: z.number().nullable(),
    dpiSource: z.enum(['card', 'metadata', 'none']),
    /** Variance of the Laplacian on a fixed-size greyscale copy: higher is sharper. */
    blur: z.number(),
    /** Mean grey level 0..255. */
    brightness: z.number(),
    /** Share of the document under specular highlights (glare), 0..1. */
    glareFraction: z.number(),
    /** Share of each data zone (photo, data, mrz, page) hidden by highlights, 0..1. */
    glareZones: z.record(z.string(), z.number()).optional(),
    /** Grey levels under which 2 % (ink) and over which 2 % (paper) of the document lie. */
    inkLevel: z.number().optional(),
    paperLevel: z.number().optional(),
    /** Share of near-black pixels, 0..1. */
    darkFraction: z.number(),
    cardFound: z.boolean(),
    deskewDegrees: z.number(),
    /** The document's corners in the captured image (TL, TR, BR, BL as read), when found. */
    documentCorners: z.array(pointSchema).length(4).nullable().optional(),
  }),
  /** The machine-readable zone read on the kiosk (passport pages), null when none was found. */
  mrz: mrzReadingSchema.nullable().optional(),
  /**
   * A document fed page by page (a supporting document from the feeder, joined into one PDF): the
   * pages (1-based) the quality check judged "retake", which staff rescan or keep.
   */
  retakePages: z.array(z.number().int().min(1)).optional(),
});
export type QualityReport = z.infer<typeof qualityReportSchema>;

export const processedImageSchema = z.object({
  bytes: bytesSchema,
  mime: z.enum(['image/jpeg', 'image/png']),
  width: z.number().int(),
  height: z.number().int(),
  sha256: z.string(),
  quality: qualityReportSchema,
});
export type ProcessedImage = z.infer<typeof processedImageSchema>;

/**
 * Explicit choices for one scan. Each one left out is derived from the document kind and the
 * device's capabilities (src/main/devices/scan-plan.ts): that is the normal case.
 */
export const scanSettingsSchema = z
  .object({
    paperSource: paperSourceSchema.optional(),
    /** Both sides in one pass of the feeder. */
    duplex: z.boolean().optional(),
    colourMode: colourModeSchema.optional(),
    /** Dots per inch; the device's nearest supported value is used. */
    resolution: z.number().int().min(75).max(1200).optional(),
    /** Images to take from the feeder in one go (a duplex card = 2). Flatbed: always 1. */
    pages: z.number().int().min(1).max(20).optional(),
    /**
     * 'until-empty': every sheet in the feeder (up to 30, Jumio's DOCUMENT limit), `pages` being
     * the cap; default 'counted' (exactly `pages`). Ignored for the flatbed.
     */
    sheets: z.enum(['counted', 'until-empty']).optional(),
  })
  .strict();
export type ScanSettings = z.infer<typeof scanSettingsSchema>;

const sourcesAnswer = z.object({ sources: z.array(captureSourceInfoSchema) });
const imagesAnswer = z.object({
  images: z.array(processedImageSchema),
  /** What each image is of, in order (a duplex card: front, back). */
  roles: z.array(imageRoleSchema),
});

export const devicesOperations = {
  'devices.list': operation({
    summary: 'The capture sources known now (no new probing).',
    input: z.undefined(),
    output: sourcesAnswer,
  }),
  'devices.refresh': operation({
    summary: 'Probe for scanners again (SANE re-list, eSCL status) and answer the new list.',
    input: z.undefined(),
    output: sourcesAnswer,
  }),
  'devices.scan': operation({
    summary: 'Scan with one source; every page comes back processed (normalised, checked, encoded).',
    input: z
      .object({
        sourceId: z.string().min(1).max(300),
        role: imageRoleSchema,
        /** What is scanned (ID-1 card, passport page, A4 page); default: the role's usual kind. */
        document: documentKindSchema.optional(),
        /** Encode to fit this provider's limits; without it the kiosk's archive encoding is used. */
        provider: providerIdSchema.optional(),
        settings: scanSettingsSchema.default({}),
        /** Chosen by the renderer so that devices.cancel can stop this scan. */
        scanId: z.string().min(1).max(100).optional(),
      })
      .strict(),
    output: imagesAnswer,
  }),
  'devices.cancel': operation({
    summary: 'Cancel a running scan started with this scanId; answers whether one was running.',
    input: z.object({ scanId: z.string().min(1).max(100) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'devices.importFile': operation({
    summary: 'An image file the operator chose, sent as bytes; goes through the same intake as scans.',
    input: z
      .object({
        /** For logs only: never trusted for the format. */
        name: z.string().max(260),
        bytes: bytesSchema.refine((b) => b.byteLength <= MAX_IMPORT_BYTES, 'file too large'),
        role: imageRoleSchema,
        provider: providerIdSchema.optional(),
      })
      .strict(),
    output: processedImageSchema,
  }),
};

export const devicesEvents = {
  'devices.changed': event({
    summary: 'A source appeared, disappeared or changed status (hot-plug, refresh, watched folder).',
    payload: sourcesAnswer,
  }),
  'devices.feedProgress': event({
    summary:
      'A feed-until-empty scan (a multi-page supporting document) finished one more sheet; the ' +
      'flow screen shows "page n".',
    payload: z.object({
      sourceId: z.string(),
      /** The sheet just scanned, 1-based. */
      sheet: z.number().int().min(1),
    }),
  }),
  'devices.imageArrived': event({
    summary: 'The watched folder took in a dropped file (take it with devices.scan) or rejected it.',
    payload: z.object({
      sourceId: z.string(),
      /** File name only (no folder), for the operator. */
      file: z.string(),
      accepted: z.boolean(),
      /** Why a file was rejected: an ErrorCode, translated as `errors.<code>`. */
      code: z.string().optional(),
      /** Accepted files waiting to be taken. */
      waiting: z.number().int(),
    }),
  }),
};
