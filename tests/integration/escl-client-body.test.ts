// The eSCL client reads a page's body under its request timeout and its size limit, whatever the
// device sends and whatever the garbage collector does (net/read-body.ts): a page that stops
// half-way ends as "scanner I/O error" after the timeout, not never; a page streamed without a
// declared length past maxPageBytes is refused, not read whole into memory.
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { EsclClient } from '../../src/main/devices/escl/escl-client';
import { runTsChild } from '../helpers/child-process';
import { PLATEN_CARD } from '../helpers/escl-jobs';
import { errorCode } from '../helpers/images';

const settings = PLATEN_CARD;

let servers: Server[] = [];
afterEach(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  servers = [];
});

it('a 1 s request timeout ends a page that stops half-way, with a garbage collection every 50 ms', async () => {
  const { code, out, errors } = await runTsChild(
    join(import.meta.dirname, '../helpers/escl-abort-gc-child.ts'),
    ['--expose-gc'],
  );
  expect(code, errors).toBe(0);
  expect(out, errors).toContain('DONE');
  const scans = out
    .split('\n')
    .filter((line) => line.startsWith('SCAN '))
    .map((line) => line.split(' '));
  expect(scans.map(([, code]) => code)).toEqual(['scanner_io_error', 'scanner_io_error', 'scanner_io_error']);
  // Ended by the 1 s timeout, not by the child's end.
  for (const [, , ms] of scans) expect(Number(ms)).toBeLessThan(5_000);
}, 60_000);

it('refuses a page streamed past maxPageBytes without a declared length, reading no more of it', async () => {
  let sent = 0;
  const server = createServer((req, res) => {
    req.resume();
    if (req.method === 'POST') return void res.writeHead(201, { location: '/eSCL/ScanJobs/big' }).end();
    if (req.method === 'DELETE' || !req.url?.endsWith('/NextDocument')) return void res.writeHead(200).end();
    // Chunked: no content-length to refuse it by; 64 KiB pieces until the client stops reading.
    res.writeHead(200, { 'content-type': 'image/png' });
    const piece = Buffer.alloc(64 * 1024, 0x42);
    const more = (): void => {
      while (!res.destroyed && sent < 64 * 1024 * 1024) {
        sent += piece.length;
        if (!res.write(piece)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = new EsclClient(`http://127.0.0.1:${port}/eSCL`, { maxPageBytes: 1024 * 1024 });
  expect(await errorCode(client.scan(settings, 1, new AbortController().signal))).toBe('image_too_large');
  // Cancelled soon after the limit (socket buffers hold a few MB at most), not read to 64 MB.
  expect(sent).toBeLessThan(16 * 1024 * 1024);
});
