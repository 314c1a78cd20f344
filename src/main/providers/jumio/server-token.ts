/**
 * Jumio's OAuth server token (providers.md 3.1): obtained at sync time, shared by every case of
 * this kiosk, reused until a minute before it expires (the token endpoint allows 10 requests/s),
 * dropped when Jumio answers 401.
 */
import type { ProviderSession } from '../../sync/flow-types';
import { isFailure, secretOrFatal, type ConnectorDeps, type Failure } from '../connector';
import { jsonObject, stringField } from '../http/outcomes';
import { interpretJumio } from './jumio-answers';
import type { JumioClient } from './jumio-client';

const REFRESH_BEFORE_MS = 60_000;

export class ServerTokenCache {
  private cached: ProviderSession | undefined;
  private pending: Promise<ProviderSession | Failure> | undefined;

  constructor(
    private readonly client: JumioClient,
    private readonly deps: ConnectorDeps,
    private readonly credentials: {
      clientId: string;
      clientSecret: Parameters<ConnectorDeps['resolveSecret']>[0];
    },
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  invalidate(): void {
    this.cached = undefined;
  }

  async get(signal: AbortSignal): Promise<ProviderSession | Failure> {
    if (this.cached && Date.parse(this.cached.expiresAt) - REFRESH_BEFORE_MS > this.now()) return this.cached;
    // Cases syncing at once share one token request.
    this.pending ??= this.fetch(signal).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetch(signal: AbortSignal): Promise<ProviderSession | Failure> {
    const secret = secretOrFatal(this.deps, this.credentials.clientSecret);
    if (isFailure(secret)) return secret;
    const result = await this.client.oauthToken(this.credentials.clientId, secret, signal);
    // On the token endpoint, 401 (or 400) means the client credentials are wrong: configuration.
    if (result.kind === 'response' && (result.status === 401 || result.status === 400)) {
      const body = jsonObject(result.body);
      return {
        kind: 'fatal',
        code: stringField(body, 'error') ?? 'invalid_client',
        message: 'Jumio refused the configured client credentials',
      };
    }
    const answer = interpretJumio(result, 'server');
    if (answer.kind === 'outcome') return answer.outcome;
    const token = stringField(answer.value, 'access_token');
    const expiresIn = Number(answer.value.expires_in);
    if (!token)
      return { kind: 'fatal', code: 'unexpected_answer', message: 'Jumio answered without an access token' };
    const ttl = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 5 * 60_000;
    this.cached = { token, expiresAt: new Date(this.now() + ttl).toISOString() };
    return this.cached;
  }
}
