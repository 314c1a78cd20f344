/**
 * Seed 000: an existing customer's new national ID, through the Lumin Update API (providers.md
 * §1.3). Applicant id → the customer types the password → front and back → token, allowed steps,
 * initialize, verification method (password only), translation flag → uploads → review (English
 * names when the tenant translates) → approve front, back. Online only: the password lives in
 * memory for the case's session. Connector: src/main/providers/lumin/update-national-id-flow.ts.
 */
import { idCardSides } from './capture-roles';
import { defineFlow } from './define-flow';
import { ENGLISH_NAMES, LUMIN_DONE, readOnly, UPDATE_IDENTIFY, UPDATE_PASSWORD } from './lumin-shared';

export const luminUpdateNationalId = defineFlow({
  id: 'lumin.update-national-id',
  provider: 'lumin',
  identify: UPDATE_IDENTIFY,
  start: { needsNetwork: true, secrets: [UPDATE_PASSWORD] },
  capture: {
    roles: [...idCardSides(true, false)],
  },
  reviews: [
    {
      step: 'review-front',
      titleKey: 'review.title',
      leadKey: 'review.leadUpdate',
      image: 'front',
      // Both sides are uploaded before the review: the back's answer completes the front's.
      reads: [
        { step: 'upload-front', path: ['customerData'] },
        { step: 'upload-back', path: ['customerData'] },
      ],
      translation: { answer: { step: 'translation-flag', path: ['value'] } },
      fields: [
        readOnly('fullName', 'auto'),
        ...ENGLISH_NAMES,
        readOnly('idNumber'),
        readOnly('birthdate'),
        readOnly('documentNumber'),
        readOnly('expirationDate'),
      ],
      expiry: { field: 'expirationDate' },
    },
  ],
  done: LUMIN_DONE,
});
