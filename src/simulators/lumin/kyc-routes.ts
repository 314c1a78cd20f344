/**
 * KYC verification, national ID by OCR (providers.md 1.2, seed 002). Order enforced:
 * UploadFrontImage → ApproveFrontImage → UploadBackImage → ApproveBackImage.
 */
import type { Ledger } from '../common/ledger';
import { json, type Route, type SimRequest, type SimResponse } from '../common/router';
import { backCustomerData, frontCustomerData } from './customer-data';
import { readUploadedImage, notSuccessful, successful } from './image-upload';
import { luminError, message, orderError } from './messages';
import { isResponse, kycSession } from './session-guard';
import type { LuminState } from './state';
import { objectBody } from './token-routes';

const PREFIX = '/Onboarding/api/v1/onboarding/NationalIdKyc';
const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

function checkReviewedFront(
  request: SimRequest,
  body: Record<string, unknown>,
  translation: boolean,
): SimResponse | undefined {
  if (translation) {
    for (const field of ['fullNameEn', 'firstNameEn', 'familyNameEn']) {
      if (!nonEmpty(body[field])) return luminError(request, 400, 'EnglishNameRequired', 'englishNames');
    }
  }
  if (!nonEmpty(body.fullName)) return luminError(request, 400, 'RequiredField', 'required', 'fullName');
  if (typeof body.idNumber !== 'string' || !/^[0-9]{14}$/.test(body.idNumber)) {
    return luminError(request, 400, 'InvalidIdNumber', 'idNumber');
  }
  if (body.birthdate !== undefined && body.birthdate !== null) {
    if (typeof body.birthdate !== 'string' || !/^[0-3][0-9]\/[01][0-9]\/[0-9]{4}$/.test(body.birthdate)) {
      return luminError(request, 400, 'InvalidBirthdate', 'birthdate');
    }
  }
  return undefined;
}

export function kycRoutes(state: LuminState, ledger: Ledger): Route[] {
  return [
    {
      method: 'POST',
      path: `${PREFIX}/UploadFrontImage`,
      handler: async (request) => {
        const session = kycSession(state, request);
        if (isResponse(session)) return session;
        const body = objectBody(request);
        if (!body) return luminError(request, 400, 'InvalidBody', 'invalidBody');
        if (session.frontApproved) return orderError(request);
        const read = await readUploadedImage(request, body.image);
        if (isResponse(read)) return read;
        if (read.payload.t !== 'eg-id-front') {
          return notSuccessful(request, 'WrongDocumentSide', message(request, 'wrongSide'));
        }
        const existing = state.customerByNationalId(read.payload.id);
        if (existing) {
          ledger.record('duplicate_refused', { applicantId: existing.applicantId });
          return notSuccessful(request, '10103', message(request, 'alreadyRegistered', existing.applicantId));
        }
        session.front = frontCustomerData(
          session.customerId,
          read.payload,
          session.tenant.translation,
          new Date(state.now()),
        );
        ledger.record('front_uploaded', { flow: 'kyc', customerId: session.customerId, image: read.digest });
        return successful(session.front);
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/ApproveFrontImage`,
      handler: (request) => {
        const session = kycSession(state, request);
        if (isResponse(session)) return session;
        if (!session.front || session.frontApproved) return orderError(request);
        const body = objectBody(request);
        if (!body) return luminError(request, 400, 'InvalidBody', 'invalidBody');
        const invalid = checkReviewedFront(request, body, session.tenant.translation);
        if (invalid) return invalid;
        if (state.takeRefusal()) return json(200, false);
        session.frontApproved = body;
        ledger.record('front_approved', {
          flow: 'kyc',
          customerId: session.customerId,
          fields: Object.keys(body),
          // Specimen data only: tests check the values the operator approved arrived unchanged.
          values: body,
        });
        return json(200, true);
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/UploadBackImage`,
      handler: async (request) => {
        const session = kycSession(state, request);
        if (isResponse(session)) return session;
        // The back comes after the approved front, and only once before its approval.
        if (!session.frontApproved || session.backApproved) return orderError(request);
        const body = objectBody(request);
        if (!body) return luminError(request, 400, 'InvalidBody', 'invalidBody');
        const read = await readUploadedImage(request, body.image);
        if (isResponse(read)) return read;
        if (read.payload.t !== 'eg-id-back') {
          return notSuccessful(request, 'WrongDocumentSide', message(request, 'wrongSide'));
        }
        session.back = backCustomerData(session.front, session.customerId, read.payload);
        ledger.record('back_uploaded', { flow: 'kyc', customerId: session.customerId, image: read.digest });
        return successful(session.back);
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/ApproveBackImage`,
      handler: (request) => {
        const session = kycSession(state, request);
        if (isResponse(session)) return session;
        if (!session.back || session.backApproved) return orderError(request);
        if (state.takeRefusal()) return json(200, false);
        session.backApproved = true;
        const nationalId = String(session.front?.idNumber ?? session.back.idNumberBack);
        const customer = state.addCustomer({ nationalId, customerId: session.customerId });
        ledger.record('back_approved', { flow: 'kyc', customerId: session.customerId });
        ledger.record('customer_onboarded', {
          applicantId: customer.applicantId,
          customerId: customer.customerId,
        });
        return json(200, true);
      },
    },
  ];
}
