/**
 * Seed 001: an existing customer's passport, through the Lumin Update API (providers.md §1.3).
 * Applicant id → password → the passport data page (flatbed, feeder or file) → preamble →
 * upload → review (the Arabic full name when the tenant translates, and the fields read) →
 * approve. Online only. Connector: src/main/providers/lumin/update-passport-flow.ts.
 */
import { defineFlow } from './define-flow';
import { LUMIN_DONE, readOnly, UPDATE_IDENTIFY, UPDATE_PASSWORD } from './lumin-shared';

export const luminUpdatePassport = defineFlow({
  id: 'lumin.update-passport',
  provider: 'lumin',
  identify: UPDATE_IDENTIFY,
  start: { needsNetwork: true, secrets: [UPDATE_PASSWORD] },
  capture: {
    roles: [
      {
        role: 'passport',
        document: 'passport_page',
        required: true,
        sources: ['scanner', 'file'],
        paperSources: ['flatbed', 'adf'],
      },
    ],
  },
  reviews: [
    {
      step: 'review-passport',
      titleKey: 'review.titlePassport',
      leadKey: 'review.leadUpdate',
      image: 'passport',
      reads: [{ step: 'upload-passport', path: ['customerData'] }],
      translation: { answer: { step: 'translation-flag', path: ['value'] } },
      fields: [
        {
          name: 'fullNameAr',
          dir: 'rtl',
          wide: true,
          when: { translation: true },
          rules: [{ kind: 'required', minLength: 3 }, { kind: 'arabicLetters' }],
        },
        { ...readOnly('fullNameEn'), wide: true },
        // Lumin's `documentNumber` is the passport's number here (the card's factory number elsewhere).
        { ...readOnly('documentNumber'), labelKey: 'review.fields.passportNumber' },
        readOnly('idNumber'),
        readOnly('birthdate'),
        readOnly('nationality'),
        readOnly('expirationDate'),
      ],
      expiry: { field: 'expirationDate' },
    },
  ],
  done: {
    ...LUMIN_DONE,
    name: ['fullNameAr', 'fullName'],
    idNumber: ['documentNumber', 'idNumber'],
    idNumberLabelKey: 'done.passportNumber',
  },
});
