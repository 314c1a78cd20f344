/** Lumin session tokens (providers.md 1.1): one token = one onboarding or update request. */
import { randomUUID } from 'node:crypto';
import type { Ledger } from '../common/ledger';
import { isRecord, json, parseJson, type Route, type SimRequest, type SimResponse } from '../common/router';
import { luminError } from './messages';
import type { LuminState, Tenant } from './state';

function tenantOf(state: LuminState, body: Record<string, unknown>): Tenant | undefined {
  const tenant = typeof body.tenantId === 'string' ? state.tenants.get(body.tenantId) : undefined;
  return tenant && tenant.tenantSecret === body.tenantSecret ? tenant : undefined;
}

/** The JSON object body, or undefined when the body is not one. */
export function objectBody(request: SimRequest): Record<string, unknown> | undefined {
  const parsed = parseJson(request);
  return parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
}

const invalidBody = (request: SimRequest): SimResponse =>
  luminError(request, 400, 'InvalidBody', 'invalidBody');

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export function tokenRoutes(state: LuminState, ledger: Ledger): Route[] {
  return [
    {
      method: 'POST',
      path: '/Onboarding/api/v1/Auth/GenerateKycOnboardingSessionToken',
      handler: (request) => {
        const b = objectBody(request);
        if (!b) return invalidBody(request);
        const tenant = tenantOf(state, b);
        if (!tenant) return luminError(request, 401, 'InvalidTenant', 'badTenant');
        for (const field of ['userId', 'userName'] as const) {
          if (!nonEmpty(b[field])) return luminError(request, 400, 'RequiredField', 'required', field);
        }
        if (![1, 2, 3].includes(Number(b.kycRequestTypeId))) {
          return luminError(request, 400, 'RequiredField', 'required', 'kycRequestTypeId');
        }
        const { token, expiresAt } = state.newToken();
        state.sessions.set(token, {
          kind: 'kyc',
          token,
          tenant,
          expiresAt,
          operator: { userId: String(b.userId), userName: String(b.userName) },
          requestTypeId: Number(b.kycRequestTypeId),
          customerId: randomUUID().toUpperCase(),
        });
        ledger.record('token_issued', { kind: 'kyc', tenantId: tenant.tenantId, userId: b.userId });
        return json(200, { token, expirationDate: new Date(expiresAt).toISOString() });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/Auth/GenerateUpdateRequestSessionToken',
      handler: (request) => {
        const b = objectBody(request);
        if (!b) return invalidBody(request);
        const tenant = tenantOf(state, b);
        if (!tenant) return luminError(request, 401, 'InvalidTenant', 'badTenant');
        if (!nonEmpty(b.applicantId) && typeof b.applicantId !== 'number') {
          return luminError(request, 400, 'RequiredField', 'required', 'applicantId');
        }
        const customer = state.customersByApplicant.get(String(b.applicantId));
        if (!customer) return luminError(request, 404, 'ApplicantNotFound', 'applicant');
        const requested = Array.isArray(b.updateSteps) ? b.updateSteps.map(Number) : [];
        if (requested.some((s) => !Number.isInteger(s) || s < 1 || s > 8)) {
          return luminError(request, 400, 'InvalidUpdateStep', 'step');
        }
        const { token, expiresAt } = state.newToken();
        state.sessions.set(token, {
          kind: 'update',
          token,
          tenant,
          expiresAt,
          customer,
          steps: requested.length === 0 ? [1, 2, 3, 4, 5, 6, 7, 8] : requested,
        });
        ledger.record('token_issued', {
          kind: 'update',
          tenantId: tenant.tenantId,
          applicantId: customer.applicantId,
        });
        return json(200, { token, expirationDate: new Date(expiresAt).toISOString() });
      },
    },
  ];
}
