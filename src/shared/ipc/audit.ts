/**
 * The audit trail as staff see it: who did what to which case and when (codes and field names, never
 * personal values), the verification of its keyed hash chain, and an export for compliance.
 */
import { z } from 'zod';
import { operation } from './define';

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  /** Epoch ms. */
  at: z.number(),
  actorId: z.string(),
  actorName: z.string(),
  actorRole: z.string().nullable(),
  action: z.string(),
  caseId: z.string().nullable(),
  /** Codes, step keys, field names: never personal values. */
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditProblemSchema = z.object({
  seq: z.number().int(),
  problem: z.enum(['edited', 'deleted', 'inserted', 'reordered', 'head']),
  message: z.string(),
});
export type AuditProblem = z.infer<typeof auditProblemSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  problems: z.array(auditProblemSchema),
  /** Epoch ms of the verification; null when none ran yet. */
  checkedAt: z.number().nullable(),
  ms: z.number(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

const range = z
  .object({
    /** Epoch ms, inclusive. */
    from: z.number().int().min(0).optional(),
    /** Epoch ms, exclusive. */
    to: z.number().int().min(0).optional(),
    caseId: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const auditOperations = {
  'audit.list': operation({
    summary: 'Audit entries, newest first, of a date range or one case.',
    input: range.default({ limit: 200 }),
    output: z.object({ entries: z.array(auditEntrySchema) }),
  }),
  'audit.verify': operation({
    summary: 'Verify the whole hash chain now; says which rows were edited, deleted, inserted or moved.',
    input: z.undefined(),
    output: auditVerificationSchema,
  }),
  'audit.lastVerification': operation({
    summary: 'The result of the start-up (or last) verification, without running a new one.',
    input: z.undefined(),
    output: auditVerificationSchema,
  }),
  'audit.export': operation({
    summary: 'Writes the entries of a date range as JSON lines to the exports folder; answers its path.',
    input: z
      .object({ from: z.number().int().min(0), to: z.number().int().min(0) })
      .strict()
      .refine((r) => r.to > r.from, 'to must be after from'),
    output: z.object({ file: z.string(), entries: z.number().int() }),
  }),
};
