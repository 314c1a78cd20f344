// Issue 12 (the drain): an upload streams its image from the sealed file (image-stream.ts) through
// the kiosk's HTTP client (http-call.ts `stream`) instead of opening it whole. Checked on a real
// store, real files and a real loopback HTTP server that records what arrived:
//   - the pieces are the image, byte for byte, at most 256 KB each, with a declared Content-Length;
//   - a file altered anywhere never yields its last piece (the GCM tag is checked first), so the
//     request is cut off before its Content-Length and the server never gets a complete body;
//   - the step then fails as it did when the whole read threw (retryable "exception", same message
//     kind), through the relay's own call wrapper.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BodySourceError, httpCall } from '../../src/main/providers/http/http-call';
import { IMAGES_DIR } from '../../src/main/store/image-files';
import { STREAM_PIECE_BYTES } from '../../src/main/store/image-stream';
import type { StepContext } from '../../src/main/sync/flow-types';
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

/** A loopback server that answers 200 {} to a complete body and records every request's fate. */
async function recordingServer(): Promise<{
  url: string;
  arrivals: Arrival[];
  settled: () => Promise<void>;
}> {
  const arrivals: Arrival[] = [];
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
    const done = new Promise<void>((resolve) => {
      req.on('data', (chunk: Buffer) => {
        arrival.received += chunk.byteLength;
        hash.update(chunk);
      });
      req.on('end', () => {
        arrival.complete = true;
        arrival.sha256 = hash.digest('hex');
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
    const cut = server.arrivals[1]!;
    expect(cut.declared).toBe(size);
    expect(cut.complete).toBe(false);
    expect(cut.received).toBeLessThan(size);
    await queue.close();
  });

  it('fails the upload step as the whole read did: retryable "exception", nothing complete at the provider', async () => {
    const { queue, id, fileOf } = await storedCase(600_000);
    const server = await recordingServer();
    const step = recordingFlow(server.url).steps.find((candidate) => candidate.key === 'upload-front')!;
    const upload = (context: StepContext) => step.run!(context);
    alter(fileOf('front'), 20);
    const context = (streamed: boolean): StepContext => ({
      caseId: id,
      flow: 'lumin.kyc-national-id',
      attempt: 1,
      language: 'en',
      operator: { id: 'op', name: 'Operator' },
      fields: {},
      answers: {},
      image: (role) => Promise.resolve(queue.store!.images.read(id, role)),
      ...(streamed ? { imageStream: (role) => Promise.resolve(queue.store!.images.stream(id, role)) } : {}),
      secret: () => undefined,
      session: { token: 't', expiresAt: new Date(Date.now() + 60_000).toISOString() },
      signal: new AbortController().signal,
    });
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
