// Issue 12 (the drain): an upload streams its image from the sealed file (image-stream.ts) through
// the kiosk's HTTP client (http-call.ts `stream`) instead of opening it whole. Checked on a real
// store, real files and a real loopback HTTP server that records what arrived:
//   - the pieces are the image, byte for byte, at most 256 KB each, with a declared Content-Length;
//   - a file altered anywhere never yields its last piece (the GCM tag is checked first), so the
//     request is cut off before its Content-Length and the server never gets a complete body;
//   - the step then fails as it did when the whole read threw (retryable "exception", same message
//     kind), through the relay's own call wrapper;
//   - the same for each connector's own upload body: ARGOS's PUT image (JSON with base64 members, or
//     multipart text fields) and Jumio's credential part (multipart `file`): the body that arrives
//     is the image, and an altered file stops it short with the same outcome.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, memorySink } from '../../src/main/logging/logger';
import { ArgosClient } from '../../src/main/providers/argos/argos-client';
import { putImageFlow } from '../../src/main/providers/argos/put-image-flow';
import { argosConfigSchema, jumioConfigSchema } from '../../src/main/providers/config';
import type { ConnectorDeps } from '../../src/main/providers/connector';
import { BodySourceError, httpCall, type HttpResult } from '../../src/main/providers/http/http-call';
import { commonStatusOutcome } from '../../src/main/providers/http/outcomes';
import { JumioClient } from '../../src/main/providers/jumio/jumio-client';
import { jumioPartSteps } from '../../src/main/providers/jumio/parts';
import { IMAGES_DIR } from '../../src/main/store/image-files';
import { STREAM_PIECE_BYTES } from '../../src/main/store/image-stream';
import type { JsonValue, StepContext, StepDefinition } from '../../src/main/sync/flow-types';
import { callProvider } from '../../src/main/sync/relay/call';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

interface Arrival {
  declared: number;
  received: number;
  complete: boolean;
  sha256: string;
}

/**
 * A loopback server that answers 200 {} to a complete body (or, with `redirect`, 302 to another
 * path) and records every request's fate.
 */
async function recordingServer(redirect = false): Promise<{
  url: string;
  arrivals: Arrival[];
  /** Each complete body as it arrived, with its Content-Type (for the connectors' bodies). */
  bodies: { type: string; bytes: Buffer }[];
  settled: () => Promise<void>;
}> {
  const arrivals: Arrival[] = [];
  const bodies: { type: string; bytes: Buffer }[] = [];
  const pending = new Set<Promise<void>>();
  const server: Server = createServer((req, res) => {
    const arrival: Arrival = {
      declared: Number(req.headers['content-length']),
      received: 0,
      complete: false,
      sha256: '',
    };
    arrivals.push(arrival);
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    const done = new Promise<void>((resolve) => {
      req.on('data', (chunk: Buffer) => {
        arrival.received += chunk.byteLength;
        hash.update(chunk);
        chunks.push(chunk);
      });
      req.on('end', () => {
        arrival.complete = true;
        arrival.sha256 = hash.digest('hex');
        bodies.push({ type: String(req.headers['content-type']), bytes: Buffer.concat(chunks) });
        if (redirect) {
          res.statusCode = 302;
          res.setHeader('location', '/elsewhere');
        }
        res.setHeader('content-type', 'application/json');
        res.end('{}');
        resolve();
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
    });
    pending.add(done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    bodies,
    settled: async () => {
      await Promise.all(pending);
    },
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/**
 * The requests after the first (whole) one, whose body failed its check: each either never reached
 * the server (the body failed before the client had sent its head: how far it got depends on
 * timing) or arrived cut short of its declared length; none arrived whole.
 */
function expectCutShort(arrivals: Arrival[], declared?: number): void {
  expect(arrivals[0]?.complete).toBe(true);
  for (const cut of arrivals.slice(1)) {
    if (declared !== undefined) expect(cut.declared).toBe(declared);
    expect(cut.complete).toBe(false);
    expect(cut.received).toBeLessThan(cut.declared);
  }
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function storedCase(bytes: number) {
  const dir = tempDir();
  const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')));
  const capture = specimenCapture(bytes);
  const { id } = await queue.cases.capture(capture);
  const fileOf = (role: 'front' | 'back'): string => {
    const row = queue
      .store!.db.prepare('SELECT file FROM images WHERE case_id = ? AND role = ?')
      .get(id, role) as {
      file: string;
    };
    return join(dir, IMAGES_DIR, `${row.file}.sealed`);
  };
  return { queue, id, capture, fileOf };
}

/** Flips one bit of the sealed file at `at` (bytes from the start). */
function alter(path: string, at: number): void {
  const bytes = fs.readFileSync(path);
  bytes[at]! ^= 1;
  fs.writeFileSync(path, bytes);
}

/** A step context as the relay builds it (run-step.ts): images read whole, or streamed when asked. */
function relayContext(
  queue: Awaited<ReturnType<typeof storedCase>>['queue'],
  id: string,
  options: { streamed: boolean; fields?: Record<string, JsonValue>; answers?: Record<string, JsonValue> },
): StepContext {
  return {
    caseId: id,
    flow: 'lumin.kyc-national-id',
    attempt: 1,
    language: 'en',
    operator: { id: 'op', name: 'Operator' },
    fields: options.fields ?? {},
    answers: options.answers ?? {},
    image: (role) => Promise.resolve(queue.store!.images.read(id, role)),
    ...(options.streamed
      ? { imageStream: (role) => Promise.resolve(queue.store!.images.stream(id, role)) }
      : {}),
    secret: () => undefined,
    session: { token: 't', expiresAt: new Date(Date.now() + 60_000).toISOString() },
    signal: new AbortController().signal,
  };
}

describe('uploads streamed from the sealed file', () => {
  it('yields the image byte for byte in pieces of at most 256 KB', async () => {
    for (const size of [1, STREAM_PIECE_BYTES, STREAM_PIECE_BYTES + 1, 1024 * 1024 + 7]) {
      const { queue, id, capture } = await storedCase(size);
      const streamed = queue.store!.images.stream(id, 'front')!;
      expect(streamed.size).toBe(size);
      expect(streamed.mime).toBe(capture.images[0]!.mime);
      const pieces: Uint8Array[] = [];
      for await (const piece of streamed.pieces) pieces.push(piece);
      expect(pieces.every((piece) => piece.byteLength <= STREAM_PIECE_BYTES)).toBe(true);
      expect(pieces).toHaveLength(Math.ceil(size / STREAM_PIECE_BYTES));
      expect(sha(Buffer.concat(pieces))).toBe(sha(capture.images.find((i) => i.role === 'front')!.bytes));
      expect(queue.store!.images.stream(id, 'document')).toBeUndefined();
      await queue.close();
    }
  });

  it('never yields the last piece of an altered file, wherever the change is', async () => {
    const size = 3 * STREAM_PIECE_BYTES + 1000;
    const { queue, id, fileOf } = await storedCase(size);
    // In the first piece, in the last piece, and in the tag itself.
    for (const at of [10, size - 5, size + 3]) {
      const path = fileOf('front');
      const original = fs.readFileSync(path);
      alter(path, at);
      let yielded = 0;
      await expect(
        (async () => {
          for await (const piece of queue.store!.images.stream(id, 'front')!.pieces)
            yielded += piece.byteLength;
        })(),
      ).rejects.toThrow();
      expect(yielded).toBeLessThanOrEqual(size - 1000);
      fs.writeFileSync(path, original);
    }
    await queue.close();
  });

  it('sends the image with its Content-Length, and cuts an altered one off before it is complete', async () => {
    const size = 1024 * 1024;
    const { queue, id, capture, fileOf } = await storedCase(size);
    const server = await recordingServer();
    const send = async () => {
      const streamed = queue.store!.images.stream(id, 'front')!;
      return httpCall({
        method: 'PUT',
        url: `${server.url}/front`,
        stream: { pieces: streamed.pieces, length: streamed.size, contentType: streamed.mime },
        timeoutMs: 10_000,
      });
    };
    const sent = await send();
    expect(sent.kind).toBe('response');
    await server.settled();
    expect(server.arrivals[0]).toEqual({
      declared: size,
      received: size,
      complete: true,
      sha256: sha(capture.images.find((i) => i.role === 'front')!.bytes),
    });

    alter(fileOf('front'), size - 10);
    await expect(send()).rejects.toBeInstanceOf(BodySourceError);
    await server.settled();
    expectCutShort(server.arrivals, size);
    await queue.close();
  });

  it('reports a redirect answered to a streamed upload as a redirect (not followed, not a network fault)', async () => {
    // Streamed bodies are sent with redirect 'error' (http-call.ts: no tee of the body).
    const { queue, id } = await storedCase(300_000);
    const server = await recordingServer(true);
    const streamed = queue.store!.images.stream(id, 'front')!;
    const result = await httpCall({
      method: 'PUT',
      url: `${server.url}/front`,
      stream: { pieces: streamed.pieces, length: streamed.size, contentType: streamed.mime },
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ kind: 'response', status: 300 });
    expect(commonStatusOutcome(result as Extract<HttpResult, { kind: 'response' }>)).toMatchObject({
      kind: 'fatal',
      message: 'the provider redirected: check the configured base URL',
    });
    await server.settled();
    expect(server.arrivals).toHaveLength(1);
    await queue.close();
  });

  it('fails the upload step as the whole read did: retryable "exception", nothing complete at the provider', async () => {
    const { queue, id, fileOf } = await storedCase(600_000);
    const server = await recordingServer();
    const step = recordingFlow(server.url).steps.find((candidate) => candidate.key === 'upload-front')!;
    const upload = (context: StepContext) => step.run!(context);
    alter(fileOf('front'), 20);
    const context = (streamed: boolean): StepContext => relayContext(queue, id, { streamed });
    const whole = await callProvider(10_000, [], () => upload(context(false)));
    const streamed = await callProvider(10_000, [], () => upload(context(true)));
    expect(whole.outcome).toMatchObject({ kind: 'retryable', code: 'exception' });
    expect(streamed.outcome).toMatchObject({ kind: 'retryable', code: 'exception' });
    expect(streamed.abortedByRelay).toBe(false);
    await server.settled();
    expect(server.arrivals.every((arrival) => !arrival.complete)).toBe(true);
    await queue.close();
  });
});

describe("each connector's upload body, streamed from the sealed files", () => {
  const deps: ConnectorDeps = {
    log: createLogger(memorySink(), 'debug'),
    resolveSecret: (value) => (typeof value === 'string' ? value : ''),
  };
  const SIZE = 700_000;

  /** Runs `step` on a stored case: once as stored, once with `role`'s sealed file altered mid-way. */
  async function sendAndAlter(
    step: (url: string) => StepDefinition,
    role: 'front' | 'back',
    options: { fields?: Record<string, JsonValue>; answers?: (url: string) => Record<string, JsonValue> },
  ) {
    const { queue, id, capture, fileOf } = await storedCase(SIZE);
    const server = await recordingServer();
    const definition = step(server.url);
    const context = relayContext(queue, id, {
      streamed: true,
      ...(options.fields ? { fields: options.fields } : {}),
      ...(options.answers ? { answers: options.answers(server.url) } : {}),
    });
    const sent = await callProvider(10_000, [], () => definition.run!(context));
    await server.settled();
    const [body] = server.bodies;
    expect(server.arrivals[0]).toMatchObject({ complete: true, received: server.arrivals[0]!.declared });
    alter(fileOf(role), SIZE / 2);
    const cut = await callProvider(10_000, [], () => definition.run!(context));
    // The same altered image read whole (as before streaming): the outcome staff see must not change.
    const whole = await callProvider(10_000, [], () =>
      definition.run!({ ...context, imageStream: undefined }),
    );
    expect(cut.outcome).toEqual(whole.outcome);
    await server.settled();
    await queue.close();
    const image = (which: 'front' | 'back') =>
      Buffer.from(capture.images.find((i) => i.role === which)!.bytes);
    return { sent: sent.outcome, body: body!, cut: cut.outcome, arrivals: server.arrivals, image };
  }

  const argosStep = (bodyEncoding: 'json' | 'multipart') => (url: string) =>
    putImageFlow(
      new ArgosClient(
        argosConfigSchema.parse({
          baseUrl: `${url}/v3/`,
          apiKey: 'k',
          admin: 'admin@training.invalid',
          bodyEncoding,
        }),
        deps,
      ),
    ).steps.find((s) => s.key === 'put-image')!;

  it('ARGOS PUT image as JSON: both images as base64 members; an altered one never completes', async () => {
    const run = await sendAndAlter(argosStep('json'), 'back', { fields: { submissionId: 's-1' } });
    expect(run.body.type).toBe('application/json');
    expect(JSON.parse(run.body.bytes.toString('utf8'))).toEqual({
      submissionId: 's-1',
      admin: 'admin@training.invalid',
      idImage: run.image('front').toString('base64'),
      idBackImage: run.image('back').toString('base64'),
      idType: 'government_id',
    });
    expect(run.cut).toMatchObject({ kind: 'retryable', code: 'exception' });
    expectCutShort(run.arrivals);
  });

  it('ARGOS PUT image as multipart: text fields holding the base64; an altered one never completes', async () => {
    const run = await sendAndAlter(argosStep('multipart'), 'front', { fields: { submissionId: 's-2' } });
    const form = await new Response(new Uint8Array(run.body.bytes), {
      headers: { 'content-type': run.body.type },
    }).formData();
    expect(Object.fromEntries(form.entries())).toEqual({
      submissionId: 's-2',
      admin: 'admin@training.invalid',
      idImage: run.image('front').toString('base64'),
      idBackImage: run.image('back').toString('base64'),
      idType: 'government_id',
    });
    expect(run.cut).toMatchObject({ kind: 'retryable', code: 'exception' });
    expectCutShort(run.arrivals);
  });

  it("Jumio's FRONT part: the image as the multipart file; an altered one never completes", async () => {
    const client = (url: string) =>
      new JumioClient(
        jumioConfigSchema.parse({
          start: { mode: 'direct', clientId: 'c', clientSecret: 's' },
          urls: { auth: `${url}/`, account: `${url}/`, api: `${url}/`, retrieval: `${url}/` },
        }),
        deps,
      );
    const transaction = (url: string): Record<string, JsonValue> => ({
      'start-transaction': {
        accountId: 'a-1',
        workflowExecutionId: 'w-1',
        token: 'otp',
        tokenExpiresAt: new Date(Date.now() + 600_000).toISOString(),
        workflowUrl: `${url}/api/v1/accounts/a-1/workflow-executions/w-1`,
        credentials: [{ id: 'cred-id', category: 'ID', parts: {} }],
      },
    });
    const run = await sendAndAlter((url) => jumioPartSteps(client(url))[0]!, 'front', {
      answers: transaction,
    });
    const form = await new Response(new Uint8Array(run.body.bytes), {
      headers: { 'content-type': run.body.type },
    }).formData();
    const file = form.get('file') as File;
    expect([...form.keys()]).toEqual(['file']);
    expect(file.name).toBe('front.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(Buffer.from(await file.arrayBuffer()).equals(run.image('front'))).toBe(true);
    expect(run.cut).toMatchObject({ kind: 'retryable', code: 'exception' });
    expectCutShort(run.arrivals);
  });
});
