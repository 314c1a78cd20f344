/**
 * The mapping rules every connector shares (providers.md, "General rules"): transport faults, 5xx
 * and 429 are retryable (honouring Retry-After), 401 means re-authenticate, a 2xx whose body cannot
 * be read is retryable. Vendor files add what only their API knows (error codes, isSuccess, status).
 */
import type { StepOutcome } from '../../sync/flow-types';
import type { HttpResult, ResponseBody } from './http-call';

type Response = Extract<HttpResult, { kind: 'response' }>;

/** Any outcome but success: what a call or step returns when it cannot go on. */
export type Failure = Exclude<StepOutcome, { kind: 'success' }>;

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*[0-9]+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Network errors that happen before a request is sent: it cannot have had any effect. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when a failed call may still have reached the provider (see StepOutcome maybeDelivered). */
export function maybeDelivered(code: string): boolean {
  return !NOT_SENT.has(code) && !/CERT|TLS|SSL/.test(code);
}

/** Outcomes for results that never reached a vendor-specific answer. */
export function transportOutcome(result: Exclude<HttpResult, Response>): Failure {
  switch (result.kind) {
    case 'aborted':
      return {
        kind: 'retryable',
        code: 'aborted',
        message: 'the call was stopped (the kiosk is pausing)',
        maybeDelivered: true,
      };
    case 'timeout':
      return { kind: 'retryable', code: 'timeout', message: result.message, maybeDelivered: true };
    case 'network_error':
      return {
        kind: 'retryable',
        code: result.code,
        message: result.message,
        ...(maybeDelivered(result.code) ? { maybeDelivered: true } : {}),
      };
  }
}

export function describeBody(body: ResponseBody): string {
  switch (body.type) {
    case 'json':
      return 'JSON';
    case 'empty':
      return 'an empty body';
    case 'html':
      return 'an HTML page';
    case 'text':
      return 'plain text';
    case 'invalid_json':
      return 'truncated or malformed JSON';
    case 'too_large':
      return `a body larger than ${body.limit} bytes`;
  }
}

/**
 * The rules that hold for every vendor's status codes. Undefined when the vendor must decide
 * (2xx with a readable body, 4xx other than 401/429).
 */
export function commonStatusOutcome(response: Response): Failure | undefined {
  const { status, headers, body } = response;
  if (status === 401) {
    return {
      kind: 'reauthenticate',
      code: 'unauthorized',
      message: 'the provider session is missing or expired',
    };
  }
  if (status === 429) {
    const after = retryAfterMs(headers);
    return {
      kind: 'retryable',
      code: 'rate_limited',
      message: 'the provider asks to slow down',
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    };
  }
  if (status >= 500) {
    const after = retryAfterMs(headers);
    return {
      kind: 'retryable',
      code: `http_${status}`,
      message: `the provider failed (HTTP ${status}, ${describeBody(body)})`,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    };
  }
  if (status >= 200 && status < 300 && body.type !== 'json' && body.type !== 'empty') {
    // A success status with an unreadable body: the answer was lost on the way (proxy page,
    // truncated transfer). Retrying is the only safe move; non-idempotent steps are reconciled.
    return {
      kind: 'retryable',
      code: 'unreadable_answer',
      message: `the provider answered HTTP ${status} with ${describeBody(body)}`,
      maybeDelivered: true,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'fatal',
      code: `http_${status}`,
      message: 'the provider redirected: check the configured base URL',
    };
  }
  return undefined;
}

/**
 * A 2xx whose body is no JSON object where the vendor's API always answers one (providers.md): the
 * answer was lost on the way, so the call may have been delivered. `vendor` names it in the message.
 */
export function lostAnswer(vendor: string, body: ResponseBody): Failure {
  return {
    kind: 'retryable',
    code: 'unreadable_answer',
    maybeDelivered: true,
    message: `${vendor} answered with ${describeBody(body)}`,
  };
}

export function jsonObject(body: ResponseBody): Record<string, unknown> | undefined {
  return body.type === 'json' &&
    typeof body.value === 'object' &&
    body.value !== null &&
    !Array.isArray(body.value)
    ? (body.value as Record<string, unknown>)
    : undefined;
}

/** A short string field from an error body; providers put codes as strings or numbers. */
export function stringField(object: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = object?.[key];
  if (typeof value === 'string') return value.slice(0, 500);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
