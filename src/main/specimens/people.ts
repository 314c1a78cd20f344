/**
 * The named synthetic people of training mode and the tests. Every number is built by the same
 * validators the UI uses, so a specimen is always internally consistent (birth date, governorate
 * and gender inside the national ID number; ICAO check digits in the MRZ).
 */
import { buildNationalId, type Gender } from '../../shared/validation/egyptian-national-id';

export interface SpecimenPerson {
  key: string;
  /** Egyptian naming: first name, then father's and grandfather's names; "family" is all after the first. */
  firstNameAr: string;
  familyNameAr: string;
  firstNameEn: string;
  familyNameEn: string;
  birthDate: string; // yyyy-mm-dd
  governorateCode: string;
  gender: Gender;
  nationalId: string;
  /** The card's factory number (printed on the back, sent as documentNumber). */
  factoryNumber: string;
  addressAr: [string, string];
  addressEn: [string, string];
  professionAr: string;
  religionAr: string;
  maritalStatusAr: string;
  cardIssueDate: string;
  cardExpiryDate: string;
  passport: { number: string; issueDate: string; expiryDate: string; placeOfBirth: string };
  /** Set when the simulated providers already know this person (Lumin answers 10103 on onboarding). */
  registered?: { applicantId: string; customerId: string };
}

type PersonSeed = Omit<SpecimenPerson, 'nationalId'> & { serial: number };

function person(seed: PersonSeed): SpecimenPerson {
  const { serial, ...rest } = seed;
  return {
    ...rest,
    nationalId: buildNationalId({
      birthDate: seed.birthDate,
      governorateCode: seed.governorateCode,
      serial,
      gender: seed.gender,
    }),
  };
}

export const SPECIMEN_PEOPLE: readonly SpecimenPerson[] = [
  person({
    key: 'amira',
    firstNameAr: 'أميرة',
    familyNameAr: 'حسن عبد الله',
    firstNameEn: 'Amira',
    familyNameEn: 'Hassan Abdallah',
    birthDate: '1995-03-14',
    governorateCode: '01',
    gender: 'female',
    serial: 214,
    factoryNumber: 'GM2134524',
    addressAr: ['١٥ شارع الجنايني', 'حدائق القبة - القاهرة'],
    addressEn: ['15 El Genainy St', 'Hadayek El Kobba - Cairo'],
    professionAr: 'مهندسة',
    religionAr: 'مسلمة',
    maritalStatusAr: 'عزباء',
    cardIssueDate: '2022-05-10',
    cardExpiryDate: '2029-05-09',
    passport: {
      number: 'A21345678',
      issueDate: '2023-01-15',
      expiryDate: '2030-01-14',
      placeOfBirth: 'CAIRO',
    },
  }),
  person({
    key: 'karim',
    firstNameAr: 'كريم',
    familyNameAr: 'محمود السيد',
    firstNameEn: 'Karim',
    familyNameEn: 'Mahmoud Elsayed',
    birthDate: '1988-11-02',
    governorateCode: '02',
    gender: 'male',
    serial: 37,
    factoryNumber: 'KH4471902',
    addressAr: ['٧ شارع فؤاد', 'محطة الرمل - الإسكندرية'],
    addressEn: ['7 Fouad St', 'Raml Station - Alexandria'],
    professionAr: 'محاسب',
    religionAr: 'مسلم',
    maritalStatusAr: 'متزوج',
    cardIssueDate: '2021-09-01',
    cardExpiryDate: '2028-08-31',
    passport: {
      number: 'A30918274',
      issueDate: '2022-07-20',
      expiryDate: '2029-07-19',
      placeOfBirth: 'ALEXANDRIA',
    },
  }),
  person({
    key: 'youssef',
    firstNameAr: 'يوسف',
    familyNameAr: 'أحمد فتحي',
    firstNameEn: 'Youssef',
    familyNameEn: 'Ahmed Fathy',
    birthDate: '2001-06-21',
    governorateCode: '21',
    gender: 'male',
    serial: 508,
    factoryNumber: 'JN0092317',
    addressAr: ['٢٢ شارع الهرم', 'الهرم - الجيزة'],
    addressEn: ['22 El Haram St', 'Haram - Giza'],
    professionAr: 'طالب',
    religionAr: 'مسيحي',
    maritalStatusAr: 'أعزب',
    cardIssueDate: '2024-02-11',
    cardExpiryDate: '2031-02-10',
    passport: {
      number: 'A45502817',
      issueDate: '2024-03-01',
      expiryDate: '2031-02-28',
      placeOfBirth: 'GIZA',
    },
  }),
  person({
    // Already onboarded at the simulated Lumin tenant: onboarding her again answers 10103, and she is
    // the customer the update flows (new card, new passport) are tried with.
    key: 'hoda',
    firstNameAr: 'هدى',
    familyNameAr: 'مصطفى كامل',
    firstNameEn: 'Hoda',
    familyNameEn: 'Moustafa Kamel',
    birthDate: '1979-08-30',
    governorateCode: '12',
    gender: 'female',
    serial: 95,
    factoryNumber: 'BD7720145',
    addressAr: ['٣ شارع الجمهورية', 'المنصورة - الدقهلية'],
    addressEn: ['3 El Gomhoreya St', 'Mansoura - Dakahlia'],
    professionAr: 'طبيبة',
    religionAr: 'مسلمة',
    maritalStatusAr: 'متزوجة',
    cardIssueDate: '2023-10-05',
    cardExpiryDate: '2030-10-04',
    passport: {
      number: 'A11220933',
      issueDate: '2021-04-12',
      expiryDate: '2028-04-11',
      placeOfBirth: 'MANSOURA',
    },
    registered: { applicantId: '1001', customerId: 'B7E2C1A4-5D3F-4E2B-9A61-7C0D2E3F4A5B' },
  }),
  person({
    // Her card expired: ARGOS rejects it with expired_id.
    key: 'omar',
    firstNameAr: 'عمر',
    familyNameAr: 'خالد إبراهيم',
    firstNameEn: 'Omar',
    familyNameEn: 'Khaled Ibrahim',
    birthDate: '1970-01-25',
    governorateCode: '25',
    gender: 'male',
    serial: 811,
    factoryNumber: 'AS1100456',
    addressAr: ['٤٠ شارع الجمهورية', 'أسيوط'],
    addressEn: ['40 El Gomhoreya St', 'Asyut'],
    professionAr: 'تاجر',
    religionAr: 'مسلم',
    maritalStatusAr: 'أرمل',
    cardIssueDate: '2012-03-03',
    cardExpiryDate: '2019-03-02',
    passport: {
      number: 'A09911220',
      issueDate: '2014-06-01',
      expiryDate: '2021-05-31',
      placeOfBirth: 'ASYUT',
    },
  }),
];

/** The keys of SPECIMEN_PEOPLE. */
export type SpecimenKey = 'amira' | 'karim' | 'youssef' | 'hoda' | 'omar';

export function specimenPerson(key: string): SpecimenPerson {
  const found = SPECIMEN_PEOPLE.find((p) => p.key === key);
  if (!found) throw new Error(`no specimen person "${key}"`);
  return found;
}

export const fullNameAr = (p: SpecimenPerson): string => `${p.firstNameAr} ${p.familyNameAr}`;
export const fullNameEn = (p: SpecimenPerson): string => `${p.firstNameEn} ${p.familyNameEn}`;
