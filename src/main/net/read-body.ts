/**
 * Reading an HTTP answer's body with a size limit and with abort signals that hold while it is
 * read: shared by the provider calls (providers/http/http-call.ts) and the eSCL scanner client
 * (devices/escl/escl-client.ts), both on Node's fetch (undici).
 */

/** Thrown by readLimited when one of its signals fired while the body was being read. */
export class BodyAborted extends Error {}

/**
 * The body, read up to `limit` bytes. `signals` (the timeout and the caller's) cancel the read
 * themselves: once fetch has resolved, undici follows the signal given to it only through a
 * WeakRef to the request's own controller, which a garbage collection can take while the body is
 * read. Then the abort was lost and a slow body was waited for whole: a 5 s timeout returned after
 * the server's 60 s, in a full test run only (a standalone check with forced GC: streamed PUT,
 * 1 s timeout, the answer came with the body after 8 s, 6 times out of 6).
 */
export async function readLimited(
  response: Response,
  limit: number,
  signals: readonly AbortSignal[],
): Promise<Uint8Array | 'too_large'> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    return 'too_large';
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  if (signals.some((signal) => signal.aborted)) cancel();
  for (const signal of signals) signal.addEventListener('abort', cancel, { once: true });
  try {
    return await readAll(reader, limit, signals);
  } finally {
    for (const signal of signals) signal.removeEventListener('abort', cancel);
  }
}

async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
  signals: readonly AbortSignal[],
): Promise<Uint8Array | 'too_large'> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    // A cancel ends the read as if the body had ended: it is an abort, not the whole answer.
    if (signals.some((signal) => signal.aborted)) throw new BodyAborted('aborted while reading');
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return 'too_large';
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
