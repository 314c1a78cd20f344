/**
 * Seed 002: a new customer's Egyptian national ID, by OCR, through the Lumin KYC API
 * (../shared/docs/providers.md §1.2). Front → the provider reads it → review → approve front →
 * back → approve back. Works offline: captures wait in the outbox, the review happens when the
 * reading arrives. Connector: src/main/providers/lumin/kyc-national-id-flow.ts.
 */
import { idCardSides } from './capture-roles';
import { defineFlow } from './define-flow';
import { LUMIN_DONE, NATIONAL_ID_REVIEW_FIELDS } from './lumin-shared';

export const luminKycNationalId = defineFlow({
  id: 'lumin.kyc-national-id',
  provider: 'lumin',
  identify: [],
  start: { needsNetwork: false, secrets: [] },
  capture: {
    roles: [...idCardSides(true, false)],
  },
  reviews: [
    {
      step: 'review-front',
      titleKey: 'review.title',
      leadKey: 'review.lead',
      image: 'front',
      reads: [{ step: 'upload-front', path: ['customerData'] }],
      // The tenant's kycTranslation: on, off, or auto (the OCR answer carries English names).
      translation: { tenant: true, autoField: 'fullNameEn' },
      fields: NATIONAL_ID_REVIEW_FIELDS,
    },
  ],
  followUps: [
    {
      // 10103: the national ID is already registered; Lumin's message names the applicant.
      reason: 'already_registered',
      flow: 'lumin.update-national-id',
      labelKey: 'flow.followUp.updateNationalId',
      identifiers: { applicantId: 'applicantId' },
    },
  ],
  done: LUMIN_DONE,
});
