/**
 * Flow 3 (seed 001): an existing customer's passport, through the Lumin Update API.
 * capture passport → [update session, step 2] → allowed steps → initialize → verification method →
 * password → translation flag → upload passport (customerId) → review → approve (fullNameAr).
 */
import type { FlowDefinition } from '../../sync/flow-types';
import type { ConnectorDeps } from '../connector';
import { interpretApprove } from './lumin-answers';
import { UPDATE_PATHS, type LuminClient } from './lumin-client';
import { updateAuthenticate } from './lumin-session';
import { updateApplied } from './status-queries';
import { captureStep, reviewStep, translationEnabled, updatePreambleSteps, uploadStep } from './lumin-steps';
import { reviewedValues } from './reviewed-fields';

export function updatePassportFlow(client: LuminClient, deps: ConnectorDeps): FlowDefinition {
  const authenticate = updateAuthenticate(client, deps, 2);
  return {
    id: 'lumin.update-passport',
    provider: 'lumin',
    restartOnNewSession: true,
    needsSecret: true,
    authenticate,
    steps: [
      captureStep('capture-passport', ['passport']),
      ...updatePreambleSteps(client, 2, UPDATE_PATHS.passportTranslation, 'approve-passport'),
      uploadStep(client, {
        key: 'upload-passport',
        role: 'passport',
        api: 'update',
        path: UPDATE_PATHS.uploadPassport,
        withCustomerId: true,
      }),
      reviewStep('review-passport', 'upload-passport', ['fullNameAr']),
      {
        key: 'approve-passport',
        kind: 'remote',
        // Replaces the passport (the request's only approval): after a crash, the step's
        // lastUpdatedDate against the allowed-steps answer read before the approval.
        idempotent: false,
        reconcile: updateApplied(client, authenticate, 2, 'allowed-steps'),
        run: async (context) => {
          const body: Record<string, string> = {};
          if (translationEnabled(context)) {
            // The reviewed Arabic name; the SDK reads it from passportData when the operator left it.
            const reviewed = reviewedValues(context, 'review-passport', 'upload-passport')('fullNameAr');
            if (reviewed === undefined) {
              return {
                kind: 'needs_operator',
                reason: 'review_required',
                code: 'arabic_name_required',
                message: "Translation is on for this tenant: the customer's Arabic name must be filled in.",
              };
            }
            body.fullNameAr = reviewed;
          }
          return interpretApprove(
            await client.call(
              context,
              'update',
              'approve-passport',
              'POST',
              UPDATE_PATHS.approvePassport,
              body,
            ),
          );
        },
      },
    ],
  };
}
