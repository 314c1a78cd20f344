/**
 * Flow 2 (seed 000): an existing customer's new national ID, through the Lumin Update API.
 * capture front/back → [update session, step 1] → allowed steps → initialize → verification method
 * → password → translation flag → upload front, back (customerId) → review → approve front, back.
 */
import type { FlowDefinition } from '../../sync/flow-types';
import type { ConnectorDeps } from '../connector';
import { interpretApprove } from './lumin-answers';
import { UPDATE_PATHS, type LuminClient } from './lumin-client';
import { updateAuthenticate } from './lumin-session';
import { RESTART_REASON, updateApplied } from './status-queries';
import {
  captureStep,
  checkBackMatchesFront,
  reviewStep,
  translationEnabled,
  updatePreambleSteps,
  uploadStep,
} from './lumin-steps';
import { addEnglishNames, ENGLISH_NAME_FIELDS, reviewedValues } from './reviewed-fields';

export function updateNationalIdFlow(client: LuminClient, deps: ConnectorDeps): FlowDefinition {
  const uploadBack = uploadStep(client, {
    key: 'upload-back',
    role: 'back',
    api: 'update',
    path: UPDATE_PATHS.uploadBack,
    withCustomerId: true,
  });
  const authenticate = updateAuthenticate(client, deps, 1);
  return {
    id: 'lumin.update-national-id',
    provider: 'lumin',
    restartOnNewSession: true,
    needsSecret: true,
    authenticate,
    steps: [
      captureStep('capture-front', ['front']),
      captureStep('capture-back', ['back']),
      ...updatePreambleSteps(client, 1, UPDATE_PATHS.nationalIdTranslation, 'approve-back'),
      uploadStep(client, {
        key: 'upload-front',
        role: 'front',
        api: 'update',
        path: UPDATE_PATHS.uploadFront,
        withCustomerId: true,
      }),
      {
        ...uploadBack,
        run: async (context) =>
          checkBackMatchesFront(context, 'upload-front', await uploadBack.run!(context)),
      },
      reviewStep('review-front', 'upload-front', ENGLISH_NAME_FIELDS),
      {
        key: 'approve-front',
        kind: 'remote',
        // Lasts only within this update request: the ID is replaced by the back's approval in the
        // same request, so an interrupted one is abandoned (status-queries.ts).
        idempotent: false,
        restartAfterInterruption: RESTART_REASON,
        run: async (context) => {
          const body: Record<string, string> = {};
          if (translationEnabled(context)) {
            const missing = addEnglishNames(reviewedValues(context, 'review-front', 'upload-front'), body);
            if (missing) return missing;
          }
          return interpretApprove(
            await client.call(context, 'update', 'approve-front', 'POST', UPDATE_PATHS.approveFront, body),
          );
        },
      },
      {
        key: 'approve-back',
        kind: 'remote',
        // Replaces the national ID (the request's lasting effect): after a crash, the step's
        // lastUpdatedDate against the allowed-steps answer read before the approval.
        idempotent: false,
        reconcile: updateApplied(client, authenticate, 1, 'allowed-steps'),
        run: async (context) =>
          interpretApprove(
            await client.call(context, 'update', 'approve-back', 'POST', UPDATE_PATHS.approveBack),
          ),
      },
    ],
  };
}
