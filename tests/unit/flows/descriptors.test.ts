// Every flow descriptor: it parses, its ids agree with the registry, and each review step's rules
// say what the connectors and the provider expect (the national-ID onboarding's rules are seed
// 002's review; the update flows' forms edit only the names Lumin's approve takes).
import { describe, expect, it } from 'vitest';
import ar from '../../../src/renderer/src/locales/ar.json';
import en from '../../../src/renderer/src/locales/en.json';
import { flowDescriptorSchema } from '../../../src/shared/flows/descriptor';
import { normaliseForm, unknownFields, validateForm } from '../../../src/shared/flows/form-rules';
import {
  FLOW_DESCRIPTORS,
  FLOW_IDS,
  flowDescriptor,
  PROVIDER_OF_FLOW,
} from '../../../src/shared/flows/registry';

/**
 * A translation by key, where a flow id's own dots are part of one key (`flows.argos.put-image.noName`
 * is flows → "argos.put-image" → noName), as the locale files nest it.
 */
function lookup(node: unknown, parts: readonly string[]): unknown {
  if (parts.length === 0) return node;
  if (typeof node !== 'object' || node === null) return undefined;
  for (let i = 1; i <= parts.length; i += 1) {
    const key = parts.slice(0, i).join('.');
    if (key in node) {
      const found = lookup((node as Record<string, unknown>)[key], parts.slice(i));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const today = new Date(Date.UTC(2026, 10, 21));

function review(flow: Parameters<typeof flowDescriptor>[0], step: string) {
  const found = flowDescriptor(flow)?.reviews.find((candidate) => candidate.step === step);
  if (!found) throw new Error(`no review ${step} in ${flow}`);
  return found;
}

const problems = (
  fields: ReturnType<typeof review>['fields'],
  values: Record<string, string>,
  translationEnabled: boolean,
) => validateForm(fields, values, { translationEnabled, today }).map((p) => `${p.field}:${p.key}`);

describe('the flow registry', () => {
  it('lists the five seed flows, each with its provider, and parses every descriptor', () => {
    expect(FLOW_IDS).toEqual([
      'lumin.kyc-national-id',
      'lumin.update-national-id',
      'lumin.update-passport',
      'argos.put-image',
      'jumio.credentials',
    ]);
    expect(PROVIDER_OF_FLOW['argos.put-image']).toBe('argos');
    for (const descriptor of FLOW_DESCRIPTORS) {
      // defineFlow applies the defaults without zod; parsing with the schema must change nothing.
      expect(flowDescriptorSchema.parse(descriptor)).toEqual(descriptor);
      expect(PROVIDER_OF_FLOW[descriptor.id as (typeof FLOW_IDS)[number]]).toBe(descriptor.provider);
      // A follow-up names a flow the registry knows.
      for (const follow of descriptor.followUps) expect(FLOW_IDS).toContain(follow.flow);
    }
  });

  it("lists a case without a name in the flow's own words when its provider never reads one", () => {
    const keyExists = (tree: unknown, key: string) => typeof lookup(tree, key.split('.')) === 'string';
    for (const descriptor of FLOW_DESCRIPTORS) {
      const key = descriptor.listing.noNameKey;
      // ARGOS answers a KYC result and never a name (providers.md §2): "Name not read yet" would
      // never come true. The other flows read or review one.
      expect(key, descriptor.id).toBe(
        descriptor.provider === 'argos' ? 'flows.argos.put-image.noName' : 'queue.noName',
      );
      expect(keyExists(en, key), `${key} in en.json`).toBe(true);
      expect(keyExists(ar, key), `${key} in ar.json`).toBe(true);
    }
  });

  it("labels each receipt's reference and headline in the flow's own words, in both languages", () => {
    const keyExists = (tree: unknown, key: string) => typeof lookup(tree, key.split('.')) === 'string';
    const labels = Object.fromEntries(
      FLOW_DESCRIPTORS.map((d) => [d.id, [d.done.providerReferenceLabelKey, d.done.headlineKey]]),
    );
    // Lumin's customer number is the one staff typed on an update: not a new "provider reference".
    // Jumio's PROCESSED is the end of processing, not a decision (providers.md §3.3): its receipt
    // must not say "approved by the provider"; ARGOS and Lumin complete on an approval.
    expect(labels).toEqual({
      'lumin.kyc-national-id': ['done.luminCustomer', undefined],
      'lumin.update-national-id': ['done.luminCustomer', undefined],
      'lumin.update-passport': ['done.luminCustomer', undefined],
      'argos.put-image': ['done.argosSubmission', undefined],
      'jumio.credentials': ['done.jumioAccount', 'jumio.done'],
    });
    for (const key of Object.values(labels).flat()) {
      if (key === undefined) continue;
      expect(keyExists(en, key), `${key} in en.json`).toBe(true);
      expect(keyExists(ar, key), `${key} in ar.json`).toBe(true);
    }
    expect(lookup(en, ['jumio', 'done'])).not.toMatch(/approved/i);
  });

  it('refuses a malformed descriptor (unknown document kind, unknown rule)', () => {
    const base = flowDescriptor('lumin.kyc-national-id')!;
    const badKind = {
      ...base,
      capture: { roles: [{ ...base.capture.roles[0]!, document: 'id2_card' }] },
    };
    expect(flowDescriptorSchema.safeParse(badKind).success).toBe(false);
    const badRule = {
      ...base,
      identify: [{ name: 'x', dir: 'ltr', rules: [{ kind: 'luhn' }] }],
    };
    expect(flowDescriptorSchema.safeParse(badRule).success).toBe(false);
  });
});

describe('lumin.kyc-national-id review rules', () => {
  const fields = review('lumin.kyc-national-id', 'review-front').fields;
  const good = {
    fullName: 'أحمد محمد علي',
    fullNameEn: 'Ahmed Mohamed Ali',
    firstNameEn: 'Ahmed',
    familyNameEn: 'Mohamed Ali',
    idNumber: '29809191234567',
    birthdate: '19/09/1998',
    documentNumber: 'GM2134524',
    address: '15 st elgnainy',
    state: 'hadaek el koba - Cairo',
  };
  const check = (values: Partial<typeof good>, translation = true) =>
    problems(fields, { ...good, ...values }, translation);

  it('accepts the seed example and requires English names only when translating', () => {
    expect(check({})).toEqual([]);
    expect(check({ fullNameEn: '', firstNameEn: ' ' })).toEqual([
      'fullNameEn:englishRequired',
      'firstNameEn:englishRequired',
    ]);
    expect(check({ fullNameEn: '', firstNameEn: '', familyNameEn: '' }, false)).toEqual([]);
    expect(check({ firstNameEn: 'أحمد' })).toEqual(['firstNameEn:englishLettersOnly']);
  });

  it('checks the number, its birth date, the factory number and the address', () => {
    expect(check({ idNumber: '2980919123456' })).toContain('idNumber:idNumberDigits');
    expect(check({ idNumber: '2981319123456x' })).toContain('idNumber:idNumberDigits');
    expect(check({ idNumber: '29813191234567' })).toContain('idNumber:idNumberDate');
    expect(check({ idNumber: '29809199934567' })).toContain('idNumber:idNumberGovernorate');
    expect(check({ birthdate: '1998-09-19' })).toEqual(['birthdate:birthdateFormat']);
    expect(check({ birthdate: '31/02/1998' })).toEqual(['birthdate:birthdateFormat']);
    expect(check({ birthdate: '19/09/2030' })).toEqual(['birthdate:birthdateFormat']);
    expect(check({ birthdate: '20/09/1998' })).toEqual(['birthdate:birthdateMismatch']);
    expect(check({ idNumber: '30101010123456', birthdate: '01/01/2001' })).toEqual([]);
    expect(check({ documentNumber: 'G2134524' })).toEqual(['documentNumber:factoryNumber']);
    expect(check({ address: '  ', fullName: 'اب' })).toEqual(['fullName:required', 'address:required']);
  });

  it('sends ASCII digits, an upper-case factory number and only the fields that apply', () => {
    const out = normaliseForm(
      fields,
      { ...good, idNumber: '٢٩٨٠٩١٩١٢٣٤٥٦٧', documentNumber: ' gm2134524 ', birthdate: '١٩/٠٩/١٩٩٨' },
      { translationEnabled: false },
    );
    expect(out).toMatchObject({
      idNumber: '29809191234567',
      documentNumber: 'GM2134524',
      birthdate: '19/09/1998',
    });
    expect(Object.keys(out)).not.toContain('fullNameEn');
    expect(check({ idNumber: '٢٩٨٠٩١٩١٢٣٤٥٦٧', birthdate: '١٩/٠٩/١٩٩٨' })).toEqual([]);
    // Pasted from right-to-left text, with an invisible right-to-left mark in front.
    expect(check({ idNumber: '\u200F29809191234567' })).toEqual([]);
    expect(
      normaliseForm(fields, { ...good, idNumber: '\u200F29809191234567' }, { translationEnabled: false }),
    ).toMatchObject({ idNumber: '29809191234567' });
  });
});

describe('lumin.update-national-id', () => {
  const fields = review('lumin.update-national-id', 'review-front').fields;

  it('edits only the three English names, required and Latin when the tenant translates', () => {
    expect(
      problems(fields, { fullNameEn: 'Hoda Kamel', firstNameEn: 'Hoda', familyNameEn: 'Kamel' }, true),
    ).toEqual([]);
    expect(problems(fields, { fullNameEn: '', firstNameEn: 'هدى', familyNameEn: 'Kamel' }, true)).toEqual([
      'fullNameEn:englishRequired',
      'firstNameEn:englishLettersOnly',
    ]);
    expect(problems(fields, {}, false)).toEqual([]);
    // What the provider read is shown, never sent back.
    const sent = normaliseForm(
      fields,
      { fullNameEn: ' Hoda ', idNumber: '1', fullName: 'x' },
      {
        translationEnabled: true,
      },
    );
    expect(Object.keys(sent).sort()).toEqual(['familyNameEn', 'firstNameEn', 'fullNameEn']);
    expect(sent.fullNameEn).toBe('Hoda');
  });

  it('identifies the customer by applicant id (digits) and customer number', () => {
    const identify = flowDescriptor('lumin.update-national-id')!.identify;
    expect(problems(identify, { applicantId: '١٠٠١', customerId: 'C-1001' }, false)).toEqual([]);
    expect(problems(identify, { applicantId: '10a1', customerId: '' }, false)).toEqual([
      'applicantId:digits',
      'customerId:required',
    ]);
    expect(
      normaliseForm(identify, { applicantId: ' ١٠٠١', customerId: 'c-1' }, { translationEnabled: false }),
    ).toEqual({
      applicantId: '1001',
      customerId: 'C-1',
    });
    expect(flowDescriptor('lumin.update-national-id')!.start).toEqual({
      needsNetwork: true,
      secrets: [expect.objectContaining({ name: 'password' })],
    });
  });

  it('takes a number pasted from right-to-left text: its invisible direction marks are dropped', () => {
    // Copied from an Arabic document or chat, "1001" arrives as RLM 1001 (or wrapped in an isolate):
    // the field shows 1001, so "Digits only." would be a riddle for the teller.
    const identify = flowDescriptor('lumin.update-national-id')!.identify;
    const pasted = { applicantId: '\u200F١٠٠١\u200E', customerId: '\u2067C-1001\u2069' };
    expect(problems(identify, pasted, false)).toEqual([]);
    expect(normaliseForm(identify, pasted, { translationEnabled: false })).toEqual({
      applicantId: '1001',
      customerId: 'C-1001',
    });
  });

  it('names fields it does not have, so main can refuse them', () => {
    expect(unknownFields(fields, { fullNameEn: 'A', idNumberX: '1' })).toEqual(['idNumberX']);
  });
});

describe('lumin.update-passport', () => {
  const fields = review('lumin.update-passport', 'review-passport').fields;

  it('requires the Arabic full name in Arabic letters when the tenant translates', () => {
    expect(problems(fields, { fullNameAr: 'هدى مصطفى كامل' }, true)).toEqual([]);
    expect(problems(fields, { fullNameAr: '' }, true)).toEqual(['fullNameAr:required']);
    expect(problems(fields, { fullNameAr: 'Hoda Kamel' }, true)).toEqual(['fullNameAr:arabicLettersOnly']);
    expect(problems(fields, { fullNameAr: '' }, false)).toEqual([]);
    expect(
      normaliseForm(fields, { fullNameAr: ' هدى ', documentNumber: 'A1' }, { translationEnabled: true }),
    ).toEqual({
      fullNameAr: 'هدى',
    });
  });

  it('captures the passport data page (ID-3), from a scanner or a file', () => {
    const [role] = flowDescriptor('lumin.update-passport')!.capture.roles;
    expect(role).toMatchObject({ role: 'passport', document: 'passport_page', required: true });
  });
});
