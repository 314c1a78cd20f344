/**
 * The ARGOS "ID check" client: `x-api-key`, PUT image as JSON or multipart form fields streamed
 * from the sealed images (streamed-json.ts, streamed-multipart.ts) (the seed and
 * the current docs disagree; configuration decides), and the submission read.
 */
import type { ArgosConfig } from '../config';
import { isFailure, loggedCall, secretOrFatal, type ConnectorDeps, type Failure } from '../connector';
import type { HttpResult } from '../http/http-call';
import { jsonWithImages, type Base64Source } from '../http/streamed-json';
import { multipartBody } from '../http/streamed-multipart';

/**
 * The PUT image fields (seed 003). Each image is sent as its base64 text (a JSON string member, or
 * a multipart text field), streamed from its pieces: a Base64Source, or a string already encoded.
 */
export interface PutImageFields {
  submissionId: string;
  admin: string;
  idType?: string;
  idImage?: Base64Source | string;
  idBackImage?: Base64Source | string;
  selfieImage?: Base64Source | string;
  addressImage?: Base64Source | string;
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
      (entry): entry is [string, Base64Source | string] => entry[1] !== undefined,
    );
    // The images stream from their sealed files into the body (no whole copy of any of them).
    const stream =
      this.config.bodyEncoding === 'multipart'
        ? multipartBody(
            entries.map(([name, value]) =>
              typeof value === 'string' ? { name, text: value } : { name, base64: value },
            ),
          )
        : jsonWithImages(entries);
    return loggedCall(this.deps, 'argos', 'put-image', {
      method: 'PUT',
      url,
      headers,
      stream,
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
