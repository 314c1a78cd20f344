/**
 * The Lumin Soft eKYC HTTP client: paths relative to the configured bases (the docs' and the SDK's
 * casing differ), bearer session token, Accept-Language from the kiosk UI, JSON bodies with base64
 * images, one timeout per call.
 */
import type { StepContext } from '../../sync/flow-types';
import type { LuminConfig } from '../config';
import { loggedCall, type ConnectorDeps } from '../connector';
import type { HttpMethod, HttpResult } from '../http/http-call';
import { isStreamedBody } from '../http/streamed-json';

export const KYC_PATHS = {
  token: 'api/v1/Auth/GenerateKycOnboardingSessionToken',
  uploadFront: 'api/v1/onboarding/NationalIdKyc/UploadFrontImage',
  approveFront: 'api/v1/onboarding/NationalIdKyc/ApproveFrontImage',
  uploadBack: 'api/v1/onboarding/NationalIdKyc/UploadBackImage',
  approveBack: 'api/v1/onboarding/NationalIdKyc/ApproveBackImage',
} as const;

export const UPDATE_PATHS = {
  token: 'api/v1/Auth/GenerateUpdateRequestSessionToken',
  currentSteps: 'api/v1/update/UpdateRequest/GetCurrentRequestSteps',
  initialize: (step: number) => `api/v1/update/UpdateRequest/Initialize/${step}`,
  verificationMethod: (step: number) =>
    `api/v1/update/UpdateRequest/GetUpdateVerificationMethod?updateStep=${step}`,
  nationalIdTranslation: 'api/v1/update/UpdateNationalId/IsTranaslationStepEnabled',
  uploadFront: 'api/v1/update/UpdateNationalId/UploadFrontImage',
  uploadBack: 'api/v1/update/UpdateNationalId/UploadBackImage',
  approveFront: 'api/v1/update/UpdateNationalId/ApproveFrontImage',
  approveBack: 'api/v1/update/UpdateNationalId/ApproveBackImage',
  passportTranslation: 'api/v1/update/UpdatePassport/IsTranaslationStepEnabled',
  uploadPassport: 'api/v1/update/UpdatePassport/UploadPassportImage',
  approvePassport: 'api/v1/update/UpdatePassport/Approve',
} as const;

export type LuminApi = 'kyc' | 'update';

export class LuminClient {
  constructor(
    readonly config: LuminConfig,
    private readonly deps: ConnectorDeps,
  ) {}

  url(api: LuminApi, path: string): string {
    const base = api === 'kyc' ? this.config.baseUrl : this.config.updateBaseUrl;
    return new URL(path.replace(/^\//, ''), base).toString();
  }

  /** A call without a session (token endpoints). */
  async anonymous(
    api: LuminApi,
    operation: string,
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<HttpResult> {
    return loggedCall(this.deps, 'lumin', operation, {
      method: 'POST',
      url: this.url(api, path),
      json: body,
      timeoutMs: this.config.timeoutMs,
      signal,
    });
  }

  /** A call in the case's session; a missing session answers like an expired one (re-authenticate). */
  async call(
    context: Pick<StepContext, 'session' | 'language' | 'signal'>,
    api: LuminApi,
    operation: string,
    method: HttpMethod,
    path: string,
    body?: unknown,
  ): Promise<HttpResult> {
    if (!context.session) {
      return { kind: 'response', status: 401, headers: new Headers(), body: { type: 'empty' } };
    }
    return loggedCall(this.deps, 'lumin', operation, {
      method,
      url: this.url(api, path),
      headers: {
        authorization: `Bearer ${context.session.token}`,
        // The SDK sends AR or EN; the kiosk sends its UI language.
        'accept-language': context.language,
      },
      // A streamed body (an image's base64 written piece by piece: streamed-json.ts) or a JSON value.
      ...(isStreamedBody(body) ? { stream: body } : body !== undefined ? { json: body } : {}),
      timeoutMs: this.config.timeoutMs,
      signal: context.signal,
    });
  }
}
