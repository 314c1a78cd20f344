// Child of escl-client-body.test.ts, started with --expose-gc: a loopback server playing a network
// scanner whose page stops half-way (headers and the first bytes of a declared 100 000, then
// nothing), and the kiosk's eSCL client scanning from it with a 1 s request timeout while a garbage
// collection runs every 50 ms. Not the eSCL simulator: a page that stalls is not a behaviour of
// the specification, only of a device or network failing. Prints "SCAN <error code> <ms>" per
// scan, then "DONE".
import { createServer } from 'node:http';
import { EsclClient } from '../../src/main/devices/escl/escl-client';
import { AppError } from '../../src/main/ipc/errors';
import { PLATEN_CARD } from './escl-jobs';

const SCANS = 3;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('start this child with --expose-gc');

const server = createServer((req, res) => {
  req.resume();
  if (req.method === 'POST' && req.url === '/eSCL/ScanJobs') {
    res.writeHead(201, { location: '/eSCL/ScanJobs/stall' }).end();
  } else if (req.method === 'GET' && req.url === '/eSCL/ScanJobs/stall/NextDocument') {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': '100000' });
    res.write(Buffer.alloc(1000, 0x41));
    // The rest never comes; the test closes the connections at the end.
  } else {
    res.writeHead(req.method === 'DELETE' ? 200 : 404).end();
  }
});

server.listen(0, '127.0.0.1', () => {
  void (async () => {
    const { port } = server.address() as { port: number };
    const client = new EsclClient(`http://127.0.0.1:${port}/eSCL`, { requestTimeoutMs: 1_000 });
    const collector = setInterval(gc, 50);
    for (let scan = 0; scan < SCANS; scan += 1) {
      const started = performance.now();
      let outcome = 'pages';
      try {
        await client.scan(PLATEN_CARD, 1, new AbortController().signal);
      } catch (error) {
        outcome = error instanceof AppError ? error.code : `thrown:${(error as Error).message}`;
      }
      console.log(`SCAN ${outcome} ${Math.round(performance.now() - started)}`);
    }
    clearInterval(collector);
    server.closeAllConnections();
    server.close();
    console.log('DONE');
  })();
});
