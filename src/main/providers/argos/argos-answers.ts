/**
 * ARGOS answers → StepOutcomes (providers.md §2). Every code of the error table has one mapping:
 * what the kiosk's configuration got wrong is fatal, what the case got wrong goes to the operator,
 * the provider's own failure is retried.
 */
import type { ImageRole } from '../../../shared/domain/flows';
import type { StepOutcome } from '../../sync/flow-types';
import { asJson, type Failure } from '../connector';
import type { HttpResult } from '../http/http-call';
import { commonStatusOutcome, lostAnswer, jsonObject, stringField, transportOutcome } from '../http/outcomes';

export const ARGOS_ERROR_OUTCOMES: Record<string, (message: string) => Failure> = {
  // We always send well-formed JSON or multipart with images the imaging pipeline encoded, so a
  // parse failure means the configured body encoding is not what this tenant's gateway takes.
  invalid_payload: (message) => ({
    kind: 'fatal',
    code: 'invalid_payload',
    message: `${message} (check the ARGOS bodyEncoding setting)`,
  }),
  missing_data: (message) => ({
    kind: 'needs_operator',
    reason: 'provider_rejected',
    code: 'missing_data',
    message,
  }),
  invalid_project: (message) => ({ kind: 'fatal', code: 'invalid_project', message }),
  invalid_admin: (message) => ({ kind: 'fatal', code: 'invalid_admin', message }),
  // Unknown, or older than the submission's 4 hours.
  invalid_submission: (message) => ({
    kind: 'needs_operator',
    reason: 'session_expired',
    code: 'invalid_submission',
    message,
  }),
  invalid_data: (message) => ({
    kind: 'needs_operator',
    reason: 'provider_rejected',
    code: 'invalid_data',
    message,
  }),
  invalid_idType: (message) => ({
    kind: 'needs_operator',
    reason: 'provider_rejected',
    code: 'invalid_idType',
    message,
  }),
  // "Retry later, then escalate": the relay's retry budget does the escalating.
  processing_error: (message) => ({ kind: 'retryable', code: 'processing_error', message }),
};

type ArgosAnswer = { kind: 'ok'; value: Record<string, unknown> } | { kind: 'outcome'; outcome: Failure };

export function interpretArgos(result: HttpResult, largestRole: ImageRole = 'front'): ArgosAnswer {
  const outcome = (o: Failure): ArgosAnswer => ({ kind: 'outcome', outcome: o });
  if (result.kind !== 'response') return outcome(transportOutcome(result));
  const common = commonStatusOutcome(result);
  const body = jsonObject(result.body);
  const code = stringField(body, 'errorCode');
  const message = stringField(body, 'message') ?? `ARGOS answered HTTP ${result.status}`;
  if (code && ARGOS_ERROR_OUTCOMES[code]) return outcome(ARGOS_ERROR_OUTCOMES[code](message));
  if (common) return outcome(common);
  const { status } = result;
  if (status >= 200 && status < 300) {
    if (!body) return outcome(lostAnswer('ARGOS', result.body));
    return { kind: 'ok', value: body };
  }
  if (status === 403) {
    return outcome({
      kind: 'fatal',
      code: 'forbidden',
      message: "ARGOS refused the API key or this kiosk's address (HTTP 403)",
    });
  }
  if (status === 413) {
    return outcome({
      kind: 'needs_recapture',
      role: largestRole,
      code: 'too_large',
      message: 'ARGOS refused the images as too large; capture again at a lower resolution.',
    });
  }
  if (status === 404)
    return outcome({
      kind: 'fatal',
      code: 'not_found',
      message: 'ARGOS answered 404: check the configured base URL',
    });
  return outcome({
    kind: 'needs_operator',
    reason: 'provider_rejected',
    code: code ?? `http_${status}`,
    message,
  });
}

/** Reject reasons that mean "the image is bad", answered by a new capture of the ID front. */
const RECAPTURE_REASONS = new Set(['id_image_invalidImage', 'id_image_badImage']);

/** How many times a pending result is read before staff are told (then it waits in the inbox). */
export const ARGOS_RESULT_READS = 10;
/** Each gap is this much longer than the one before, up to ARGOS_RESULT_MAX_GAP_MS. */
const GAP_GROWTH = 1.6;
export const ARGOS_RESULT_MAX_GAP_MS = 15 * 60_000;

/**
 * The wait before read number `attempt + 1` while ARGOS says pending: `firstGapMs` (the
 * `resultPollMs` setting), growing by 1.6 each time, at most 15 minutes; undefined once
 * ARGOS_RESULT_READS reads were made. With the default 60 s the ten reads span about 1 h 45 min,
 * inside the submission's 4 hours.
 */
export function resultGapMs(attempt: number, firstGapMs: number): number | undefined {
  if (attempt >= ARGOS_RESULT_READS) return undefined;
  return Math.min(ARGOS_RESULT_MAX_GAP_MS, Math.round(firstGapMs * GAP_GROWTH ** Math.max(0, attempt - 1)));
}

export function interpretResult(
  value: Record<string, unknown>,
  firstGapMs: number,
  attempt = 1,
): StepOutcome {
  const items = Array.isArray(value.Items) ? value.Items : [];
  const item = items[0] as
    { kyc?: { result?: unknown; comment?: unknown; commentCode?: unknown } } | undefined;
  if (!item) {
    return {
      kind: 'needs_operator',
      reason: 'session_expired',
      code: 'invalid_submission',
      message: 'ARGOS does not know this submission.',
    };
  }
  const result = item.kyc?.result;
  const commentCode = typeof item.kyc?.commentCode === 'string' ? item.kyc.commentCode : '';
  const comment = typeof item.kyc?.comment === 'string' ? item.kyc.comment : '';
  const answer = asJson(item);
  switch (result) {
    case 'approved':
      return { kind: 'success', answer };
    case 'pending': {
      const gap = resultGapMs(attempt, firstGapMs);
      if (gap === undefined) {
        return {
          kind: 'needs_operator',
          reason: 'provider_rejected',
          code: 'result_timeout',
          message: `ARGOS was still reviewing the submission after ${ARGOS_RESULT_READS} reads.`,
          answer,
        };
      }
      // Not a failure: its own schedule (the relay's 'processing' outcome), bounded above.
      return {
        kind: 'processing',
        code: 'pending',
        message: 'ARGOS is still reviewing the submission',
        retryAfterMs: gap,
      };
    }
    case 'incomplete':
      return {
        kind: 'needs_operator',
        reason: 'provider_rejected',
        code: 'incomplete',
        message: comment || 'ARGOS says the submission is incomplete.',
        answer,
      };
    case 'rejected':
      if (RECAPTURE_REASONS.has(commentCode)) {
        return {
          kind: 'needs_recapture',
          role: 'front',
          code: commentCode,
          message: comment || commentCode,
          answer,
        };
      }
      return {
        kind: 'needs_operator',
        reason: 'provider_rejected',
        code: commentCode || 'rejected',
        message: comment || 'ARGOS rejected the submission.',
        answer,
      };
    default:
      return {
        kind: 'fatal',
        code: 'unexpected_answer',
        message: 'ARGOS answered with an unknown KYC result',
      };
  }
}
