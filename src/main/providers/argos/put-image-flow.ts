/**
 * Flow 4 (seed 003): add or replace images of an existing ARGOS submission, then read its result.
 * capture (the images staff chose to add or replace among front, back, selfie, address; any one
 * for cases queued without a choice) → PUT image (an overwrite: safe to repeat) → read the
 * submission's KYC result (polled while pending). The submission id is valid for 4 hours.
 */
import type { ImageRole } from '../../../shared/domain/flows';
import type { FlowDefinition, JsonValue } from '../../sync/flow-types';
import { chosenRoles } from '../../sync/capture-choice';
import { isFailure, requiredImagePieces, requiredText, stringOf } from '../connector';
import { interpretArgos, interpretResult } from './argos-answers';
import type { ArgosClient, PutImageFields } from './argos-client';

const FIELD_OF_ROLE: Partial<Record<ImageRole, 'idImage' | 'idBackImage' | 'selfieImage' | 'addressImage'>> =
  {
    front: 'idImage',
    back: 'idBackImage',
    selfie: 'selfieImage',
    address: 'addressImage',
  };

/** The images a submission takes (seed 003's PUT image fields), in the order they are captured. */
const ROLES: readonly ImageRole[] = ['front', 'back', 'selfie', 'address'];

export const ARGOS_DEADLINE_MS = 4 * 3_600_000;

/**
 * The submission's deadline (ms since the epoch): 4 hours after it was started online, if staff
 * typed or scanned when (`startedAt`, ISO-8601, not in the future), else 4 hours after `createdAt`.
 */
export function argosDeadline(startedAt: JsonValue | undefined, createdAt: number): number {
  const started = typeof startedAt === 'string' ? Date.parse(startedAt) : Number.NaN;
  const from = Number.isFinite(started) && started <= createdAt ? started : createdAt;
  return from + ARGOS_DEADLINE_MS;
}

export function putImageFlow(client: ArgosClient): FlowDefinition {
  return {
    id: 'argos.put-image',
    provider: 'argos',
    deadlineMs: ARGOS_DEADLINE_MS,
    // The customer started the submission online before coming to the branch: its 4 hours run
    // from then (`submissionStartedAt`, when staff know it), at the latest from this case.
    deadlineAtCreation: (fields, createdAt) => argosDeadline(fields.submissionStartedAt, createdAt),
    steps: [
      {
        key: 'capture-images',
        kind: 'capture',
        idempotent: true,
        capturesAnyOf: ROLES,
        // The identify field of src/shared/flows/argos-put-image.ts (`capture.chosenBy`).
        chosenBy: 'images',
      },
      {
        key: 'put-image',
        kind: 'remote',
        // ARGOS overwrites the images of a submission: repeating the call is safe.
        idempotent: true,
        sends: ['front', 'back', 'selfie', 'address'],
        run: async (context) => {
          const submissionId = requiredText(context, 'submissionId');
          if (isFailure(submissionId)) return submissionId;
          const fields: PutImageFields = {
            submissionId,
            admin: stringOf(context.fields.admin) ?? client.config.admin,
          };
          // Only the images staff chose to add or replace: another image the case holds (captured
          // before the choice was narrowed) must not overwrite the customer's own at ARGOS.
          const chosen = chosenRoles('images', ROLES, () => context.fields);
          let largest: { role: ImageRole; size: number } = { role: 'front', size: -1 };
          for (const [role, field] of Object.entries(FIELD_OF_ROLE) as [
            ImageRole,
            'idImage' | 'idBackImage' | 'selfieImage' | 'addressImage',
          ][]) {
            if (chosen.length > 0 && !chosen.includes(role)) continue;
            // Opened lazily: its sealed file is read (and its GCM tag checked) as the body reaches it.
            const image = await requiredImagePieces(context, role);
            if (isFailure(image)) continue;
            fields[field] = image;
            if (image.size > largest.size) largest = { role, size: image.size };
          }
          if (fields.idImage !== undefined || fields.idBackImage !== undefined) {
            // Staff choose the type that matches the document, or keep the configured default ('').
            fields.idType = stringOf(context.fields.idType) || client.config.idType;
          }
          const result = await client.putImage(fields, context.signal);
          if (isFailure(result)) return result;
          const answer = interpretArgos(result, largest.role);
          if (answer.kind === 'outcome') return answer.outcome;
          const sent = Object.keys(fields).filter((name) => name.endsWith('Image'));
          return {
            kind: 'success',
            answer: { message: stringOf(answer.value.message as string) ?? 'success', sent },
          };
        },
      },
      {
        key: 'read-result',
        kind: 'remote',
        idempotent: true,
        run: async (context) => {
          const submissionId = requiredText(context, 'submissionId');
          if (isFailure(submissionId)) return submissionId;
          const result = await client.readSubmission(submissionId, context.signal);
          if (isFailure(result)) return result;
          const answer = interpretArgos(result);
          if (answer.kind === 'outcome') return answer.outcome;
          return interpretResult(answer.value, client.config.resultPollMs, context.attempt);
        },
      },
    ],
  };
}
