/** The `customerData` (and `passportData`) Lumin returns, built from what the "OCR" read. */
import type { BackPayload, FrontPayload, PassportPayload } from '../../main/specimens';
import { validateNationalId } from '../../shared/validation/egyptian-national-id';
import { parseTd3 } from '../../shared/validation/mrz';
import { ageOn, mrzDateToIso } from '../common/ocr';
import type { CustomerData } from './state';

const iso = (date: string): string => `${date}T00:00:00.000Z`;

const EMPTY: CustomerData = {
  customerId: null,
  idFrontScan: null,
  idBackScan: null,
  photo: null,
  fullName: null,
  fullNameEn: null,
  firstName: null,
  firstNameEn: null,
  familyName: null,
  familyNameEn: null,
  address: null,
  state: null,
  birthdate: null,
  idNumber: null,
  idNumberBack: null,
  documentNumber: null,
  documentTypeId: null,
  documentTypeCode: null,
  issueDate: null,
  profession: null,
  maritalStatus: null,
  religion: null,
  gender: null,
  nationality: null,
  detectedAge: null,
  detectedGender: null,
  expirationDate: null,
};

/** `today`: the platform's date, for the detected age. */
export function frontCustomerData(
  customerId: string,
  p: FrontPayload,
  translation: boolean,
  today: Date,
): CustomerData {
  const facts = validateNationalId(p.id).facts;
  const gender = facts?.gender === 'female' ? 'Female' : 'Male';
  return {
    ...EMPTY,
    customerId,
    idFrontScan: p.id,
    photo: `/files/photos/${customerId}.jpg`,
    fullName: `${p.first} ${p.family}`,
    firstName: p.first,
    familyName: p.family,
    // The tenant's machine translation; the specimen's English spelling stands in for it.
    fullNameEn: translation ? `${p.firstEn} ${p.familyEn}` : null,
    firstNameEn: translation ? p.firstEn : null,
    familyNameEn: translation ? p.familyEn : null,
    address: p.address[0],
    state: p.address[1],
    birthdate: iso(p.birth),
    idNumber: p.id,
    documentNumber: p.factory ?? null,
    documentTypeId: '1',
    documentTypeCode: 'NID',
    gender,
    nationality: 'Egyptian',
    detectedAge: ageOn(p.birth, today),
    detectedGender: gender,
  };
}

export function backCustomerData(
  front: CustomerData | undefined,
  customerId: string,
  p: BackPayload,
): CustomerData {
  return {
    ...EMPTY,
    ...front,
    customerId,
    idBackScan: p.id,
    idNumberBack: p.id,
    documentNumber: p.factory,
    issueDate: iso(p.issued),
    expirationDate: iso(p.expires),
    profession: p.profession,
    maritalStatus: p.marital,
    religion: p.religion,
    gender: p.sex === 'F' ? 'Female' : 'Male',
  };
}

/** `today`: the platform's date, for the detected age and the MRZ expiry's century. */
export function passportData(
  customerId: string,
  p: PassportPayload,
  translation: boolean,
  today: Date,
): CustomerData {
  const mrz = parseTd3(p.mrz[0], p.mrz[1]).fields;
  const given = mrz?.givenNames ?? '';
  const surname = mrz?.surname ?? '';
  return {
    ...EMPTY,
    customerId,
    photo: `/files/photos/${customerId}.jpg`,
    fullName: `${given} ${surname}`.trim(),
    firstName: given,
    familyName: surname,
    fullNameEn: `${given} ${surname}`.trim(),
    firstNameEn: given,
    familyNameEn: surname,
    // Arabic names appear only when the tenant translates (the page prints them; the MRZ does not).
    fullNameAr: translation ? `${p.firstAr} ${p.familyAr}` : null,
    firstNameAr: translation ? p.firstAr : null,
    familyNameAr: translation ? p.familyAr : null,
    birthdate: iso(p.birth),
    idNumber: mrz?.personalNumber ?? null,
    documentNumber: mrz?.documentNumber ?? null,
    documentTypeId: '2',
    documentTypeCode: 'P',
    documentCode: mrz?.documentCode ?? 'P',
    issuingAuthority: mrz?.issuingState ?? null,
    issueDate: iso(p.issued),
    expirationDate: iso(mrzDateToIso(mrz?.expiryDate ?? '000101', 'expiry', today)),
    gender: mrz?.sex === 'F' ? 'Female' : 'Male',
    nationality: mrz?.nationality ?? null,
    detectedAge: ageOn(p.birth, today),
    visualZone: p.placeOfBirth,
  };
}
