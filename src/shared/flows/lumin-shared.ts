/**
 * Form fields and capture settings the three Lumin descriptors share (providers.md §1: the
 * `customerData` every upload answers with, Lumin's approve formats).
 */
import type { FormField } from './descriptor';
import type { z } from 'zod';
import type { doneScreenSchema, formFieldSchema } from './descriptor';

type FieldInput = z.input<typeof formFieldSchema>;

/** The three English names Lumin requires when the tenant translates (approve front). */
export const ENGLISH_NAMES: FieldInput[] = ['fullNameEn', 'firstNameEn', 'familyNameEn'].map((name) => ({
  name,
  ...(name === 'fullNameEn' ? { wide: true } : {}),
  dir: 'ltr',
  when: { translation: true },
  rules: [{ kind: 'required', messageKey: 'englishRequired' }, { kind: 'latinLetters' }],
}));

/**
 * The national-ID onboarding review (approve front's body): names, the number and its birth date,
 * the factory number, the address. Arabic-Indic digits are accepted and sent as ASCII.
 */
export const NATIONAL_ID_REVIEW_FIELDS: FieldInput[] = [
  { name: 'fullName', dir: 'auto', wide: true, rules: [{ kind: 'required', minLength: 3 }] },
  ...ENGLISH_NAMES,
  {
    name: 'idNumber',
    dir: 'ltr',
    input: 'numeric',
    rules: [{ kind: 'nationalIdNumber' }],
    normalise: ['trim', 'asciiDigits'],
  },
  {
    name: 'birthdate',
    dir: 'ltr',
    rules: [{ kind: 'dayMonthYear' }, { kind: 'birthDateOfNationalId', idField: 'idNumber' }],
    normalise: ['trim', 'asciiDigits', 'isoToDayMonthYear'],
  },
  {
    name: 'documentNumber',
    dir: 'ltr',
    rules: [{ kind: 'pattern', pattern: '^[A-Za-z]{2}\\d{7}$', messageKey: 'factoryNumber' }],
    normalise: ['trim', 'asciiDigits', 'upperCase'],
  },
  { name: 'address', dir: 'auto', wide: true, rules: [{ kind: 'required' }] },
  { name: 'state', dir: 'auto', wide: true },
];

/** What the provider read, shown beside an update review for checking (never sent). */
export const readOnly = (name: string, dir: FormField['dir'] = 'ltr'): FieldInput => ({
  name,
  dir,
  readOnly: true,
  normalise: ['trim', 'isoToDayMonthYear'],
});

/** Update flows: the applicant id and customer number from the bank's customer record. */
export const UPDATE_IDENTIFY: FieldInput[] = [
  {
    name: 'applicantId',
    dir: 'ltr',
    input: 'numeric',
    rules: [{ kind: 'required' }, { kind: 'digits', min: 1, max: 20 }],
    normalise: ['trim', 'asciiDigits'],
  },
  {
    name: 'customerId',
    dir: 'ltr',
    rules: [
      { kind: 'required' },
      { kind: 'pattern', pattern: '^[A-Za-z0-9-]{1,64}$', messageKey: 'customerIdFormat' },
    ],
    normalise: ['trim', 'upperCase'],
  },
];

/** The customer's password for the Update API (VerifyPassword): typed by the customer, memory only. */
export const UPDATE_PASSWORD = {
  name: 'password',
  labelKey: 'secret.password.label',
  hintKey: 'secret.password.hint',
};

export const LUMIN_DONE: z.input<typeof doneScreenSchema> = {
  name: ['fullName', 'fullNameAr', 'fullNameEn'],
  idNumber: ['idNumber'],
  providerReference: [
    { step: 'upload-front', path: ['customerData', 'customerId'] },
    { step: 'upload-passport', path: ['customerData', 'customerId'] },
  ],
  // Lumin's customer id: new on onboarding, the one staff typed on an update (seeds 001–003).
  providerReferenceLabelKey: 'done.luminCustomer',
};
