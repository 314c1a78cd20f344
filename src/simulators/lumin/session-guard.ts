/** Resolves the bearer token of a Lumin call to its session, or the 401/400 answer. */
import { bearerToken, type SimRequest, type SimResponse } from '../common/router';
import { orderError, unauthorized } from './messages';
import type { KycSession, LuminState, UpdateSession } from './state';

export function kycSession(state: LuminState, request: SimRequest): KycSession | SimResponse {
  const session = state.session(bearerToken(request));
  if (session === 'missing' || session === 'expired') return unauthorized(request);
  // An update token used on the KYC API is a request of the wrong kind: the platform refuses it.
  return session.kind === 'kyc' ? session : orderError(request);
}

export function updateSession(state: LuminState, request: SimRequest): UpdateSession | SimResponse {
  const session = state.session(bearerToken(request));
  if (session === 'missing' || session === 'expired') return unauthorized(request);
  return session.kind === 'update' ? session : orderError(request);
}

export const isResponse = (value: unknown): value is SimResponse =>
  typeof value === 'object' && value !== null && 'status' in value && !('kind' in value);
