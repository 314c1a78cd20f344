/**
 * The Jumio KYX client: one User-Agent on every call, OAuth server token (HTTP Basic, form body),
 * account create/update and broker start (JSON), credential parts as multipart `file` streamed from the
 * sealed image (streamed-multipart.ts), finalize, deletes and the status read on the retrieval host.
 */
import type { JumioConfig } from '../config';
import { jumioUrls } from '../config';
import { loggedCall, type ConnectorDeps } from '../connector';
import type { HttpMethod, HttpResult, StreamedBody } from '../http/http-call';
import { multipartBody, type FilePart } from '../http/streamed-multipart';

export class JumioClient {
  readonly urls: ReturnType<typeof jumioUrls>;

  constructor(
    readonly config: JumioConfig,
    private readonly deps: ConnectorDeps,
  ) {
    this.urls = jumioUrls(config);
  }

  private call(
    operation: string,
    method: HttpMethod,
    url: string,
    signal: AbortSignal,
    extra: {
      bearer?: string;
      basic?: string;
      json?: unknown;
      stream?: StreamedBody;
      urlencoded?: URLSearchParams;
    } = {},
  ): Promise<HttpResult> {
    const headers: Record<string, string> = { 'user-agent': this.config.userAgent };
    if (extra.bearer !== undefined) headers.authorization = `Bearer ${extra.bearer}`;
    if (extra.basic !== undefined) headers.authorization = `Basic ${extra.basic}`;
    return loggedCall(this.deps, 'jumio', operation, {
      method,
      url,
      headers,
      ...(extra.json !== undefined ? { json: extra.json } : {}),
      ...(extra.stream ? { stream: extra.stream } : {}),
      ...(extra.urlencoded ? { urlencoded: extra.urlencoded } : {}),
      timeoutMs: this.config.timeoutMs,
      signal,
    });
  }

  oauthToken(clientId: string, clientSecret: string, signal: AbortSignal): Promise<HttpResult> {
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    return this.call('oauth-token', 'POST', new URL('oauth2/token', this.urls.auth).toString(), signal, {
      basic,
      urlencoded: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
  }

  startAccount(
    body: unknown,
    serverToken: string,
    accountId: string | undefined,
    signal: AbortSignal,
  ): Promise<HttpResult> {
    const path =
      accountId === undefined ? 'api/v1/accounts' : `api/v1/accounts/${encodeURIComponent(accountId)}`;
    return this.call(
      accountId === undefined ? 'account-create' : 'account-update',
      accountId === undefined ? 'POST' : 'PUT',
      new URL(path, this.urls.account).toString(),
      signal,
      {
        bearer: serverToken,
        json: body,
      },
    );
  }

  startWithBroker(
    url: string,
    body: unknown,
    brokerKey: string | undefined,
    signal: AbortSignal,
  ): Promise<HttpResult> {
    return this.call('broker-start', 'POST', url, signal, {
      ...(brokerKey !== undefined ? { bearer: brokerKey } : {}),
      json: body,
    });
  }

  /**
   * Add (POST) or replace (PUT) one image part: multipart field `file`, streamed from the image's
   * pieces (streamed-multipart.ts). The pieces are consumed: a second call needs a fresh `file`.
   */
  uploadPart(
    method: 'POST' | 'PUT',
    url: string,
    file: FilePart,
    token: string,
    signal: AbortSignal,
  ): Promise<HttpResult> {
    return this.call(`part-${method === 'POST' ? 'add' : 'replace'}`, method, url, signal, {
      bearer: token,
      stream: multipartBody([{ name: 'file', file }]),
    });
  }

  preparedData(url: string, data: unknown, token: string, signal: AbortSignal): Promise<HttpResult> {
    return this.call('prepared-data', 'POST', url, signal, { bearer: token, json: data });
  }

  /** DELETE a part (seed 004), or the configured "delete all pages" URL. Irreversible. */
  deletePart(url: string, token: string, signal: AbortSignal): Promise<HttpResult> {
    return this.call('part-delete', 'DELETE', url, signal, { bearer: token });
  }

  finalize(workflowUrl: string, token: string, signal: AbortSignal): Promise<HttpResult> {
    return this.call('finalize', 'PUT', workflowUrl, signal, { bearer: token });
  }

  status(
    accountId: string,
    workflowExecutionId: string,
    serverToken: string,
    signal: AbortSignal,
  ): Promise<HttpResult> {
    const path = `api/v1/accounts/${encodeURIComponent(accountId)}/workflow-executions/${encodeURIComponent(workflowExecutionId)}/status`;
    return this.call('status', 'GET', new URL(path, this.urls.retrieval).toString(), signal, {
      bearer: serverToken,
    });
  }
}
