/**
 * Staff sign-in: who is at the kiosk. One session per kiosk (one screen, one operator); every other
 * operation runs as the signed-in operator and is allowed by role (roles.ts). Secrets (PIN or
 * password) travel only inside signIn/unlock/createFirstAdministrator and are never answered back.
 */
import { z } from 'zod';
import { event, operation } from './define';

export const roleSchema = z.enum(['teller', 'supervisor', 'administrator']);
/** teller: the flows; supervisor: also cancel, purge, "did it arrive?", audit; administrator: settings. */
export type Role = z.infer<typeof roleSchema>;

// The training operators' PIN lives in plain data (no zod) so the sign-in screen can show it.
export { TRAINING_PIN } from '../domain/training-pin';

export const operatorIdSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash, underscore');

/**
 * A PIN (at least 6 digits) or a password (at least 10 characters). The rule lives here so the
 * renderer can say what is wrong before the call and main refuses it again.
 */
export const operatorSecretSchema = z
  .string()
  .max(200)
  .refine((s) => (/^\d+$/.test(s) ? s.length >= 6 : s.length >= 10), 'secret_too_weak');

export const sessionOperatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  training: z.boolean(),
});
export type SessionOperator = z.infer<typeof sessionOperatorSchema>;

export const sessionSchema = z.object({
  /** The signed-in operator; null when nobody is signed in. */
  operator: sessionOperatorSchema.nullable(),
  /** Signed in but locked (idle, or on request): only unlock or sign-out work until then. */
  locked: z.boolean(),
  /** No administrator exists yet (production): the first start asks for one. */
  needsFirstAdministrator: z.boolean(),
  /** Training mode only: the training operators to pick from on the sign-in screen. */
  trainingOperators: z.array(z.object({ id: z.string(), name: z.string(), role: roleSchema })),
  /** Lock after this long without a call (s). */
  lockAfterSeconds: z.number().int().positive(),
});
export type Session = z.infer<typeof sessionSchema>;

export const authOperations = {
  'auth.session': operation({
    summary: 'Who is signed in, whether the session is locked, whether a first administrator is needed.',
    input: z.undefined(),
    output: sessionSchema,
  }),
  'auth.signIn': operation({
    summary:
      'Sign in with operator id and PIN/password. Failures answer `sign_in_failed`; repeated ' +
      'failures lock the account for a growing time (`locked_out`, details.retryAfterMs).',
    input: z.object({ operatorId: z.string().min(1).max(64), secret: z.string().min(1).max(200) }).strict(),
    output: sessionSchema,
  }),
  'auth.signOut': operation({
    summary: 'End the session (the screen returns to sign-in).',
    input: z.undefined(),
    output: sessionSchema,
  }),
  'auth.lock': operation({
    summary: 'Lock the session (idle lock): the same operator unlocks with the PIN.',
    input: z.undefined(),
    output: sessionSchema,
  }),
  'auth.unlock': operation({
    summary: 'Unlock a locked session with the signed-in operator’s PIN/password.',
    input: z.object({ secret: z.string().min(1).max(200) }).strict(),
    output: sessionSchema,
  }),
  'auth.createFirstAdministrator': operation({
    summary: 'First start of a production kiosk: create the first administrator (refused once one exists).',
    input: z
      .object({ id: operatorIdSchema, name: z.string().trim().min(1).max(200), secret: operatorSecretSchema })
      .strict(),
    output: sessionSchema,
  }),
};

export const authEvents = {
  'auth.sessionChanged': event({
    summary: 'Signed in, signed out, locked or unlocked.',
    payload: sessionSchema,
  }),
};
