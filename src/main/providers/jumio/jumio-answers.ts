/**
 * Jumio answers → StepOutcomes (providers.md §3): 400 on an image part means the image broke a
 * limit (recapture); 401 with the server token means re-authenticate, with the transaction token it
 * means the transaction ended (only a new transaction helps); 403 is a header/configuration problem;
 * 404 means the ids are gone; 429 and 5xx are retried.
 */
import type { ImageRole } from '../../../shared/domain/flows';
import type { Failure } from '../connector';
import type { HttpResult } from '../http/http-call';
import { commonStatusOutcome, lostAnswer, jsonObject, stringField, transportOutcome } from '../http/outcomes';

export type JumioAnswer =
  { kind: 'ok'; value: Record<string, unknown> } | { kind: 'outcome'; outcome: Failure };

/** Which token the call carried: it decides what a 401 means. */
export type JumioAuth = 'server' | 'transaction' | 'broker';

export function interpretJumio(result: HttpResult, auth: JumioAuth, imageRole?: ImageRole): JumioAnswer {
  const outcome = (o: Failure): JumioAnswer => ({ kind: 'outcome', outcome: o });
  if (result.kind !== 'response') return outcome(transportOutcome(result));
  const body = jsonObject(result.body);
  const detail =
    stringField(body, 'detail') ?? stringField(body, 'message') ?? `Jumio answered HTTP ${result.status}`;
  if (result.status === 401 && auth === 'transaction') {
    return outcome({
      kind: 'needs_operator',
      reason: 'session_expired',
      code: 'transaction_expired',
      message: `The Jumio transaction has ended: start it again. (${detail})`,
    });
  }
  if (result.status === 401 && auth === 'broker') {
    return outcome({
      kind: 'fatal',
      code: 'broker_unauthorized',
      message: 'The Jumio broker refused the configured key',
    });
  }
  const common = commonStatusOutcome(result);
  if (common) return outcome(common);
  const { status } = result;
  if (status >= 200 && status < 300) {
    if (!body) return outcome(lostAnswer('Jumio', result.body));
    return { kind: 'ok', value: body };
  }
  if (status === 403)
    return outcome({ kind: 'fatal', code: 'forbidden', message: `Jumio refused the call: ${detail}` });
  if (status === 404) {
    return outcome({ kind: 'needs_operator', reason: 'session_expired', code: 'not_found', message: detail });
  }
  if (status === 400 && imageRole) {
    return outcome({ kind: 'needs_recapture', role: imageRole, code: 'image_rejected', message: detail });
  }
  return outcome({
    kind: 'needs_operator',
    reason: 'provider_rejected',
    code: `http_${status}`,
    message: detail,
  });
}
