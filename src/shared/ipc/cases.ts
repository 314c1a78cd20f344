/**
 * The staff flows' operations: capture an image into a case (resolves only after the store
 * committed it and the case's pending steps), read a case as a flow screen shows it (including the
 * provider's OCR answer for review), read an image back for preview, submit a review. The queue
 * (list, retry, cancel, progress events) is in queue.ts.
 */
import { z } from 'zod';
import { flowIdSchema, imageRoleSchema } from '../domain/flows';
import { MAX_IMPORT_BYTES, qualityReportSchema } from './devices';
import { operation } from './define';
import { caseDetailSchema } from './queue';

const bytesSchema = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength > 0 && b.byteLength <= MAX_IMPORT_BYTES, 'image size out of range');

export const captureSourceSchema = z.discriminatedUnion('kind', [
  /** A scanner or the simulated scanner, by the id devices.list gave. */
  z.object({ kind: z.literal('device'), sourceId: z.string().min(1).max(300) }).strict(),
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
});
export type CaseView = z.infer<typeof caseViewSchema>;

const caseId = z.string().min(1).max(64);

export const caseOperations = {
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
        fields: z.record(z.string().max(64), z.string().max(500)).optional(),
      })
      .strict(),
    output: caseViewSchema,
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
        values: z.record(z.string().max(64), z.string().max(500)),
      })
      .strict(),
    output: caseViewSchema,
  }),
};
