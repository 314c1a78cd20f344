/**
 * Seed 003: add or replace images of a submission the customer started online with ARGOS
 * (../shared/docs/providers.md §2). Staff type, paste or read (QR code) the submission id, choose which images to
 * add or replace (ID front, ID back, selfie, proof of address: at least one; ARGOS overwrites what
 * the submission had), and, when a side of the ID is among them, its ID type (or keep the kiosk's
 * configured default); the kiosk asks for exactly those images, puts them in one call and reads
 * the KYC result. The
 * submission's 4 hours count from the start of the case (main sets the deadline at creation).
 * Works offline: the images wait in the outbox. Connector: src/main/providers/argos/put-image-flow.ts.
 */
import { idCardSides } from './capture-roles';
import { defineFlow } from './define-flow';

/** The images ARGOS takes for a submission, in the order they are captured. */
const IMAGE_ROLES = ['front', 'back', 'selfie', 'address'] as const;

/** The ID types staff can choose; '' keeps `providers.argos.idType` (the kiosk's default). */
const ID_TYPES = ['', 'government_id', 'passport', 'residence_permit', 'drivers_license'] as const;

export const argosPutImage = defineFlow({
  id: 'argos.put-image',
  provider: 'argos',
  identify: [
    {
      name: 'submissionId',
      dir: 'ltr',
      // The customer's phone shows the online application's QR code: the id itself or a link with it.
      fromCode: { kind: 'qr', queryParams: ['submissionId', 'submission_id'] },
      rules: [
        { kind: 'required' },
        { kind: 'pattern', pattern: '^[A-Za-z0-9_-]{1,128}$', messageKey: 'submissionIdFormat' },
      ],
    },
    {
      // Which images this case adds or replaces (`capture.chosenBy`): each chosen one is required.
      name: 'images',
      dir: 'auto',
      input: 'multiChoice',
      options: IMAGE_ROLES.map((value) => ({ value, labelKey: `argos.images.${value}` })),
      rules: [{ kind: 'required', messageKey: 'chooseImages' }],
    },
    {
      // The ID type describes the ID document: asked only when its front or back is sent.
      name: 'idType',
      dir: 'ltr',
      input: 'choice',
      when: { field: 'images', includesAnyOf: ['front', 'back'] },
      options: ID_TYPES.map((value) => ({ value, labelKey: `argos.idType.${value || 'default'}` })),
    },
  ],
  start: { needsNetwork: false, secrets: [] },
  capture: {
    roles: [
      ...idCardSides(false, true), // any issuing country: many ID cards carry a TD1 zone
      { role: 'selfie', document: 'selfie', required: false, sources: ['camera', 'file'] },
      { role: 'address', document: 'a4_page', required: false, sources: ['scanner', 'file'] },
    ],
    atLeast: 1,
    chosenBy: 'images',
  },
  reviews: [],
  done: {
    name: [],
    idNumber: [],
    providerReference: [{ step: 'read-result', path: ['submission_id'] }],
    providerReferenceLabelKey: 'done.argosSubmission',
  },
  // ARGOS answers with a KYC result, never the customer's name: the queue says so.
  listing: { noNameKey: 'flows.argos.put-image.noName' },
});
