/**
 * Seed 003: add or replace images of a submission the customer started online with ARGOS
 * (../shared/docs/providers.md §2). Staff type or paste the submission id, choose the ID type
 * (or keep the kiosk's configured default), capture any of the four images (ID front and back,
 * selfie, proof of address: at least one), and the kiosk puts them and reads the KYC result. The
 * submission's 4 hours count from the start of the case (main sets the deadline at creation).
 * Works offline: the images wait in the outbox. Connector: src/main/providers/argos/put-image-flow.ts.
 */
import { defineFlow } from './define-flow';

/** The ID types staff can choose; '' keeps `providers.argos.idType` (the kiosk's default). */
const ID_TYPES = ['', 'government_id', 'passport', 'residence_permit', 'drivers_license'] as const;

export const argosPutImage = defineFlow({
  id: 'argos.put-image',
  provider: 'argos',
  identify: [
    {
      name: 'submissionId',
      dir: 'ltr',
      rules: [
        { kind: 'required' },
        { kind: 'pattern', pattern: '^[A-Za-z0-9_-]{1,128}$', messageKey: 'submissionIdFormat' },
      ],
    },
    {
      name: 'idType',
      dir: 'ltr',
      input: 'choice',
      options: ID_TYPES.map((value) => ({ value, labelKey: `argos.idType.${value || 'default'}` })),
    },
  ],
  start: { needsNetwork: false, secrets: [] },
  capture: {
    roles: [
      {
        role: 'front',
        document: 'id1_card',
        required: false,
        sources: ['scanner', 'camera', 'file'],
        paperSources: ['flatbed', 'adf'],
      },
      {
        role: 'back',
        document: 'id1_card',
        required: false,
        sources: ['scanner', 'camera', 'file'],
        paperSources: ['flatbed', 'adf'],
      },
      { role: 'selfie', document: 'selfie', required: false, sources: ['camera', 'file'] },
      { role: 'address', document: 'a4_page', required: false, sources: ['scanner', 'file'] },
    ],
    atLeast: 1,
  },
  reviews: [],
  done: {
    name: [],
    idNumber: [],
    providerReference: [{ step: 'read-result', path: ['submission_id'] }],
  },
});
