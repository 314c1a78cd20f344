/**
 * Seed 004: a Jumio identity verification transaction (../shared/docs/providers.md §3). New
 * customer (account create) or existing (account update, with the Jumio account id), ID front and
 * back, the customer's selfie from the camera, and optional supporting documents (feeder pages or
 * a file). Works offline: the transaction is started at sync time, when the uploads follow at
 * once. Connector: src/main/providers/jumio/credentials-flow.ts.
 */
import { defineFlow } from './define-flow';

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
      {
        role: 'front',
        document: 'id1_card',
        required: true,
        sources: ['scanner', 'camera', 'file'],
        paperSources: ['flatbed', 'adf'],
      },
      {
        role: 'back',
        document: 'id1_card',
        required: true,
        sources: ['scanner', 'camera', 'file'],
        paperSources: ['flatbed', 'adf'],
      },
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
  reviews: [],
  done: {
    name: [],
    idNumber: [],
    providerReference: [{ step: 'start-transaction', path: ['accountId'] }],
  },
});
