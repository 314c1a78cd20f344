/**
 * The staff flows' operations: start a case from what identifies the customer, hand over the
 * customer's secret (memory only), capture an image into a case (resolves only after the store
 * committed it and the case's pending steps), read a case as a flow screen shows it (including the
 * provider's OCR answer for review), read an image back for preview, submit a review (checked in
 * main against the descriptor of the step reviewed), close a case with a reason. What each flow
 * takes is its descriptor (src/shared/flows). The queue (list, retry, progress events) is in queue.ts.
 */
import { z } from 'zod';
import { CLOSE_REASONS, type CloseReason } from '../domain/close-reasons';
import { caseStateSchema, flowIdSchema, imageRoleSchema } from '../domain/flows';
import { MAX_IMPORT_BYTES, paperSourceSchema, qualityReportSchema } from './devices';
import { operation } from './define';
import { caseDetailSchema } from './queue';

const bytesSchema = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength > 0 && b.byteLength <= MAX_IMPORT_BYTES, 'image size out of range');

export const captureSourceSchema = z.discriminatedUnion('kind', [
  /**
   * A scanner or the simulated scanner, by the id devices.list gave. `paperSource`: for a multi-page
   * document on a device with both a glass and a feeder, where staff put it ('flatbed': one page on
   * the glass; 'adf': every sheet in the feeder). Absent: the feeder when the device has one.
   */
  z
    .object({
      kind: z.literal('device'),
      sourceId: z.string().min(1).max(300),
      paperSource: paperSourceSchema.optional(),
    })
    .strict(),
  /** An image file the operator chose; main treats its bytes as hostile. */
  z.object({ kind: z.literal('file'), name: z.string().max(260), bytes: bytesSchema }).strict(),
  /** A frame the renderer grabbed from the document camera. */
  z.object({ kind: z.literal('camera'), bytes: bytesSchema }).strict(),
]);
export type CaptureSource = z.infer<typeof captureSourceSchema>;

/** What a flow screen needs of one case. Personal values appear only in `review`, for display. */
export const caseViewSchema = caseDetailSchema.extend({
  /** Short reference staff can read out to the customer or to IT. */
  reference: z.string(),
  /** Quality figures of each captured image, by role. */
  quality: z.partialRecord(imageRoleSchema, qualityReportSchema),
  /**
   * The image roles this case captures, in the flow's order: every role of its capture plan, or
   * the ones staff chose at the start where the flow lets them (ARGOS: which images to add or
   * replace). The flow screen offers only these.
   */
  capturePlan: z.array(imageRoleSchema),
  /**
   * Roles of the plan not captured that can no longer be added: the case was sent without them
   * (Jumio: the transaction was started with no DOCUMENT). The flow screen stops offering them.
   */
  lateRoles: z.array(imageRoleSchema),
  /** The next thing a person must do, if any. */
  waitingFor: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('capture'), step: z.string(), role: imageRoleSchema }),
      z.object({ kind: z.literal('review'), step: z.string() }),
      z.object({ kind: z.literal('operator'), step: z.string() }),
    ])
    .nullable(),
  /** For a review: what the provider read and what was already reviewed. */
  review: z
    .object({
      step: z.string(),
      fields: z.array(z.string()),
      extracted: z.record(z.string(), z.string()),
      reviewed: z.record(z.string(), z.string()).nullable(),
      translationEnabled: z.boolean(),
    })
    .nullable(),
  /** The provider's reference once known (e.g. Lumin's customerId). */
  providerReference: z.string().nullable(),
  /**
   * The provider's own message for the step waiting for a person, verbatim (it may be Arabic):
   * kept sealed in the store; only logs and the stored history carry the redacted form.
   */
  providerMessage: z.string().nullable(),
  /** Secrets the flow needs that main does not hold for this case (after a restart: ask again). */
  secretsNeeded: z.array(z.string()),
  /** A way forward the flow's descriptor offers for this stop (10103 → update this applicant). */
  followUp: z
    .object({ flow: flowIdSchema, labelKey: z.string(), fields: z.record(z.string(), z.string()) })
    .nullable(),
  /**
   * The document's expiry as read, at review: `expired`, or `expiring` within the configured
   * number of days (`expiryWarningDays`). Null when nothing was read or it is further away.
   */
  expiry: z
    .object({ date: z.string(), state: z.enum(['expired', 'expiring']), days: z.number().int() })
    .nullable(),
  /**
   * Other open cases (not completed, cancelled or expired) for an ID or passport number this case
   * carries (identify step, the provider's reading, a review), found by the blind index; oldest
   * first. Empty once this case is itself final. The flow screen warns before staff go on.
   */
  duplicates: z.array(z.object({ caseId: z.string(), reference: z.string(), state: caseStateSchema })),
  /** Once completed: who was processed (name, masked number), the provider's reference, when, by whom. */
  done: z
    .object({
      name: z.string().nullable(),
      idNumberMasked: z.string().nullable(),
      /** Translation key of the number's label (the flow's `done.idNumberLabelKey`, else `done.idNumber`). */
      idNumberLabelKey: z.string(),
      providerReference: z.string().nullable(),
      /** Translation key of the reference's label (the flow's `done.providerReferenceLabelKey`, else `done.providerReference`). */
      providerReferenceLabelKey: z.string(),
      /** Translation key of the receipt's headline (the flow's `done.headlineKey`, else `flow.done`). */
      headlineKey: z.string(),
      completedAt: z.string(),
      /** Who captured the case. */
      operatorName: z.string(),
      /** Who approved the provider's reading (the last review), null when the flow has none. */
      approverName: z.string().nullable(),
    })
    .nullable(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

const caseId = z.string().min(1).max(64);
const formValues = z.record(z.string().max(64), z.string().max(500));

/** Why staff close a case before it completed (src/shared/domain/close-reasons.ts). */
export const closeReasonSchema = z.enum(CLOSE_REASONS);
export type { CloseReason };

export const caseOperations = {
  'cases.start': operation({
    summary:
      "Start a case of `flow` from what identifies the customer (the descriptor's identify fields, " +
      'checked by its rules). A flow that needs the network refuses with provider_offline when its ' +
      'provider cannot be reached, before anything is captured.',
    input: z.object({ flow: flowIdSchema, fields: formValues }).strict(),
    output: caseViewSchema,
  }),
  'cases.provideSecret': operation({
    summary:
      "The customer's secret for the case's online session (the Update API password): held in main's " +
      'memory only, never stored, logged or answered back; gone on restart or when the case ends.',
    input: z.object({ caseId, name: z.string().min(1).max(32), value: z.string().min(1).max(256) }).strict(),
    output: caseViewSchema,
  }),
  'cases.keepImage': operation({
    summary:
      'Staff go on with an image whose quality verdict was "retake" (a deliberate second choice): ' +
      'recorded in the case history.',
    input: z.object({ caseId, role: imageRoleSchema }).strict(),
    output: caseViewSchema,
  }),
  'cases.close': operation({
    summary: 'Cancel a case that is not completed, with the reason staff chose; nothing more is sent.',
    input: z.object({ caseId, reason: closeReasonSchema }).strict(),
    output: caseViewSchema,
  }),
  'cases.capture': operation({
    summary:
      'Capture an image: into a new case of `flow`, or into `caseId`. Resolves after the store ' +
      'committed the image and the pending steps.',
    input: z
      .object({
        flow: flowIdSchema,
        caseId: caseId.optional(),
        role: imageRoleSchema,
        source: captureSourceSchema,
        /** Values typed at the kiosk for a new case (customer id, submission id...). */
        fields: formValues.optional(),
      })
      .strict(),
    output: caseViewSchema,
  }),
  'cases.readCode': operation({
    summary:
      'Read the value of an identify field from a QR code the customer shows (the field must have ' +
      "`fromCode` in the flow's descriptor), from a scanner (`device`), an image file (`file`) or a " +
      'frame of the document camera (`camera`: JPEG or PNG, checked like any hostile image). ' +
      "The value passes the field's rules; code_unreadable when no code is found, code_not_valid " +
      'when the code holds something else. Nothing is stored.',
    input: z
      .object({
        flow: flowIdSchema,
        field: z.string().min(1).max(64),
        source: captureSourceSchema,
      })
      .strict(),
    output: z.object({ value: z.string() }).strict(),
  }),
  'cases.get': operation({
    summary: 'One case as a flow screen shows it.',
    input: z.object({ caseId }).strict(),
    output: caseViewSchema,
  }),
  'cases.image': operation({
    summary: 'A stored image of a case, for preview.',
    input: z.object({ caseId, role: imageRoleSchema }).strict(),
    output: z.object({ mime: z.string(), bytes: z.instanceof(Uint8Array) }),
  }),
  'cases.submitReview': operation({
    summary: 'The operator-reviewed values of a review step; the relay continues with the approval.',
    input: z
      .object({
        caseId,
        step: z.string().min(1).max(64),
        values: formValues,
      })
      .strict(),
    output: caseViewSchema,
  }),
};
