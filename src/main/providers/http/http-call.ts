/**
 * One HTTP exchange with a provider, on Node's own fetch (undici), that never throws: every
 * transport fault and every odd body comes back as data the connector maps to a StepOutcome. The one
 * exception is a streamed body whose source fails (an image that fails its integrity check while
 * it is being sent): that is not the network's fault, so it is thrown (BodySourceError), as reading
 * the image whole would have thrown before the call.
 * The timeout covers the whole exchange (headers and body); bodies are read up to a limit and
 * classified (JSON, empty, HTML error page, other text, truncated JSON, too large).
 */
import { readLimited } from '../../net/read-body';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as multipart/form-data; the platform writes the boundary. */
  form?: FormData;
  /** Sent as application/x-www-form-urlencoded. */
  urlencoded?: URLSearchParams;
  /** Sent piece by piece as it comes (an image streamed from its sealed file: no whole copy). */
  stream?: StreamedBody;
  timeoutMs: number;
  /** The relay's signal (drain, quit). */
  signal?: AbortSignal;
  /** Default 2 MiB: no provider answer we read is larger. */
  maxResponseBytes?: number;
}

/**
 * A request body sent as it is produced, with a declared Content-Length: if `pieces` throws, the
 * request is aborted before that length is reached (the server cannot take it as complete) and
 * `httpCall` rethrows the error, so the step fails as if the image could not be read at all.
 */
export interface StreamedBody {
  pieces: AsyncIterable<Uint8Array>;
  /** Bytes the pieces add up to (Content-Length). */
  length: number;
  contentType: string;
}

/** The error thrown by a streamed body's source, rethrown by `httpCall` (see StreamedBody). */
export class BodySourceError extends Error {
  constructor(readonly source: unknown) {
    super(source instanceof Error ? source.message : String(source));
    this.name = 'BodySourceError';
  }
}

/** Passes the pieces on and remembers the error the source threw, if any. */
function guarded(body: StreamedBody, failure: { error?: unknown }): AsyncIterable<Uint8Array> {
  return (async function* () {
    try {
      yield* body.pieces;
    } catch (error) {
      failure.error = error;
      throw error;
    }
  })();
}

export type ResponseBody =
  | { type: 'json'; value: unknown }
  | { type: 'empty' }
  | { type: 'html'; snippet: string }
  | { type: 'text'; snippet: string }
  | { type: 'invalid_json'; snippet: string }
  | { type: 'too_large'; limit: number };

export type HttpResult =
  | { kind: 'response'; status: number; headers: Headers; body: ResponseBody }
  /** Connection refused or reset, DNS, TLS, or a body cut off mid-way. */
  | { kind: 'network_error'; code: string; message: string }
  | { kind: 'timeout'; message: string }
  /** The caller's signal fired (the relay is draining). */
  | { kind: 'aborted' };

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const SNIPPET = 200;

function errorCode(error: unknown): string {
  // undici wraps the socket error in `cause`
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (typeof current === 'object' && 'code' in current && typeof current.code === 'string') {
      return current.code;
    }
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return 'network_error';
}

/** fetch's refusal of a redirect under redirect 'error' (undici: a TypeError caused by "unexpected redirect"). */
function isRedirectRefusal(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error && cause.message === 'unexpected redirect';
}

export function classifyBody(bytes: Uint8Array, contentType: string | null): ResponseBody {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const trimmed = text.trim();
  if (trimmed === '') return { type: 'empty' };
  const snippet = trimmed.slice(0, SNIPPET);
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('html') || /^<(!doctype|html|head|body)/i.test(trimmed)) return { type: 'html', snippet };
  const looksJson =
    type.includes('json') || /^[[{"]/.test(trimmed) || /^(true|false|null|-?[0-9])/.test(trimmed);
  if (!looksJson) return { type: 'text', snippet };
  try {
    return { type: 'json', value: JSON.parse(trimmed) as unknown };
  } catch {
    return { type: 'invalid_json', snippet };
  }
}

export async function httpCall(request: HttpRequest): Promise<HttpResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers = new Headers(request.headers);
  let body: BodyInit | AsyncIterable<Uint8Array> | undefined;
  const failure: { error?: unknown } = {};
  if (request.stream) {
    headers.set('content-type', request.stream.contentType);
    headers.set('content-length', String(request.stream.length));
    body = guarded(request.stream, failure);
  } else if (request.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(request.json);
  } else if (request.form) {
    body = request.form;
  } else if (request.urlencoded) {
    body = request.urlencoded;
  }
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const aborted = (): HttpResult | undefined => {
    if (request.signal?.aborted) return { kind: 'aborted' };
    if (timeout.aborted)
      return { kind: 'timeout', message: `no complete answer within ${request.timeoutMs} ms` };
    return undefined;
  };
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      // An async iterable is a body Node's fetch streams (duplex 'half': the answer is read after).
      body,
      // A streamed body is sent with redirect 'error' and no window: with any other pair, fetch
      // works on a clone of the request (fetch.spec.whatwg.org, HTTP-network-or-cache fetch, step
      // 2), whose body is a tee of the stream: every piece copied and the whole image queued again
      // in the unread branch (2 % of the drain's CPU, 1 MB per upload). A body that was streamed
      // cannot follow a redirect anyway; the redirect is reported as one below.
      ...(request.stream ? { duplex: 'half', redirect: 'error', window: null } : { redirect: 'manual' }),
      signal,
    } as RequestInit);
  } catch (error) {
    if (failure.error !== undefined) throw new BodySourceError(failure.error);
    if (request.stream && isRedirectRefusal(error)) {
      // fetch does not say which 3xx it was: 300 stands for any (outcomes.ts: a redirect is a
      // configuration fault, "check the configured base URL", whatever its code).
      return { kind: 'response', status: 300, headers: new Headers(), body: { type: 'empty' } };
    }
    return (
      aborted() ?? {
        kind: 'network_error',
        code: errorCode(error),
        message: 'the provider could not be reached',
      }
    );
  }
  try {
    const bytes = await readLimited(
      response,
      request.maxResponseBytes ?? DEFAULT_MAX_BYTES,
      request.signal ? [timeout, request.signal] : [timeout],
    );
    const parsed: ResponseBody =
      bytes === 'too_large'
        ? { type: 'too_large', limit: request.maxResponseBytes ?? DEFAULT_MAX_BYTES }
        : classifyBody(bytes, response.headers.get('content-type'));
    return { kind: 'response', status: response.status, headers: response.headers, body: parsed };
  } catch (error) {
    return (
      aborted() ?? {
        kind: 'network_error',
        code: errorCode(error) === 'network_error' ? 'body_interrupted' : errorCode(error),
        message: 'the connection closed before the whole answer arrived',
      }
    );
  }
}
