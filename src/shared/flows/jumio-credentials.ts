/**
 * Seed 004: a Jumio identity verification transaction (../shared/docs/providers.md §3). New
 * customer (account create) or existing (account update, with the Jumio account id), ID front and
 * back, the customer's selfie from the camera, and optional supporting documents (feeder pages or
 * a file). Works offline: the transaction is started at sync time, when the uploads follow at
 * once. Connector: src/main/providers/jumio/credentials-flow.ts.
 */
import { idCardSides } from './capture-roles';
import { defineFlow } from './define-flow';
import type { z } from 'zod';
import type { formFieldSchema } from './descriptor';

type FieldInput = z.input<typeof formFieldSchema>;

/** A prepared-data field, labelled `jumio.fields.<name>` and hinted `jumio.hints.<name>`. */
const data = (name: string, rest: Omit<FieldInput, 'name' | 'labelKey' | 'hintKey'>): FieldInput => ({
  name,
  labelKey: `jumio.fields.${name}`,
  hintKey: `jumio.hints.${name}`,
  ...rest,
});

/** Optional text: blank, or `pattern` (an optional field is refused only for what it holds). */
const optional = (pattern: string, messageKey: string): FieldInput['rules'] => [
  { kind: 'pattern', pattern: `^(?:${pattern})?$`, messageKey },
];

/**
 * Jumio's prepared data (seed 004, `POST …/parts/PREPARED_DATA`; providers.md §3.2), the part of it
 * a branch knows: names, sex (M/F), date of birth (ISO date), nationality (ISO 3166 alpha-3),
 * contact, address and the ID's number and dates. The connector (src/main/providers/jumio/
 * prepared-data.ts) turns these flat names into Jumio's nested `address` and `id` objects and
 * leaves blank ones out.
 */
export const JUMIO_PREPARED_DATA_FIELDS: FieldInput[] = [
  data('firstName', { dir: 'auto', rules: [{ kind: 'required' }] }),
  data('middleName', { dir: 'auto' }),
  data('lastName', { dir: 'auto', rules: [{ kind: 'required' }] }),
  data('sex', {
    dir: 'ltr',
    input: 'choice',
    options: [
      { value: '', labelKey: 'jumio.sex.unknown' },
      { value: 'M', labelKey: 'jumio.sex.M' },
      { value: 'F', labelKey: 'jumio.sex.F' },
    ],
  }),
  data('dateOfBirth', {
    dir: 'ltr',
    rules: [{ kind: 'required' }, { kind: 'isoDate', past: true }],
    normalise: ['trim', 'asciiDigits'],
  }),
  data('nationality', {
    dir: 'ltr',
    rules: optional('[A-Za-z]{3}', 'countryCode'),
    normalise: ['trim', 'upperCase'],
  }),
  data('email', { dir: 'ltr', rules: optional('[^\\s@]+@[^\\s@]+\\.[^\\s@]+', 'email') }),
  data('phoneNumber', {
    dir: 'ltr',
    input: 'numeric',
    rules: optional('\\+?[0-9٠-٩]{6,15}', 'phoneNumber'),
    normalise: ['trim', 'asciiDigits'],
  }),
  data('addressLine1', { dir: 'auto' }),
  data('city', { dir: 'auto' }),
  data('addressCountry', {
    dir: 'ltr',
    rules: optional('[A-Za-z]{3}', 'countryCode'),
    normalise: ['trim', 'upperCase'],
  }),
  data('idNumber', {
    dir: 'ltr',
    rules: optional('[A-Za-z0-9٠-٩-]{1,40}', 'documentIdNumber'),
    normalise: ['trim', 'asciiDigits', 'upperCase'],
  }),
  data('idIssuingDate', {
    dir: 'ltr',
    rules: [{ kind: 'isoDate', past: true }],
    normalise: ['trim', 'asciiDigits'],
  }),
  data('idExpiryDate', {
    dir: 'ltr',
    rules: [{ kind: 'isoDate', past: false }],
    normalise: ['trim', 'asciiDigits'],
  }),
];

export const jumioCredentials = defineFlow({
  id: 'jumio.credentials',
  provider: 'jumio',
  identify: [
    {
      name: 'customer',
      dir: 'auto',
      input: 'choice',
      options: [
        { value: 'new', labelKey: 'jumio.customer.new' },
        { value: 'existing', labelKey: 'jumio.customer.existing' },
      ],
      rules: [{ kind: 'required' }],
    },
    {
      name: 'jumioAccountId',
      dir: 'ltr',
      when: { field: 'customer', equals: 'existing' },
      rules: [
        { kind: 'required' },
        { kind: 'pattern', pattern: '^[A-Za-z0-9-]{1,64}$', messageKey: 'jumioAccountIdFormat' },
      ],
    },
  ],
  start: { needsNetwork: false, secrets: [] },
  capture: {
    roles: [
      ...idCardSides(true, true), // any issuing country: many ID cards carry a TD1 zone
      { role: 'selfie', document: 'selfie', required: true, sources: ['camera', 'file'] },
      {
        role: 'document',
        document: 'a4_page',
        required: false,
        sources: ['scanner', 'file'],
        paperSources: ['adf', 'flatbed'],
        pages: { min: 1, max: 30 },
      },
    ],
  },
  reviews: [
    {
      // A data form staff fill in with the customer (no provider reading): the kiosk's own MRZ
      // reading, when a capture carried one, fills it first.
      step: 'review-prepared-data',
      titleKey: 'jumio.review.title',
      leadKey: 'jumio.review.lead',
      image: 'front',
      prefill: {
        mrz: {
          firstName: 'givenNames',
          lastName: 'surname',
          sex: 'sex',
          dateOfBirth: 'birthDateIso',
          nationality: 'nationality',
          idNumber: 'documentNumber',
          idExpiryDate: 'expiryDateIso',
        },
      },
      fields: JUMIO_PREPARED_DATA_FIELDS,
    },
  ],
  done: {
    name: [],
    idNumber: [],
    providerReference: [{ step: 'start-transaction', path: ['accountId'] }],
    providerReferenceLabelKey: 'done.jumioAccount',
    // PROCESSED ends Jumio's processing; the decision itself is read in the bank's Jumio portal.
    headlineKey: 'jumio.done',
  },
});
