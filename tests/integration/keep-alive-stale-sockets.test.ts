// Experiment (issue 12, the relay-faults failure): can keep-alive sockets that the provider's server
// closed while they sat idle in the client's pool make every request fail at once for a while?
// The hypothesis: after an event-loop stall, ~10 idle sockets are closed by the server together;
// fetch (undici) hands out one the server has just closed, the request fails at once, the next one
// takes the next stale socket, and so on, until the retry ceiling sends the case to a person.
//
// Real loopback HTTP server, the kiosk's own HTTP client (httpCall, on Node's fetch), POSTs (not
// idempotent: undici never sends one again by itself). What it shows on this Node (22.x, its bundled
// undici): a socket closed before the request is written is never used (undici reads what is pending
// on an idle socket before it writes on it: FIN, RST), so a batch of server-closed idle sockets costs
// nothing; only a socket closed *after* the request was written (the server's keep-alive timer
// firing with the request unread) fails, once per socket, and the socket is gone after it. A run of
// failures can then be no longer than the number of sockets that raced, and it cannot recur without
// a new stall; ten in a row over 4 s of back-off needs ten such stalls. The relay's answer is not in
// the transport but in the ceiling: a burst of fast failures does not send a case to a person
// (decide.ts, `retryCeilingSpanMs`). The first test also pins the runtime: on a Node whose fetch
// lacks that idle-socket check (Electron's own Node cannot be run here), it fails and says so.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpCall } from '../../src/main/providers/http/http-call';

const LANES = 10;

interface World {
  server: Server;
  url: string;
  sockets: Set<Socket>;
  /** Requests the server read, per socket (1 = the socket's first). */
  served: WeakMap<Socket, number>;
  /** Requests that arrived, in order. */
  arrivals: number;
  /** When set, a request arriving on a socket in this set is dropped with its socket, unanswered. */
  expired: Set<Socket>;
}

let world: World | undefined;
afterEach(async () => {
  if (!world) return;
  for (const socket of world.sockets) socket.destroy();
  await new Promise<void>((resolve) => world!.server.close(() => resolve()));
  world = undefined;
});

async function start(): Promise<World> {
  const w: Partial<World> = { sockets: new Set(), served: new WeakMap(), arrivals: 0, expired: new Set() };
  const server = createServer((req, res) => {
    w.arrivals! += 1;
    w.served!.set(req.socket, (w.served!.get(req.socket) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      if (w.expired!.has(req.socket)) {
        // What the server's keep-alive timer does when it fires with this request still unread.
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    w.sockets!.add(socket);
    socket.on('close', () => w.sockets!.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  w.server = server;
  w.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/approve`;
  world = w as World;
  return world;
}

async function post(url: string): Promise<string> {
  const result = await httpCall({ method: 'POST', url, json: { approve: true }, timeoutMs: 5_000 });
  return result.kind === 'response'
    ? `http_${result.status}`
    : result.kind === 'network_error'
      ? result.code
      : result.kind;
}

/** Fills the client's pool with LANES idle keep-alive connections to the server. */
async function fillPool(w: World): Promise<void> {
  const answers = await Promise.all(Array.from({ length: LANES }, () => post(w.url)));
  expect(answers).toEqual(Array.from({ length: LANES }, () => 'http_200'));
  // Let the answers' sockets go back to the pool (a real wait for real sockets, not a timing bound).
  await new Promise((resolve) => setImmediate(resolve));
  expect(w.sockets.size).toBe(LANES);
}

function longestRun(results: string[]): number {
  let longest = 0;
  let run = 0;
  for (const result of results) {
    run = result === 'http_200' ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

describe('keep-alive sockets the server closed while idle (experiment)', () => {
  it('a batch of idle sockets closed together costs no request: none is written on', async () => {
    const w = await start();
    await fillPool(w);
    // The server closes every idle connection, and in the same turn (as after a stall, before the
    // client's loop has seen a single FIN) the client sends its next requests, one after another.
    for (const socket of w.sockets) socket.destroy();
    const results: string[] = [];
    for (let i = 0; i < LANES + 2; i++) results.push(await post(w.url));
    console.log(`closed while idle: ${results.join(' ')}`);
    expect(results).toEqual(Array.from({ length: LANES + 2 }, () => 'http_200'));
  });

  it('a socket closed after the request was written fails once, at once, is not retried, and is gone', async () => {
    const w = await start();
    await fillPool(w);
    // Every pooled socket is now one whose server-side keep-alive timer fires as the next request
    // arrives (the worst case of a stall: all of them raced).
    for (const socket of w.sockets) w.expired.add(socket);
    const arrivalsBefore = w.arrivals;
    const results: string[] = [];
    for (let i = 0; i < LANES * 2 + 2; i++) results.push(await post(w.url));
    const failures = results.filter((r) => r !== 'http_200');
    console.log(`closed on arrival (${LANES} stale sockets): ${results.join(' ')}`);
    // A socket error, never an answer or a timeout: the "fast network error" of the failed run.
    for (const failure of failures) expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain(failure);
    // Each stale socket costs at most one request, and a POST is never sent again by fetch itself:
    // the server saw exactly one request per attempt.
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThanOrEqual(LANES);
    expect(w.arrivals - arrivalsBefore).toBe(results.length);
    // The pool goes back to a fresh connection after each failure: no run of stale sockets (seen: runs
    // of 1, "UND_ERR_SOCKET http_200 UND_ERR_SOCKET http_200 ...", two failures for ten stale sockets).
    expect(longestRun(results)).toBeLessThanOrEqual(2);
    // Once the stale sockets are spent, every request succeeds on fresh connections.
    expect(results.slice(-2)).toEqual(['http_200', 'http_200']);
  });
});
