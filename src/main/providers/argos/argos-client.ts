/**
 * The ARGOS "ID check" client: `x-api-key`, PUT image as JSON or multipart form fields (the seed and
 * the current docs disagree; configuration decides), and the submission read.
 */
import type { ArgosConfig } from '../config';
import { isFailure, loggedCall, secretOrFatal, type ConnectorDeps, type Failure } from '../connector';
import type { HttpResult } from '../http/http-call';

export interface PutImageFields {
  submissionId: string;
  admin: string;
  idType?: string;
  idImage?: string;
  idBackImage?: string;
  selfieImage?: string;
  addressImage?: string;
}

export class ArgosClient {
  constructor(
    readonly config: ArgosConfig,
    private readonly deps: ConnectorDeps,
  ) {}

  private headers(): Record<string, string> | Failure {
    const key = secretOrFatal(this.deps, this.config.apiKey);
    return isFailure(key) ? key : { 'x-api-key': key };
  }

  async putImage(fields: PutImageFields, signal: AbortSignal): Promise<HttpResult | Failure> {
    const headers = this.headers();
    if (isFailure(headers)) return headers;
    const url = new URL('submission/image', this.config.baseUrl).toString();
    const entries = Object.entries(fields).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    let body: { json: Record<string, string> } | { form: FormData };
    if (this.config.bodyEncoding === 'multipart') {
      const form = new FormData();
      for (const [name, value] of entries) form.append(name, value);
      body = { form };
    } else {
      body = { json: Object.fromEntries(entries) };
    }
    return loggedCall(this.deps, 'argos', 'put-image', {
      method: 'PUT',
      url,
      headers,
      ...body,
      timeoutMs: this.config.timeoutMs,
      signal,
    });
  }

  async readSubmission(submissionId: string, signal: AbortSignal): Promise<HttpResult | Failure> {
    const headers = this.headers();
    if (isFailure(headers)) return headers;
    const url = new URL('submission', this.config.baseUrl);
    url.searchParams.set('submission_id', submissionId);
    return loggedCall(this.deps, 'argos', 'read-result', {
      method: 'GET',
      url: url.toString(),
      headers,
      timeoutMs: this.config.timeoutMs,
      signal,
    });
  }
}
