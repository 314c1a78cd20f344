/**
 * Administration: operators, secrets for the configuration file, the diagnostics bundle. Only the
 * administrator role may call these (roles.ts); none of them reads or answers customer data.
 */
import { z } from 'zod';
import { operatorIdSchema, operatorSecretSchema, roleSchema } from './auth';
import { operation } from './define';

export const operatorSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  training: z.boolean(),
  disabled: z.boolean(),
  /** Epoch ms until which sign-in is refused after repeated failures; null when not locked out. */
  lockedUntil: z.number().nullable(),
  failedAttempts: z.number().int(),
  createdAt: z.number(),
});
export type OperatorSummary = z.infer<typeof operatorSummarySchema>;

export const adminOperations = {
  'admin.listOperators': operation({
    summary: 'Every operator account of this kiosk (never the secrets).',
    input: z.undefined(),
    output: z.object({ operators: z.array(operatorSummarySchema) }),
  }),
  'admin.createOperator': operation({
    summary: 'A new operator with a role and an initial PIN/password (`conflict` if the id exists).',
    input: z
      .object({
        id: operatorIdSchema,
        name: z.string().trim().min(1).max(200),
        role: roleSchema,
        secret: operatorSecretSchema,
      })
      .strict(),
    output: operatorSummarySchema,
  }),
  'admin.updateOperator': operation({
    summary:
      'Change an operator’s name, role, disabled flag or secret; a new secret also clears a lockout. ' +
      'The last enabled administrator cannot be disabled or demoted.',
    input: z
      .object({
        id: z.string().min(1).max(64),
        name: z.string().trim().min(1).max(200).optional(),
        role: roleSchema.optional(),
        disabled: z.boolean().optional(),
        secret: operatorSecretSchema.optional(),
      })
      .strict(),
    output: operatorSummarySchema,
  }),
  'admin.encryptSecret': operation({
    summary:
      'Turns a provider secret into the `{ "encrypted": … }` value for kiosk.config.json, protected ' +
      'the way this kiosk decrypts it (Electron safeStorage; the harness: its key file).',
    input: z.object({ secret: z.string().min(1).max(4096) }).strict(),
    output: z.object({ encrypted: z.string() }),
  }),
  'admin.diagnostics': operation({
    summary:
      'Writes a diagnostics bundle (versions, configuration without secrets, devices, queue totals, ' +
      'redacted logs of the last days, audit verification) to the data folder; answers its path.',
    input: z
      .object({ days: z.number().int().min(1).max(30).default(3) })
      .strict()
      .default({ days: 3 }),
    output: z.object({ file: z.string(), bytes: z.number().int() }),
  }),
};
