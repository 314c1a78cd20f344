/**
 * TEST DOUBLE: a FlowDefinition against the recording provider (recording-provider.ts), built on
 * the real connector interface (src/main/sync/flow-types.ts) so the relay is tested exactly as the
 * provider connectors will drive it. One capture step and three remote steps (two idempotent
 * uploads, one non-idempotent approve with a status query for reconcile), plus authenticate(): four
 * provider calls per case. It borrows the id of a real flow only because FlowId is a closed set.
 */
import { httpCall, type HttpResult } from '../../src/main/providers/http/http-call';
import type { FlowDefinition, JsonValue, StepContext, StepOutcome } from '../../src/main/sync/flow-types';

export interface RecordingFlowOptions {
  /** Overrides for the test at hand (deadline, restartOnNewSession, ...). */
  overrides?: Partial<FlowDefinition>;
  /** Called for every reconcile, so tests can see it happen. */
  onReconcile?: (caseId: string) => void;
  /** The clock session expiry is computed with (ms since the epoch): the test's injected clock. */
  now?: () => number;
}

async function callProvider(
  url: string,
  init: RequestInit & { signal: AbortSignal },
): Promise<{ outcome: StepOutcome; body?: JsonValue }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    // fetch's "fetch failed" hides why; keep the cause (ECONNRESET, UND_ERR_SOCKET...) in the step's
    // last error, so a failing fault test says which (relay-faults.test.ts prints stuck cases).
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why = cause ? ` (${String(cause.code ?? cause.message)})` : '';
    return { outcome: { kind: 'retryable', code: 'network', message: `${(error as Error).message}${why}` } };
  }
  let body: JsonValue;
  try {
    body = (await response.json()) as JsonValue;
  } catch {
    return {
      outcome: { kind: 'retryable', code: 'bad_body', message: `Unreadable answer (${response.status})` },
    };
  }
  if (response.ok) return { outcome: { kind: 'success', answer: body }, body };
  if (response.status === 401)
    return { outcome: { kind: 'reauthenticate', code: 'http_401', message: 'expired' } };
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      outcome: {
        kind: 'retryable',
        code: `http_${response.status}`,
        message: 'provider busy',
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      },
    };
  }
  return {
    outcome: {
      kind: 'needs_operator',
      reason: 'provider_rejected',
      code: `http_${response.status}`,
      message: 'rejected',
    },
  };
}

/** The same mapping as callProvider's, for an exchange made with the kiosk's own HTTP client. */
function outcomeOf(result: HttpResult): StepOutcome {
  if (result.kind === 'timeout') return { kind: 'retryable', code: 'timeout', message: result.message };
  if (result.kind === 'aborted') return { kind: 'retryable', code: 'aborted', message: 'aborted' };
  if (result.kind === 'network_error') return { kind: 'retryable', code: 'network', message: result.message };
  const { status, body } = result;
  if (status >= 200 && status < 300) {
    return body.type === 'json'
      ? { kind: 'success', answer: body.value as JsonValue }
      : { kind: 'retryable', code: 'bad_body', message: `Unreadable answer (${status})` };
  }
  if (status === 401) return { kind: 'reauthenticate', code: 'http_401', message: 'expired' };
  if (status === 429 || status >= 500) {
    const retryAfter = Number(result.headers.get('retry-after'));
    return {
      kind: 'retryable',
      code: `http_${status}`,
      message: 'provider busy',
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  return { kind: 'needs_operator', reason: 'provider_rejected', code: `http_${status}`, message: 'rejected' };
}

function auth(context: StepContext): Record<string, string> {
  return { authorization: `Bearer ${context.session?.token ?? ''}` };
}

function upload(role: 'front' | 'back', baseUrl: string) {
  return async (context: StepContext): Promise<StepOutcome> => {
    const url = `${baseUrl}/cases/${context.caseId}/images/${role}`;
    // The relay's contexts stream the image from its sealed file through the kiosk's HTTP client
    // (no whole copy); a context a test builds by hand may offer only the whole image.
    const streamed = await context.imageStream?.(role);
    if (streamed) {
      return outcomeOf(
        await httpCall({
          method: 'PUT',
          url,
          headers: auth(context),
          stream: { pieces: streamed.pieces, length: streamed.size, contentType: streamed.mime },
          timeoutMs: 60_000,
          signal: context.signal,
        }),
      );
    }
    const image = await context.image(role);
    if (!image) return { kind: 'needs_recapture', role, code: 'missing', message: `No ${role} image` };
    const { outcome } = await callProvider(url, {
      method: 'PUT',
      headers: { ...auth(context), 'content-type': image.mime },
      body: Buffer.from(
        image.bytes.buffer,
        image.bytes.byteOffset,
        image.bytes.byteLength,
      ) as unknown as BodyInit,
      signal: context.signal,
    });
    return outcome;
  };
}

export function recordingFlow(baseUrl: string, options: RecordingFlowOptions = {}): FlowDefinition {
  return {
    id: 'lumin.kyc-national-id',
    provider: 'lumin',
    steps: [
      { key: 'capture', kind: 'capture', idempotent: true, captures: ['front', 'back'] },
      { key: 'upload-front', kind: 'remote', idempotent: true, run: upload('front', baseUrl) },
      { key: 'upload-back', kind: 'remote', idempotent: true, run: upload('back', baseUrl) },
      {
        key: 'approve',
        kind: 'remote',
        idempotent: false,
        run: async (context) =>
          (
            await callProvider(`${baseUrl}/cases/${context.caseId}/approve`, {
              method: 'POST',
              headers: auth(context),
              signal: context.signal,
            })
          ).outcome,
        reconcile: async (context) => {
          options.onReconcile?.(context.caseId);
          const { outcome, body } = await callProvider(`${baseUrl}/cases/${context.caseId}/approval`, {
            headers: auth(context),
            signal: context.signal,
          });
          if (outcome.kind === 'retryable') return outcome;
          if (outcome.kind !== 'success') throw new Error(`status query failed: ${outcome.kind}`);
          return (body as { approved?: boolean }).approved ? 'done' : 'not_done';
        },
      },
    ],
    authenticate: async (context) => {
      const { outcome, body } = await callProvider(`${baseUrl}/auth`, {
        method: 'POST',
        body: JSON.stringify({ caseId: context.caseId }),
        signal: context.signal,
      });
      if (outcome.kind !== 'success') return outcome;
      const { token, expiresInMs } = body as { token: string; expiresInMs: number };
      return {
        kind: 'success',
        session: { token, expiresAt: new Date((options.now ?? Date.now)() + expiresInMs).toISOString() },
      };
    },
    probe: async (signal) => {
      try {
        return (await fetch(`${baseUrl}/ping`, { signal })).status > 0;
      } catch {
        return false;
      }
    },
    ...options.overrides,
  };
}
