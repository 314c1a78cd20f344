/**
 * The `providers` section of kiosk.config.json. Absent (or `{}`) means training mode; each vendor
 * that is present switches its flows to that provider. Everything the sources disagree on or that
 * differs per bank (base URLs, tenant ids, the VerifyPassword path, ARGOS body encoding, Jumio region
 * and User-Agent) is here, with defaults from providers.md. Secrets are plain strings only for
 * training; a fleet writes them encrypted (`{ "encrypted": "<base64>" }`) and the host supplies the
 * decryptor (Electron's safeStorage), so they never sit in the file in clear.
 */
import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https everywhere, except loopback (the simulators of training mode and the tests). */
export const serviceUrlSchema = z.url().refine(
  (value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  },
  { message: 'must be an https URL (plain http only on loopback)' },
);

/** A base URL always ends with '/', so relative paths resolve under it. */
const baseUrlSchema = serviceUrlSchema.transform((value) => (value.endsWith('/') ? value : `${value}/`));

export const secretSchema = z.union([z.string().min(1), z.object({ encrypted: z.string().min(1) }).strict()]);
export type SecretValue = z.infer<typeof secretSchema>;

const timeoutSchema = z.number().int().min(1_000).max(300_000);

export const luminConfigSchema = z
  .object({
    /** Base of the KYC/onboarding paths, e.g. https://ekyc.bank.example/Onboarding/ (docs) or …/OnBoarding/ (SDK). */
    baseUrl: baseUrlSchema,
    /**
     * Base of the update paths (`api/v1/update/...`): the docs and the seeds put them at the host
     * root, beside `/Onboarding/`. Defaults to the root of baseUrl's host (`https://host/`).
     */
    updateBaseUrl: baseUrlSchema.optional(),
    tenantId: z.string().min(1),
    tenantSecret: secretSchema,
    deviceId: z.string().min(1).optional(),
    /** The docs and the SDK disagree; the documented path is the default. */
    verifyPasswordPath: z.string().min(1).default('api/v1/update/UpdateRequest/VerifyPassword'),
    /**
     * Whether the KYC tenant has translation on (English names mandatory on approve). The KYC API has
     * no query for it: 'auto' treats it as on when the OCR answer carried English names.
     */
    kycTranslation: z.enum(['auto', 'on', 'off']).default('auto'),
    /** The SDK uses one minute. */
    timeoutMs: timeoutSchema.default(60_000),
  })
  .strict()
  .transform((config) => ({
    ...config,
    updateBaseUrl: config.updateBaseUrl ?? new URL('/', config.baseUrl).href,
  }));

export const ARGOS_ID_TYPES = [
  'drivers_license',
  'government_id',
  'passport',
  'residence_permit',
  'vehicle_registration_certificate',
  'visa',
  'aadhaar',
  'pancard',
] as const;

export const argosConfigSchema = z
  .object({
    baseUrl: baseUrlSchema.default('https://rest-api.argosidentity.com/v3/'),
    apiKey: secretSchema,
    /** E-mail of the admin account registered in the tenant's dashboard; a case may override it. */
    admin: z.email(),
    /** The seed says raw JSON; the current docs use multipart form fields. */
    bodyEncoding: z.enum(['json', 'multipart']).default('json'),
    /** idType sent with ID images unless the case says otherwise. */
    idType: z.enum(ARGOS_ID_TYPES).default('government_id'),
    /** How long to wait between result reads while ARGOS says pending. */
    resultPollMs: z.number().int().min(1_000).default(60_000),
    timeoutMs: timeoutSchema.default(60_000),
  })
  .strict();

const jumioBrokerSchema = z
  .object({
    mode: z.literal('broker'),
    /** A bank-side service that holds the client secret and starts transactions for the kiosk. */
    url: serviceUrlSchema,
    /** Sent as a bearer token to the broker, if it wants one. */
    apiKey: secretSchema.optional(),
  })
  .strict();

const jumioDirectSchema = z
  .object({
    mode: z.literal('direct'),
    clientId: z.string().min(1),
    clientSecret: secretSchema,
  })
  .strict();

/** Jumio's recommended status reads without a callback (providers.md 3.3), seconds apart. */
export const JUMIO_STATUS_POLL_GAPS_SECONDS = [40, 60, 100, 160, 250, 400, 600, 900, 900, 900] as const;

export const jumioConfigSchema = z
  .object({
    region: z.enum(['amer-1', 'emea-1', 'apac-1']).default('emea-1'),
    /** Jumio refuses calls without a meaningful User-Agent (`Company App/version`). */
    userAgent: z.string().min(3).default('BranchKycKiosk/0.1.0'),
    /** Per-host overrides (the simulators serve all four from one loopback base). */
    urls: z
      .object({
        auth: baseUrlSchema.optional(),
        account: baseUrlSchema.optional(),
        api: baseUrlSchema.optional(),
        retrieval: baseUrlSchema.optional(),
      })
      .strict()
      .default({}),
    start: z.discriminatedUnion('mode', [jumioBrokerSchema, jumioDirectSchema]),
    workflowKey: z.union([z.number().int(), z.string().min(1)]).default(10013),
    /** Credentials the workflow asks for; DOCUMENT and DATA are added when a case has them. */
    country: z.string().length(3).default('EGY'),
    idDocumentType: z.enum(['ID_CARD', 'PASSPORT', 'DRIVING_LICENSE']).default('ID_CARD'),
    /**
     * How account create/update writes an ID credential's `country` and `type`. The seeds do not
     * show it; Jumio's public docs use objects with a `values` list
     * (`{ "country": { "values": ["EGY"] }, "type": { "values": ["ID_CARD"] } }`), the default.
     * 'plain' sends bare strings (`"country": "EGY"`) for tenants whose workflow takes those.
     */
    credentialShape: z.enum(['values', 'plain']).default('values'),
    /**
     * The "delete all pages" call seed 004 names but does not show, as a path relative to a
     * credential's URL (e.g. "parts"). Unset (the default): the kiosk deletes part by part with the
     * documented `DELETE …/parts/{classifier}`.
     */
    deleteAllPagesPath: z
      .string()
      .regex(/^[A-Za-z0-9_\-/]+$/)
      .optional(),
    callbackUrl: serviceUrlSchema.optional(),
    /** Transaction token lifetime asked for, e.g. '30m' (Jumio's default). */
    tokenLifetime: z
      .string()
      .regex(/^[0-9]+[smhd]$/)
      .optional(),
    timeoutMs: timeoutSchema.default(60_000),
    /**
     * Gaps between status reads after finalize, in seconds (providers.md 3.3: about ten reads,
     * 40 s, 60 s, 100 s, … up to about 15 minutes); after the last one the case goes to a person.
     * Shorter gaps only for a tenant whose workflow answers faster, or training.
     */
    statusPollGapsSeconds: z
      .array(z.number().positive().max(3600))
      .min(1)
      .max(20)
      .default([...JUMIO_STATUS_POLL_GAPS_SECONDS]),
  })
  .strict();

export const providersConfigSchema = z
  .object({
    lumin: luminConfigSchema.optional(),
    argos: argosConfigSchema.optional(),
    jumio: jumioConfigSchema.optional(),
  })
  .strict();

export type LuminConfig = z.infer<typeof luminConfigSchema>;
export type ArgosConfig = z.infer<typeof argosConfigSchema>;
export type JumioConfig = z.infer<typeof jumioConfigSchema>;
export type ProvidersConfig = z.infer<typeof providersConfigSchema>;
/** What an administrator writes (defaults not yet applied). */
export type ProvidersConfigInput = z.input<typeof providersConfigSchema>;

export function jumioUrls(config: JumioConfig): {
  auth: string;
  account: string;
  api: string;
  retrieval: string;
} {
  const r = config.region;
  return {
    auth: config.urls.auth ?? `https://auth.${r}.jumio.ai/`,
    account: config.urls.account ?? `https://account.${r}.jumio.ai/`,
    api: config.urls.api ?? `https://api.${r}.jumio.ai/`,
    retrieval: config.urls.retrieval ?? `https://retrieval.${r}.jumio.ai/`,
  };
}
