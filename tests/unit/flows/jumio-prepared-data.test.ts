// Jumio's prepared-data review (seed 004, providers.md §3.2): the descriptor's rules as main applies
// them at cases.submitReview, the values sent (normalised, nested as the seed shows), the prefill
// from the kiosk's own MRZ reading, and the simulator's check of what arrives (written from the seed).
import { describe, expect, it } from 'vitest';
import { normaliseForm, validateForm } from '../../../src/shared/flows/form-rules';
import { prefillValues } from '../../../src/shared/flows/prefill';
import { flowDescriptor } from '../../../src/shared/flows/registry';
import type { MrzReading } from '../../../src/shared/ipc/devices';
import { preparedDataBody } from '../../../src/main/providers/jumio/prepared-data';
import { preparedDataProblem } from '../../../src/simulators/jumio/prepared-data';

const today = new Date(Date.UTC(2026, 10, 30));
const form = flowDescriptor('jumio.credentials')!.reviews.find((r) => r.step === 'review-prepared-data')!;
const problems = (values: Record<string, string>) =>
  validateForm(form.fields, values, { translationEnabled: false, today }).map((p) => `${p.field}:${p.key}`);

const valid = { firstName: 'Karim', lastName: 'Mansour', dateOfBirth: '1990-04-17' };

describe('jumio.credentials prepared-data review rules', () => {
  it('asks for the names and the date of birth; everything else may stay blank', () => {
    expect(problems({})).toEqual(['firstName:required', 'lastName:required', 'dateOfBirth:required']);
    expect(problems(valid)).toEqual([]);
  });

  it('refuses impossible and future dates, and takes Arabic-Indic digits', () => {
    expect(problems({ ...valid, dateOfBirth: '17/04/1990' })).toEqual(['dateOfBirth:isoDate']);
    expect(problems({ ...valid, dateOfBirth: '2001-02-30' })).toEqual(['dateOfBirth:isoDate']);
    expect(problems({ ...valid, dateOfBirth: '2027-01-01' })).toEqual(['dateOfBirth:isoDatePast']);
    expect(problems({ ...valid, dateOfBirth: '١٩٩٠-٠٤-١٧' })).toEqual([]);
    // An expiry date may be in the future, an issue date may not.
    expect(problems({ ...valid, idExpiryDate: '2031-05-01', idIssuingDate: '2031-05-01' })).toEqual([
      'idIssuingDate:isoDatePast',
    ]);
  });

  it('checks the optional fields only for what they hold', () => {
    expect(
      problems({
        ...valid,
        sex: 'X',
        nationality: 'EG',
        email: 'karim@',
        phoneNumber: '12ab',
        addressCountry: 'Egypt',
        idNumber: 'A 1',
      }),
    ).toEqual([
      'sex:choiceUnknown',
      'nationality:countryCode',
      'email:email',
      'phoneNumber:phoneNumber',
      'addressCountry:countryCode',
      'idNumber:documentIdNumber',
    ]);
  });

  it('sends the values normalised and nested as the seed shows, blanks left out, and the simulator takes them', () => {
    const reviewed = normaliseForm(
      form.fields,
      {
        ...valid,
        sex: 'M',
        nationality: 'egy',
        dateOfBirth: '١٩٩٠-٠٤-١٧',
        phoneNumber: '+٢٠١٠٠١٢٣٤٥٦٧',
        city: 'Cairo',
        idNumber: 'ab1234567',
        idExpiryDate: '2031-05-01',
        middleName: '  ',
      },
      { translationEnabled: false },
    );
    const body = preparedDataBody({ fields: { 'review-prepared-data': reviewed } });
    expect(body).toEqual({
      firstName: 'Karim',
      lastName: 'Mansour',
      sex: 'M',
      dateOfBirth: '1990-04-17',
      nationality: 'EGY',
      phoneNumber: '+201001234567',
      address: { city: 'Cairo' },
      id: { idNumber: 'AB1234567', expiryDate: '2031-05-01' },
    });
    expect(preparedDataProblem(body)).toBeUndefined();
  });

  it('a case queued before the review existed still sends its ready prepared data', () => {
    expect(preparedDataBody({ fields: { preparedData: { firstName: 'Nour' } } })).toEqual({
      firstName: 'Nour',
    });
    expect(preparedDataBody({ fields: {} })).toBeUndefined();
  });
});

describe('prefill from what the kiosk knows', () => {
  const reading = (valid: boolean): MrzReading => ({
    format: 'TD3',
    lines: [],
    valid,
    errors: valid ? [] : ['document_number_check'],
    fields: {
      documentCode: 'P',
      issuingState: 'EGY',
      surname: 'MANSOUR',
      givenNames: 'KARIM ADEL',
      documentNumber: 'A12345678',
      nationality: 'EGY',
      birthDate: '900417',
      birthDateIso: '1990-04-17',
      sex: 'M',
      expiryDate: '310501',
      expiryDateIso: '2031-05-01',
      personalNumber: '',
    },
    expired: false,
    nationalId: 'not_applicable',
    turned: false,
  });

  it('fills the form from the first valid MRZ reading of the case, never from an invalid one', () => {
    expect(prefillValues(form.prefill, [null, reading(true)], {})).toEqual({
      firstName: 'KARIM ADEL',
      lastName: 'MANSOUR',
      sex: 'M',
      dateOfBirth: '1990-04-17',
      nationality: 'EGY',
      idNumber: 'A12345678',
      idExpiryDate: '2031-05-01',
    });
    expect(prefillValues(form.prefill, [reading(false)], {})).toEqual({});
    // What it fills passes the form's own rules.
    expect(problems(prefillValues(form.prefill, [reading(true)], {}))).toEqual([]);
  });

  it('takes identify fields staff typed when the descriptor maps them', () => {
    expect(prefillValues({ identify: { firstName: 'givenName' } }, [], { givenName: ' Nour ' })).toEqual({
      firstName: 'Nour',
    });
  });
});

describe('the simulator checks prepared data as seed 004 documents it', () => {
  it('refuses unknown keys, wrong types and malformed values', () => {
    expect(preparedDataProblem([])).toMatch(/JSON object/);
    expect(preparedDataProblem({ favouriteColour: 'red' })).toMatch(/Unknown field favouriteColour/);
    expect(preparedDataProblem({ address: { planet: 'Mars' } })).toMatch(/Unknown field address.planet/);
    expect(preparedDataProblem({ address: 'Cairo' })).toMatch(/address must be an object/);
    expect(preparedDataProblem({ firstName: 7 })).toMatch(/firstName must be a non-empty string/);
    expect(preparedDataProblem({ sex: 'X' })).toMatch(/sex must be M or F/);
    expect(preparedDataProblem({ dateOfBirth: '17/04/1990' })).toMatch(/ISO date/);
    expect(preparedDataProblem({ nationality: 'Egypt' })).toMatch(/alpha-3/);
    expect(preparedDataProblem({ email: 'nobody' })).toMatch(/email/);
    expect(preparedDataProblem({ id: { expiryDate: 'soon' } })).toMatch(/id.expiryDate/);
    expect(
      preparedDataProblem({ bank: { amount: 0.1 }, business: { kybCapabilities: ['ADVERSE_MEDIA'] } }),
    ).toBeUndefined();
  });
});
