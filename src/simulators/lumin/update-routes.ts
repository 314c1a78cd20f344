/**
 * Update API (providers.md 1.3, seeds 000 and 001): allowed steps → initialize → verification
 * method → verify password → national ID (upload front, back; approve front, back) or passport
 * (upload, approve). Uploads need the initialized, verified step and the request's own customerId.
 */
import type { Ledger } from '../common/ledger';
import { json, type Route, type SimRequest, type SimResponse } from '../common/router';
import { backCustomerData, frontCustomerData, passportData } from './customer-data';
import { notSuccessful, readUploadedImage, successful } from './image-upload';
import { luminError, message, orderError } from './messages';
import { isResponse, updateSession } from './session-guard';
import type { LuminState, UpdateSession } from './state';
import { objectBody } from './token-routes';

const REQUEST = '/api/v1/update/UpdateRequest';
const NATIONAL_ID = '/api/v1/update/UpdateNationalId';
const PASSPORT = '/api/v1/update/UpdatePassport';
const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** The session, ready for work on `step` (initialized and verified), with the body parsed. */
function readyFor(
  state: LuminState,
  request: SimRequest,
  step: number,
): { session: UpdateSession; body: Record<string, unknown> } | SimResponse {
  const session = updateSession(state, request);
  if (isResponse(session)) return session;
  if (session.initialized !== step) return luminError(request, 400, 'StepNotInitialized', 'step');
  if (!session.verified) return luminError(request, 400, 'NotVerified', 'notVerified');
  const body = request.body.length === 0 ? {} : objectBody(request);
  if (!body) return luminError(request, 400, 'InvalidBody', 'invalidBody');
  return { session, body };
}

function customerMatches(
  request: SimRequest,
  session: UpdateSession,
  body: Record<string, unknown>,
): SimResponse | undefined {
  if (!nonEmpty(body.customerId)) return luminError(request, 400, 'RequiredField', 'required', 'customerId');
  if (String(body.customerId).toUpperCase() !== session.customer.customerId.toUpperCase()) {
    return luminError(request, 400, 'CustomerMismatch', 'customer');
  }
  return undefined;
}

export function updateRoutes(state: LuminState, ledger: Ledger): Route[] {
  const verifyPassword = (request: SimRequest): SimResponse => {
    const session = updateSession(state, request);
    if (isResponse(session)) return session;
    const body = objectBody(request);
    if (!body) return luminError(request, 400, 'InvalidBody', 'invalidBody');
    if (session.initialized === undefined || Number(body.updateStepId) !== session.initialized) {
      return luminError(request, 400, 'StepNotInitialized', 'step');
    }
    if (session.customer.verificationMethod !== 1)
      return luminError(request, 400, 'WrongVerificationMethod', 'step');
    const ok = body.password === session.customer.password;
    ledger.record('password_checked', { applicantId: session.customer.applicantId, ok });
    if (ok) session.verified = true;
    return json(200, { status: ok ? 0 : 1 });
  };

  const translation = (request: SimRequest): SimResponse => {
    const session = updateSession(state, request);
    if (isResponse(session)) return session;
    return json(200, { value: session.tenant.translation });
  };

  return [
    {
      method: 'GET',
      path: `${REQUEST}/GetCurrentRequestSteps`,
      handler: (request) => {
        const session = updateSession(state, request);
        if (isResponse(session)) return session;
        return json(
          200,
          session.steps.map((updateStepId) => ({
            updateStepId,
            // When this step was last applied to the customer (providers.md 1.3).
            lastUpdatedDate: new Date(
              state.lastUpdated(session.customer.applicantId, updateStepId),
            ).toISOString(),
          })),
        );
      },
    },
    {
      method: 'POST',
      path: `${REQUEST}/Initialize/:step`,
      handler: (request) => {
        const session = updateSession(state, request);
        if (isResponse(session)) return session;
        const step = Number(request.params.step);
        if (!session.steps.includes(step)) return luminError(request, 400, 'StepNotAllowed', 'step');
        // Selecting the same step again changes nothing; another step starts over.
        if (session.initialized !== step) {
          session.initialized = step;
          session.verified = false;
        }
        ledger.record('step_initialized', { applicantId: session.customer.applicantId, step });
        return json(200, { status: 0 });
      },
    },
    {
      method: 'GET',
      path: `${REQUEST}/GetUpdateVerificationMethod`,
      handler: (request) => {
        const session = updateSession(state, request);
        if (isResponse(session)) return session;
        const step = Number(request.query.get('updateStep'));
        if (!session.steps.includes(step)) return luminError(request, 400, 'StepNotAllowed', 'step');
        return json(200, { value: session.customer.verificationMethod });
      },
    },
    // The docs' path and the SDK's path (providers.md 1.3 step 5): both exist on the simulator.
    { method: 'POST', path: `${REQUEST}/VerifyPassword`, handler: verifyPassword },
    {
      method: 'POST',
      path: '/api/v1/update/PasswordUpdateAuthentication/VerifyPassword',
      handler: verifyPassword,
    },
    { method: 'GET', path: `${NATIONAL_ID}/IsTranaslationStepEnabled`, handler: translation },
    { method: 'GET', path: `${PASSPORT}/IsTranaslationStepEnabled`, handler: translation },
    {
      method: 'POST',
      path: `${NATIONAL_ID}/UploadFrontImage`,
      handler: async (request) => {
        const ready = readyFor(state, request, 1);
        if (isResponse(ready)) return ready;
        const { session, body } = ready;
        const mismatch = customerMatches(request, session, body);
        if (mismatch) return mismatch;
        if (session.frontApproved) return orderError(request);
        const read = await readUploadedImage(request, body.image);
        if (isResponse(read)) return read;
        if (read.payload.t !== 'eg-id-front')
          return notSuccessful(request, 'WrongDocumentSide', message(request, 'wrongSide'));
        if (read.payload.id !== session.customer.nationalId) {
          return notSuccessful(request, 'NationalIdMismatch', message(request, 'mismatch'));
        }
        session.front = frontCustomerData(
          session.customer.customerId,
          read.payload,
          session.tenant.translation,
          new Date(state.now()),
        );
        ledger.record('front_uploaded', {
          flow: 'update',
          applicantId: session.customer.applicantId,
          image: read.digest,
        });
        return successful(session.front);
      },
    },
    {
      method: 'POST',
      path: `${NATIONAL_ID}/UploadBackImage`,
      handler: async (request) => {
        const ready = readyFor(state, request, 1);
        if (isResponse(ready)) return ready;
        const { session, body } = ready;
        const mismatch = customerMatches(request, session, body);
        if (mismatch) return mismatch;
        if (!session.front || session.backApproved) return orderError(request);
        const read = await readUploadedImage(request, body.image);
        if (isResponse(read)) return read;
        if (read.payload.t !== 'eg-id-back')
          return notSuccessful(request, 'WrongDocumentSide', message(request, 'wrongSide'));
        session.back = backCustomerData(session.front, session.customer.customerId, read.payload);
        ledger.record('back_uploaded', {
          flow: 'update',
          applicantId: session.customer.applicantId,
          image: read.digest,
        });
        return successful(session.back);
      },
    },
    {
      method: 'POST',
      path: `${NATIONAL_ID}/ApproveFrontImage`,
      handler: (request) => {
        const ready = readyFor(state, request, 1);
        if (isResponse(ready)) return ready;
        const { session, body } = ready;
        if (!session.front || session.frontApproved) return orderError(request);
        if (session.tenant.translation) {
          for (const field of ['fullNameEn', 'firstNameEn', 'familyNameEn']) {
            if (!nonEmpty(body[field]))
              return luminError(request, 400, 'EnglishNameRequired', 'englishNames');
          }
        }
        if (state.takeRefusal()) return json(200, { status: 1 });
        session.frontApproved = true;
        session.frontApprovedBody = body;
        ledger.record('front_approved', { flow: 'update', applicantId: session.customer.applicantId });
        return json(200, { status: 0 });
      },
    },
    {
      method: 'POST',
      path: `${NATIONAL_ID}/ApproveBackImage`,
      handler: (request) => {
        const ready = readyFor(state, request, 1);
        if (isResponse(ready)) return ready;
        const { session } = ready;
        if (!session.frontApproved || !session.back || session.backApproved) return orderError(request);
        if (state.takeRefusal()) return json(200, { status: 1 });
        session.backApproved = true;
        state.markUpdated(session.customer.applicantId, 1);
        ledger.record('back_approved', { flow: 'update', applicantId: session.customer.applicantId });
        ledger.record('national_id_updated', { applicantId: session.customer.applicantId });
        return json(200, { status: 0 });
      },
    },
    {
      method: 'POST',
      path: `${PASSPORT}/UploadPassportImage`,
      handler: async (request) => {
        const ready = readyFor(state, request, 2);
        if (isResponse(ready)) return ready;
        const { session, body } = ready;
        const mismatch = customerMatches(request, session, body);
        if (mismatch) return mismatch;
        if (session.passportApproved) return orderError(request);
        const read = await readUploadedImage(request, body.image);
        if (isResponse(read)) return read;
        if (read.payload.t !== 'passport')
          return notSuccessful(request, 'WrongDocumentSide', message(request, 'wrongSide'));
        session.passport = passportData(
          session.customer.customerId,
          read.payload,
          session.tenant.translation,
          new Date(state.now()),
        );
        ledger.record('passport_uploaded', { applicantId: session.customer.applicantId, image: read.digest });
        return successful(session.passport, { passportData: session.passport });
      },
    },
    {
      method: 'POST',
      path: `${PASSPORT}/Approve`,
      handler: (request) => {
        const ready = readyFor(state, request, 2);
        if (isResponse(ready)) return ready;
        const { session, body } = ready;
        if (!session.passport || session.passportApproved) return orderError(request);
        if (session.tenant.translation && !nonEmpty(body.fullNameAr)) {
          return luminError(request, 400, 'ArabicNameRequired', 'arabicName');
        }
        if (state.takeRefusal()) return json(200, { status: 1 });
        session.passportApproved = true;
        session.passportApprovedBody = body;
        state.markUpdated(session.customer.applicantId, 2);
        ledger.record('passport_approved', { applicantId: session.customer.applicantId });
        ledger.record('passport_updated', { applicantId: session.customer.applicantId });
        return json(200, { status: 0 });
      },
    },
  ];
}
