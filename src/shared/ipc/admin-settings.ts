/**
 * The administrator's settings screen (issue 13, "Administration"): default language, idle timeout
 * and retention, kept in the kiosk's SQLite store and applied at once; and the checks an
 * administrator runs from it (a test scan per scanner, a connectivity test per provider, replacing
 * a provider secret). Only the administrator role may call these (roles.ts). None of them reads or
 * answers customer data, and no provider secret is ever answered.
 */
import { z } from 'zod';
import { providerIdSchema } from '../domain/flows';
import { languageSchema } from './app';
import { operation } from './define';

/** Bounds of the idle timeout, in whole minutes: below one the desk cannot be used, above 30 a left screen shows a customer too long. */
export const IDLE_TIMEOUT_MINUTES = { min: 1, max: 30 } as const;
/**
 * Bounds of the idle lock (the PIN asked again), in whole minutes: under a minute staff retype the
 * PIN between two customers; over an hour an unattended desk stays open to anyone (the
 * configuration's `security.lockAfterSeconds` allows 30 s to 3600 s).
 */
export const LOCK_AFTER_MINUTES = { min: 1, max: 60 } as const;
/** Bounds of the retention of completed cases' personal data on the kiosk, in days (the configuration's own range, but at least a day). */
export const RETENTION_DAYS = { min: 1, max: 365 } as const;

export const adminSettingsSchema = z.object({
  /** The UI language at start and after an administrator changes it. */
  defaultLanguage: languageSchema,
  /**
   * Screens showing a customer's data return home after this long without input (minutes; may be
   * fractional when it comes from the configuration's `idleTimeoutSeconds`).
   */
  idleTimeoutMinutes: z.number().positive(),
  /**
   * A signed-in session locks (the PIN asked again) after this long without input (minutes; may be
   * fractional when it comes from the configuration's `security.lockAfterSeconds`).
   */
  lockAfterMinutes: z.number().positive(),
  /** Completed cases' personal data is removed this many days after completion. */
  retentionDays: z.number().min(0),
  /** Which values an administrator set here (the others come from kiosk.config.json or defaults). */
  changed: z.array(z.enum(['defaultLanguage', 'idleTimeoutMinutes', 'lockAfterMinutes', 'retentionDays'])),
});
export type AdminSettings = z.infer<typeof adminSettingsSchema>;

export const adminSettingsPatchSchema = z
  .object({
    defaultLanguage: languageSchema.optional(),
    idleTimeoutMinutes: z
      .number()
      .int()
      .min(IDLE_TIMEOUT_MINUTES.min)
      .max(IDLE_TIMEOUT_MINUTES.max)
      .optional(),
    lockAfterMinutes: z.number().int().min(LOCK_AFTER_MINUTES.min).max(LOCK_AFTER_MINUTES.max).optional(),
    retentionDays: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });
export type AdminSettingsPatch = z.infer<typeof adminSettingsPatchSchema>;

/** Why a provider could not be reached, as the operator is told it (`admin.providerFailure.<code>`). */
export const connectivityFailureSchema = z.enum(['dns', 'refused', 'timeout', 'tls', 'network']);
export type ConnectivityFailure = z.infer<typeof connectivityFailureSchema>;

/** A configured provider as the settings screen lists it: where it is, never its secrets. */
export const providerEntrySchema = z.object({
  provider: providerIdSchema,
  /** The URL the connectivity test asks (the base URL; Jumio: its API host). */
  url: z.string(),
  timeoutMs: z.number().int(),
  /** The secret fields this provider's configuration has (names only), which can be replaced. */
  secrets: z.array(z.string()),
  /** Names of the secrets an administrator replaced on this kiosk. */
  replaced: z.array(z.string()),
});
export type ProviderEntry = z.infer<typeof providerEntrySchema>;

export const connectivityResultSchema = z.object({
  provider: providerIdSchema,
  reachable: z.boolean(),
  /** Time to the answer's headers (or to the failure), ms. */
  ms: z.number().int().min(0),
  /** The HTTP status the provider answered (any status means reachable); null when none came. */
  status: z.number().int().nullable(),
  failure: connectivityFailureSchema.nullable(),
});
export type ConnectivityResult = z.infer<typeof connectivityResultSchema>;

const bytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

export const testScanResultSchema = z.object({
  /** From the start of the scan to the processed image, ms. */
  ms: z.number().int().min(0),
  pages: z.number().int().min(1),
  /** Size of the first processed page, pixels. */
  width: z.number().int(),
  height: z.number().int(),
  /** A small JPEG of the first page (at most 320 px on its long side). */
  preview: bytesSchema,
});
export type TestScanResult = z.infer<typeof testScanResultSchema>;

export const adminSettingsOperations = {
  'admin.getSettings': operation({
    summary: 'The settings in force (administrator changes over kiosk.config.json over defaults).',
    input: z.undefined(),
    output: adminSettingsSchema,
  }),
  'admin.updateSettings': operation({
    summary:
      'Changes one or more settings; each change is audited in the same transaction and applies at ' +
      'once (language and idle timeout pushed in app.statusChanged, the lock time in auth.sessionChanged, ' +
      'the retention sweep run again).',
    input: adminSettingsPatchSchema,
    output: adminSettingsSchema,
  }),
  'admin.testScan': operation({
    summary:
      'A real scan with one source (an ID-1 card area); answers the time, size and a small preview, ' +
      'or the scanner error. Nothing is stored.',
    input: z.object({ sourceId: z.string().min(1).max(300) }).strict(),
    output: testScanResultSchema,
  }),
  'admin.listProviders': operation({
    summary: 'The providers in use (configured, or training mode’s simulators), without secrets.',
    input: z.undefined(),
    output: z.object({ providers: z.array(providerEntrySchema) }),
  }),
  'admin.testProvider': operation({
    summary:
      'One GET to the provider’s base URL with its configured timeout, no credentials and no ' +
      'customer data: reachable with its HTTP status and latency, or why not (DNS, refused, timeout, TLS).',
    input: z.object({ provider: providerIdSchema }).strict(),
    output: connectivityResultSchema,
  }),
  'admin.replaceProviderSecret': operation({
    summary:
      'Replaces one of a provider’s secrets: sealed like admin.encryptSecret, kept in the store, ' +
      'used from the next call on. Write-only: no operation answers it.',
    input: z
      .object({
        provider: providerIdSchema,
        name: z.string().min(1).max(64),
        secret: z.string().min(1).max(4096),
      })
      .strict(),
    output: providerEntrySchema,
  }),
};
