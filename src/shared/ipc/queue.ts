/**
 * The offline queue: cases waiting for, being sent to, or back from the provider. Summaries carry
 * no personal data (names and numbers stay sealed in main); the renderer shows states, reasons
 * (translated as `attention.<reason>`) and progress.
 */
import { z } from 'zod';
import {
  attentionReasonSchema,
  caseStateSchema,
  flowIdSchema,
  imageRoleSchema,
  providerIdSchema,
  stepKindSchema,
  stepStateSchema,
} from '../domain/flows';
import { event, operation } from './define';

const caseIdSchema = z.string().min(1).max(64);
const isoTime = z.string();

export const stepErrorSchema = z.object({ code: z.string(), message: z.string() });

export const caseSummarySchema = z.object({
  id: z.string(),
  flow: flowIdSchema,
  provider: providerIdSchema,
  state: caseStateSchema,
  attentionReason: attentionReasonSchema.nullable(),
  operatorId: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** The provider's deadline, once the first remote step succeeded. */
  deadlineAt: isoTime.nullable(),
  stepsDone: z.number().int(),
  stepsTotal: z.number().int(),
  /** When the relay tries again (after a failure, with back-off). */
  nextAttemptAt: isoTime.nullable(),
  lastError: stepErrorSchema.nullable(),
  /** Retention removed the images and personal fields. */
  purged: z.boolean(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseStepSchema = z.object({
  key: z.string(),
  kind: stepKindSchema,
  state: stepStateSchema,
  attempts: z.number().int(),
  nextAttemptAt: isoTime.nullable(),
  lastError: stepErrorSchema.nullable(),
  finishedAt: isoTime.nullable(),
});

export const caseImageSchema = z.object({
  role: imageRoleSchema,
  mime: z.enum(['image/jpeg', 'image/png']),
  width: z.number().int(),
  height: z.number().int(),
  size: z.number().int(),
  purged: z.boolean(),
});

export const caseHistoryEntrySchema = z.object({
  at: isoTime,
  type: z.string(),
  stepKey: z.string().nullable(),
  code: z.string().nullable(),
  message: z.string().nullable(),
});

export const caseDetailSchema = caseSummarySchema.extend({
  steps: z.array(caseStepSchema),
  images: z.array(caseImageSchema),
  /** Newest first. */
  history: z.array(caseHistoryEntrySchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const queueTotalsSchema = z.object({
  byState: z.record(caseStateSchema, z.number().int()),
  /** Remote steps still to send. */
  pendingSteps: z.number().int(),
});
export type QueueTotals = z.infer<typeof queueTotalsSchema>;

export const connectivitySchema = z.enum(['online', 'offline', 'unknown']);

export const relayStatusSchema = z.object({
  /** 'service_needed': the database or its key cannot be used; nothing is sent or captured. */
  storage: z.enum(['ok', 'service_needed']),
  storageMessage: z.string().nullable(),
  paused: z.boolean(),
  /** What the operating system says about the network. */
  online: z.boolean(),
  providers: z.record(providerIdSchema, connectivitySchema),
  activeCases: z.number().int(),
});
export type RelayStatus = z.infer<typeof relayStatusSchema>;

export const queueListSchema = z.object({ cases: z.array(caseSummarySchema), totals: queueTotalsSchema });

export const queueOperations = {
  'queue.list': operation({
    summary: 'Cases in the queue, newest change first, optionally of some states only.',
    input: z
      .object({
        states: z.array(caseStateSchema).max(7).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict()
      .default({ limit: 100, offset: 0 }),
    output: queueListSchema,
  }),
  'queue.get': operation({
    summary: 'One case: its steps, attempts, last error and history.',
    input: z.object({ caseId: caseIdSchema }).strict(),
    output: caseDetailSchema,
  }),
  'queue.retry': operation({
    summary:
      'Try a case again now. For a case left uncertain by a crash, `resend` says the operator checked ' +
      'that the provider did not receive it; `confirmedDone` that it did.',
    input: z
      .object({ caseId: caseIdSchema, uncertainStep: z.enum(['resend', 'confirmedDone']).optional() })
      .strict(),
    output: caseSummarySchema,
  }),
  'queue.cancel': operation({
    summary: 'Abandon a case that is not completed; nothing more is sent for it.',
    input: z.object({ caseId: caseIdSchema }).strict(),
    output: caseSummarySchema,
  }),
  'queue.status': operation({
    summary: 'Whether the relay runs, the network and each provider are reachable, the store is usable.',
    input: z.undefined(),
    output: relayStatusSchema,
  }),
  'queue.pause': operation({
    summary: 'Stop sending after the calls in progress; captures still queue.',
    input: z.undefined(),
    output: relayStatusSchema,
  }),
  'queue.resume': operation({
    summary: 'Start sending again.',
    input: z.undefined(),
    output: relayStatusSchema,
  }),
  'queue.purgeCompleted': operation({
    summary: 'Supervisor: remove images and personal fields of every completed case now.',
    input: z.undefined(),
    output: z.object({ purged: z.number().int() }),
  }),
};

export const queueEvents = {
  'queue.caseChanged': event({
    summary: 'A case changed state or made progress.',
    payload: caseSummarySchema,
  }),
  'queue.totalsChanged': event({
    summary: 'The counts per state changed.',
    payload: queueTotalsSchema,
  }),
  'queue.statusChanged': event({
    summary: 'The relay was paused or resumed, or connectivity changed.',
    payload: relayStatusSchema,
  }),
};
