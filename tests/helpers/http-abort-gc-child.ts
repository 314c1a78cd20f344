// Child of http-call-gc.test.ts, started with --expose-gc: a loopback server that sends an answer's
// headers at once and its body only after BODY_DELAY_MS, and httpCall sending a streamed PUT to it
// with a 1 s timeout while a garbage collection runs every 50 ms. Prints one line per call:
// "CALL <kind> <ms>", then "DONE".
import { createServer } from 'node:http';
import { httpCall } from '../../src/main/providers/http/http-call';

const BODY_DELAY_MS = 10_000;
const CALLS = 4;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('start this child with --expose-gc');

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = Buffer.from('{"ok":true}');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.flushHeaders();
    setTimeout(() => {
      if (!res.destroyed) res.end(body);
    }, BODY_DELAY_MS).unref();
  });
});

server.listen(0, '127.0.0.1', () => {
  void (async () => {
    const { port } = server.address() as { port: number };
    const collector = setInterval(gc, 50);
    for (let call = 0; call < CALLS; call += 1) {
      const started = performance.now();
      const piece = new Uint8Array(256 * 1024).fill(0x41);
      const result = await httpCall({
        method: 'PUT',
        url: `http://127.0.0.1:${port}/submission/image`,
        timeoutMs: 1_000,
        // As the relay calls it: its own signal beside the timeout (every other call), and an
        // image streamed as the ARGOS and Jumio uploads are.
        ...(call % 2 === 1 ? { signal: new AbortController().signal } : {}),
        stream: {
          pieces: (async function* () {
            for (let i = 0; i < 4; i += 1) {
              // One piece per turn of the event loop, as pieces read from a sealed file come.
              await new Promise((resolve) => setImmediate(resolve));
              yield piece;
            }
          })(),
          length: 4 * piece.byteLength,
          contentType: 'application/json',
        },
      });
      console.log(`CALL ${result.kind} ${Math.round(performance.now() - started)}`);
    }
    clearInterval(collector);
    server.closeAllConnections();
    server.close();
    console.log('DONE');
  })();
});
