/**
 * The offline queue: cases waiting for, being sent to, or back from the provider. Summaries carry
 * no personal data (names and numbers stay sealed in main); the renderer shows states, reasons
 * (translated as `attention.<reason>`) and progress.
 */
import { z } from 'zod';
import { CASE_LISTS, CASE_ORDERS } from '../domain/case-lists';
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
  /**
   * The short reference (8 hex digits, case-reference.ts) of the case of the same customer this
   * case waits for (Lumin updates run one at a time per customer: a serial claim); null when it
   * does not wait. A reference only: the other case's personal data never leaves main.
   */
  waitingBehind: z
    .string()
    .regex(/^[0-9A-F]{8}$/)
    .nullable(),
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
  /** A PDF only for Jumio's supporting document (seed 004), with its page count. */
  mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  /** Pixels (0 for a PDF). */
  width: z.number().int(),
  height: z.number().int(),
  /** Bytes. */
  size: z.number().int(),
  /** Pages of a PDF; absent for an image. */
  pages: z.number().int().min(1).optional(),
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

export const caseListSchema = z.enum(CASE_LISTS);

export const queueTotalsSchema = z.object({
  byState: z.record(caseStateSchema, z.number().int()),
  /** The same counts per list (tab) of the queue screen (src/shared/domain/case-lists.ts). */
  byList: z.record(caseListSchema, z.number().int()),
  /**
   * When the case that has waited longest for a person last changed (ms since the epoch), null when
   * the inbox is empty: Home says how long it has waited, so abandoned cases do not pile up unseen.
   */
  oldestAttentionAt: z.number().int().nullable(),
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

/** Where the next page starts: the last row's sort key (ms) and id. Opaque to the renderer. */
export const pageCursorSchema = z.object({ at: z.number().int(), id: z.string().min(1).max(64) }).strict();
export type PageCursor = z.infer<typeof pageCursorSchema>;

/** A row of a list: the summary plus the customer's name, decrypted in main for this page only. */
export const caseListItemSchema = caseSummarySchema.extend({ customerName: z.string().nullable() });
export type CaseListItem = z.infer<typeof caseListItemSchema>;

export const casePageSchema = z.object({
  cases: z.array(caseListItemSchema),
  /** Pass as `after` for the next page; null on the last page. */
  next: pageCursorSchema.nullable(),
});
export type CasePage = z.infer<typeof casePageSchema>;

const pageSize = z.number().int().min(1).max(200).default(50);

export const caseListQuerySchema = z
  .object({
    /** One list (tab); absent: every case. */
    list: caseListSchema.optional(),
    flow: flowIdSchema.optional(),
    operatorId: z.string().min(1).max(128).optional(),
    /** Captured at or after / before these times (ms since the epoch; the renderer sends local days). */
    createdFrom: z.number().int().min(0).optional(),
    createdBefore: z.number().int().min(0).optional(),
    order: z.enum(CASE_ORDERS).default('recent'),
    /**
     * A case reference (or its first digits), or a national ID or passport number, matched through
     * the blind index: the number is never compared in clear or stored.
     */
    search: z.string().trim().min(1).max(64).optional(),
    after: pageCursorSchema.optional(),
    limit: pageSize,
  })
  .strict();
export type CaseListQueryInput = z.input<typeof caseListQuerySchema>;

export const queueOperations = {
  'queue.list': operation({
    summary:
      'One page of cases (keyset pagination): of a list, flow, operator and capture dates, found by ' +
      'reference or ID/passport number, in the chosen order.',
    input: caseListQuerySchema.default({ order: 'recent', limit: 50 }),
    output: casePageSchema,
  }),
  'queue.inbox': operation({
    summary: 'One page of the cases that need a person, whatever their age, oldest first.',
    input: z.object({ after: pageCursorSchema.optional(), limit: pageSize }).strict().default({ limit: 50 }),
    output: casePageSchema,
  }),
  'queue.totals': operation({
    summary: 'Counts per state and per list (maintained by the store, not recounted).',
    input: z.undefined(),
    output: queueTotalsSchema,
  }),
  'queue.filters': operation({
    summary: 'What the filters offer: the flows and the operators that have cases on this kiosk.',
    input: z.undefined(),
    output: z.object({
      flows: z.array(flowIdSchema),
      operators: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
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
