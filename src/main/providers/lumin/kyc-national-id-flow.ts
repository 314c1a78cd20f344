/**
 * Flow 1 (seed 002): a new customer's Egyptian national ID, by OCR, through the Lumin KYC API.
 * capture front → [session: request type OCR, the signed-in operator] → upload front → review →
 * approve front (reviewed fields) → capture back → upload back (a card read as expired stops here)
 * → approve back.
 */
import { normaliseDigits, validateNationalId } from '../../../shared/validation/egyptian-national-id';
import type { FlowDefinition, StepOutcome } from '../../sync/flow-types';
import type { ConnectorDeps } from '../connector';
import { interpretApprove } from './lumin-answers';
import { KYC_PATHS, type LuminClient } from './lumin-client';
import { kycAuthenticate } from './lumin-session';
import { kycOnboarded, RESTART_REASON } from './status-queries';
import {
  captureStep,
  checkBackMatchesFront,
  checkNotExpired,
  ocrData,
  reviewStep,
  uploadStep,
} from './lumin-steps';
import { addEnglishNames, reviewedValues, toDayMonthYear } from './reviewed-fields';

export const KYC_REVIEW_FIELDS = [
  'fullName',
  'fullNameEn',
  'firstNameEn',
  'familyNameEn',
  'idNumber',
  'documentNumber',
  'address',
  'state',
  'birthdate',
] as const;

export function kycNationalIdFlow(client: LuminClient, deps: ConnectorDeps): FlowDefinition {
  const uploadBack = uploadStep(client, {
    key: 'upload-back',
    role: 'back',
    api: 'kyc',
    path: KYC_PATHS.uploadBack,
    withCustomerId: false,
  });
  const authenticate = kycAuthenticate(client, deps);
  return {
    id: 'lumin.kyc-national-id',
    provider: 'lumin',
    // A new token is a new onboarding request: earlier uploads and approvals do not carry over.
    restartOnNewSession: true,
    translation: client.config.kycTranslation,
    authenticate,
    // The back is captured after the front's approval when online (the operator reviews the OCR
    // first); offline both sides are captured up front and the case simply finds it present.
    steps: [
      captureStep('capture-front', ['front']),
      uploadStep(client, {
        key: 'upload-front',
        role: 'front',
        api: 'kyc',
        path: KYC_PATHS.uploadFront,
        withCustomerId: false,
      }),
      reviewStep('review-front', 'upload-front', KYC_REVIEW_FIELDS),
      {
        key: 'approve-front',
        kind: 'remote',
        // Approving registers the reviewed data within this onboarding request; Lumin has no query
        // to tell whether it happened. It creates nothing lasting until the back is approved in
        // the same request, so an interrupted one is abandoned (status-queries.ts).
        idempotent: false,
        restartAfterInterruption: RESTART_REASON,
        run: async (context): Promise<StepOutcome> => {
          const value = reviewedValues(context, 'review-front', 'upload-front');
          const ocr = ocrData(context, 'upload-front');
          const mode = client.config.kycTranslation;
          const translation =
            mode === 'on' || (mode === 'auto' && typeof ocr.fullNameEn === 'string' && ocr.fullNameEn !== '');
          const idNumber = normaliseDigits(value('idNumber') ?? '');
          const check = validateNationalId(idNumber);
          if (!check.ok) {
            return {
              kind: 'needs_operator',
              reason: 'review_required',
              code: 'invalid_id_number',
              message: `The reviewed national ID number is not valid (${check.errors.join(', ')}).`,
            };
          }
          const body: Record<string, string> = { idNumber };
          for (const name of ['fullName', 'documentNumber', 'address', 'state'] as const) {
            const v = value(name);
            if (v !== undefined) body[name] = v;
          }
          const birthdate = toDayMonthYear(value('birthdate'));
          if (birthdate) body.birthdate = birthdate;
          const missing = translation ? addEnglishNames(value, body) : null;
          if (missing) return missing;
          return interpretApprove(
            await client.call(context, 'kyc', 'approve-front', 'POST', KYC_PATHS.approveFront, body),
          );
        },
      },
      captureStep('capture-back', ['back']),
      {
        ...uploadBack,
        run: async (context) =>
          checkNotExpired(
            checkBackMatchesFront(context, 'upload-front', await uploadBack.run!(context)),
            (deps.now ?? Date.now)(),
          ),
      },
      {
        key: 'approve-back',
        kind: 'remote',
        // Creates the customer: the request's lasting effect, asked about after a crash.
        idempotent: false,
        reconcile: kycOnboarded(client, authenticate),
        run: async (context) =>
          interpretApprove(await client.call(context, 'kyc', 'approve-back', 'POST', KYC_PATHS.approveBack)),
      },
    ],
  };
}
