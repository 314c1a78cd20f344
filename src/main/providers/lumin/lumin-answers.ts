/**
 * How Lumin's answers map to StepOutcomes (providers.md §1): 400 carries `{ message, errorCode }`
 * for the operator; 401 re-authenticates; a 404 with an error body is the API's own answer (e.g.
 * unknown applicant), a bare 404 means the configured base URL or path is wrong; uploads can answer
 * 200 with `isSuccess: false` (10103: already registered); approvals answer `true` / `{ status: 0 }`.
 */
import type { ImageRole } from '../../../shared/domain/flows';
import type { JsonValue, StepOutcome } from '../../sync/flow-types';
import { toAsciiDigits } from '../../../shared/validation/egyptian-national-id';
import { asJson, type Failure } from '../connector';
import type { HttpResult } from '../http/http-call';
import {
  commonStatusOutcome,
  describeBody,
  jsonObject,
  stringField,
  transportOutcome,
} from '../http/outcomes';

export type LuminAnswer = { kind: 'ok'; value: unknown } | { kind: 'outcome'; outcome: Failure };

const outcome = (o: Failure): LuminAnswer => ({ kind: 'outcome', outcome: o });

export const ALREADY_REGISTERED = '10103';

/** A 2xx with no body where the API always answers one: the answer was lost on the way. */
export const LOST_ANSWER: Failure = {
  kind: 'retryable',
  code: 'unreadable_answer',
  maybeDelivered: true,
  message: 'Lumin answered with an empty body',
};

/** Everything but the vendor's success payload. */
export function interpretLumin(result: HttpResult): LuminAnswer {
  if (result.kind !== 'response') return outcome(transportOutcome(result));
  const common = commonStatusOutcome(result);
  if (common) return outcome(common);
  const { status, body } = result;
  const error = jsonObject(body);
  const code = stringField(error, 'errorCode');
  const message = stringField(error, 'message');
  if (status >= 200 && status < 300)
    return { kind: 'ok', value: body.type === 'json' ? body.value : undefined };
  if (status === 404 && code === undefined && message === undefined) {
    return outcome({
      kind: 'fatal',
      code: 'not_found',
      message: `Lumin answered 404 with ${describeBody(body)}: check the configured base URL and paths`,
    });
  }
  if (status === 403) {
    return outcome({
      kind: 'fatal',
      code: 'forbidden',
      message: message ?? 'Lumin refused the call (HTTP 403)',
    });
  }
  return outcome({
    kind: 'needs_operator',
    reason: 'provider_rejected',
    code: code ?? `http_${status}`,
    message: message ?? `Lumin refused the request (HTTP ${status})`,
    ...(message ? { answer: { providerMessage: message } } : {}),
  });
}

/**
 * 10103 names the customer already registered at the end of its message ("…, applicant id 1001",
 * in Arabic "… رقم العميل ١٠٠١"): the trailing number, as ASCII digits, or undefined.
 */
export function applicantIdIn(message: string | undefined): string | undefined {
  const match = /([0-9\u0660-\u0669]+)[\s.]*$/.exec(message ?? '');
  return match?.[1] ? toAsciiDigits(match[1]) : undefined;
}

/** The answer of an upload call: customerData for review, or why not. */
export function interpretUpload(result: HttpResult, role: ImageRole): StepOutcome {
  const answer = interpretLumin(result);
  if (answer.kind === 'outcome') return answer.outcome;
  if (answer.value === undefined) return LOST_ANSWER;
  const body =
    typeof answer.value === 'object' && answer.value !== null
      ? (answer.value as Record<string, unknown>)
      : undefined;
  if (!body || typeof body.isSuccess !== 'boolean') {
    return {
      kind: 'fatal',
      code: 'unexpected_answer',
      message: 'Lumin answered without isSuccess: check the configured base URL',
    };
  }
  const code = stringField(body, 'errorCode') ?? 'upload_refused';
  const providerMessage = stringField(body, 'message');
  const message = providerMessage ?? 'Lumin did not accept the image';
  if (!body.isSuccess) {
    // The provider's own words go with the answer, sealed; the step's error is redacted for the log.
    const answer: Record<string, JsonValue> = providerMessage ? { providerMessage } : {};
    if (code === ALREADY_REGISTERED) {
      const applicantId = applicantIdIn(providerMessage);
      if (applicantId) answer.applicantId = applicantId;
      return { kind: 'needs_operator', reason: 'already_registered', code, message, answer };
    }
    // The provider read the upload and refused it; the image is all an upload carries, so the
    // way forward is a new capture (the operator sees the provider's own message).
    return { kind: 'needs_recapture', role, code, message, answer };
  }
  if (typeof body.customerData !== 'object' || body.customerData === null) {
    return {
      kind: 'fatal',
      code: 'unexpected_answer',
      message: 'Lumin reported success without customerData',
    };
  }
  const stored: Record<string, JsonValue> = { customerData: asJson(body.customerData) };
  if (typeof body.passportData === 'object' && body.passportData !== null) {
    stored.passportData = asJson(body.passportData);
  }
  return { kind: 'success', answer: stored };
}

/** Approve calls: KYC answers a bare `true`, the update API `{ status: 0 }`. */
export function interpretApprove(result: HttpResult): StepOutcome {
  const answer = interpretLumin(result);
  if (answer.kind === 'outcome') return answer.outcome;
  if (answer.value === undefined) return LOST_ANSWER;
  const value = answer.value;
  const status = typeof value === 'object' && value !== null && 'status' in value ? value.status : undefined;
  if (value === true || status === 0) return { kind: 'success', answer: asJson(value) };
  if (value === false || typeof status === 'number') {
    return {
      kind: 'needs_operator',
      reason: 'provider_rejected',
      code: 'approve_refused',
      message: 'Lumin did not accept the approval',
      answer: asJson(value),
    };
  }
  return {
    kind: 'fatal',
    code: 'unexpected_answer',
    message: 'Lumin answered the approval in an unknown shape',
  };
}

/** `{ status: 0 }` answers of Initialize and VerifyPassword. */
export function interpretStatus(
  result: HttpResult,
  refused: Omit<Extract<StepOutcome, { kind: 'needs_operator' }>, 'kind'>,
): StepOutcome {
  const answer = interpretLumin(result);
  if (answer.kind === 'outcome') return answer.outcome;
  if (answer.value === undefined) return LOST_ANSWER;
  const status = jsonObject({ type: 'json', value: answer.value })?.status;
  if (status === 0) return { kind: 'success', answer: asJson(answer.value) };
  if (typeof status === 'number') return { kind: 'needs_operator', ...refused, answer: asJson(answer.value) };
  return { kind: 'fatal', code: 'unexpected_answer', message: 'Lumin answered without a status' };
}
