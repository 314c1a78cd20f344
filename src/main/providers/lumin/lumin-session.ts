/**
 * Lumin session tokens, obtained at sync time (providers.md 1.1). A token is one onboarding or
 * update request; its `expirationDate` tells the relay when to get a new one.
 */
import type { FlowDefinition, ProviderSession, StepContext } from '../../sync/flow-types';
import { isFailure, requiredText, secretOrFatal, type ConnectorDeps } from '../connector';
import { jsonObject, stringField } from '../http/outcomes';
import { interpretLumin, LOST_ANSWER } from './lumin-answers';
import { KYC_PATHS, UPDATE_PATHS, type LuminClient } from './lumin-client';

type Authenticate = NonNullable<FlowDefinition['authenticate']>;
type AuthResult = Awaited<ReturnType<Authenticate>>;

/** When Lumin gives no usable expiry, assume a short one rather than trusting the token forever. */
const FALLBACK_TTL_MS = 5 * 60_000;

async function requestToken(
  client: LuminClient,
  deps: ConnectorDeps,
  api: 'kyc' | 'update',
  path: string,
  body: Record<string, unknown>,
  context: Omit<StepContext, 'session'>,
): Promise<AuthResult> {
  const result = await client.anonymous(api, `${api}.token`, path, body, context.signal);
  // On the token endpoint, 401 means the tenant credentials are wrong: configuration, not expiry.
  if (result.kind === 'response' && result.status === 401) {
    const error = jsonObject(result.body);
    return {
      kind: 'fatal',
      code: stringField(error, 'errorCode') ?? 'tenant_credentials',
      message: stringField(error, 'message') ?? 'Lumin refused the tenant credentials',
    };
  }
  const answer = interpretLumin(result);
  if (answer.kind === 'outcome') return answer.outcome;
  if (answer.value === undefined) return LOST_ANSWER;
  const value = jsonObject({ type: 'json', value: answer.value });
  const token = stringField(value, 'token');
  if (!token) return { kind: 'fatal', code: 'unexpected_answer', message: 'Lumin answered without a token' };
  const expiry = Date.parse(stringField(value, 'expirationDate') ?? '');
  const now = (deps.now ?? Date.now)();
  const session: ProviderSession = {
    token,
    expiresAt: new Date(Number.isNaN(expiry) ? now + FALLBACK_TTL_MS : expiry).toISOString(),
  };
  return { kind: 'success', session };
}

export function kycAuthenticate(client: LuminClient, deps: ConnectorDeps): Authenticate {
  return async (context) => {
    const secret = secretOrFatal(deps, client.config.tenantSecret);
    if (isFailure(secret)) return secret;
    return requestToken(
      client,
      deps,
      'kyc',
      KYC_PATHS.token,
      {
        tenantId: client.config.tenantId,
        tenantSecret: secret,
        kycRequestTypeId: 1, // OCR
        userId: context.operator.id,
        userName: context.operator.name,
        ...(client.config.deviceId ? { deviceId: client.config.deviceId } : {}),
        correlationId: context.caseId,
      },
      context,
    );
  };
}

export function updateAuthenticate(
  client: LuminClient,
  deps: ConnectorDeps,
  updateStep: 1 | 2,
): Authenticate {
  return async (context) => {
    const applicantId = requiredText(context, 'applicantId');
    if (isFailure(applicantId)) return applicantId;
    const secret = secretOrFatal(deps, client.config.tenantSecret);
    if (isFailure(secret)) return secret;
    return requestToken(
      client,
      deps,
      'update',
      UPDATE_PATHS.token,
      { tenantId: client.config.tenantId, tenantSecret: secret, applicantId, updateSteps: [updateStep] },
      context,
    );
  };
}
