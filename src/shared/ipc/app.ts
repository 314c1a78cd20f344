import { z } from 'zod';
import { event, operation } from './define';

export const languageSchema = z.enum(['en', 'ar']);
export type Language = z.infer<typeof languageSchema>;

export const appModeSchema = z.enum(['training', 'production']);
export type AppMode = z.infer<typeof appModeSchema>;

/**
 * The store's integrity check (src/main/store/integrity-service.ts): `scheduled` (background check
 * not yet run), `running`, `ok`, `failed` (SQLite found damage: the administrator is warned),
 * `error` (the check could not run), `off` (turned off in the configuration). `checkedAt` is an ISO
 * time; `at` says whether it ran when opening the store (after an unclean shutdown) or in the background.
 */
export const storeCheckSchema = z.object({
  state: z.enum(['off', 'scheduled', 'running', 'ok', 'failed', 'error']),
  at: z.enum(['opening', 'background']).optional(),
  checkedAt: z.string().optional(),
});
export type StoreCheck = z.infer<typeof storeCheckSchema>;

export const appStatusSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: appModeSchema,
  /** Which host runs the main-process services: the Electron shell or the browser harness. */
  host: z.enum(['electron', 'harness']),
  language: languageSchema,
  startedAt: z.string(),
  /** Screens showing a customer's data clear after this long without input. */
  idleTimeoutSeconds: z.number().int().positive(),
  /** A case waiting in the inbox longer than this is shown as overdue on Home (`attentionOverdueMinutes`). */
  attentionOverdueMinutes: z.number().int().positive(),
  /** The store's last integrity check (its failure is a warning for the administrator). */
  storeCheck: storeCheckSchema,
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const appOperations = {
  'app.getStatus': operation({
    summary: 'Version, mode and host of the running kiosk.',
    input: z.undefined(),
    output: appStatusSchema,
  }),
  'app.setLanguage': operation({
    summary: "Persist the operator's UI language; main uses it for provider Accept-Language.",
    input: z.object({ language: languageSchema }).strict(),
    output: appStatusSchema,
  }),
  'app.resetTraining': operation({
    summary:
      'Training mode\'s "reset training data": every simulator forgets the customers onboarded, ' +
      "its sessions and accounts, so the specimens can be onboarded again. The kiosk's own cases " +
      'stay. Refused with training_only on a production kiosk, unavailable when a simulator is stopped.',
    input: z.undefined(),
    output: z.object({ reset: z.array(z.enum(['lumin', 'argos', 'jumio'])) }),
  }),
};

export const appEvents = {
  'app.statusChanged': event({
    summary: 'The status changed (language, mode).',
    payload: appStatusSchema,
  }),
};
