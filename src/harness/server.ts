/**
 * The browser harness: the same handler table as the Electron app, reached over HTTP on loopback
 * instead of ipcMain. It serves the built renderer plus a bridge script that builds `window.kiosk`
 * on fetch. Development and end-to-end tests only: it is never part of a packaged build.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeWire, encodeWire } from '../shared/ipc/wire';
import { fail } from '../shared/ipc/result';
import type { KioskCore } from '../main/core';
import { CONTENT_SECURITY_POLICY_HEADER, contentTypeOf, resolveInside } from '../main/hardening/asset-path';
import { isLoopbackAddress, isOwnHost, isOwnOrigin, tokenMatches } from './guard';

export const TOKEN_HEADER = 'x-kiosk-token';
/** Set on a 403 caused by the token (missing or not this run's), so the bridge can say so plainly. */
export const REFUSED_HEADER = 'x-kiosk-refused';
const INVOKE_PATH = '/__kiosk/invoke/';
const EVENTS_PATH = '/__kiosk/events';
const BRIDGE_PATH = '/__harness/bridge.js';
/** Development and tests: stop or start training mode's provider simulators (a network outage). */
const SIMULATORS_PATH = '/__kiosk/simulators/';
/** Large enough for a few full-resolution scans in one call, small enough to refuse abuse. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface HarnessOptions {
  core: KioskCore;
  rendererDir: string;
  bridgeFile: string;
  token: string;
  port?: number;
}

export interface Harness {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...extra,
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { core, token } = options;
  const clients = new Set<ServerResponse>();
  const injectBridge = (html: string): string =>
    html.replace('<head>', `<head>\n    <script src="${BRIDGE_PATH}"></script>`);

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      core.log.error('harness.request_failed', { error });
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.end();
    });
  });

  let port = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackAddress(req.socket.remoteAddress) || !isOwnHost(req.headers.host, port)) {
      send(res, 403, 'Forbidden');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const isApi = url.pathname.startsWith('/__kiosk/');
    if (isApi) {
      const presented = req.headers[TOKEN_HEADER];
      if (!isOwnOrigin(req.headers.origin, port)) {
        send(res, 403, 'Forbidden');
        return;
      }
      const given = typeof presented === 'string' && presented !== '' ? presented : undefined;
      if (!tokenMatches(given, token)) {
        const refused = given === undefined ? 'missing' : 'wrong';
        send(res, 403, `Forbidden: the harness token is ${refused}`, undefined, {
          [REFUSED_HEADER]: refused,
        });
        return;
      }
    }

    if (isApi && url.pathname.startsWith(INVOKE_PATH) && req.method === 'POST') {
      const name = decodeURIComponent(url.pathname.slice(INVOKE_PATH.length));
      const body = await readBody(req);
      if (body === null) {
        send(res, 413, encodeWire(fail('invalid_input', 'Request too large')), 'application/json');
        return;
      }
      let input: unknown;
      try {
        input = body === '' ? undefined : (decodeWire(body) as { input?: unknown }).input;
      } catch {
        send(res, 200, encodeWire(fail('invalid_input', 'Malformed request body')), 'application/json');
        return;
      }
      const result = await core.dispatch(name, input, { transport: 'harness' });
      send(res, 200, encodeWire(result), 'application/json');
      return;
    }

    if (isApi && url.pathname === SIMULATORS_PATH && req.method === 'GET') {
      // Where the simulators listen and their admin tokens, so tests can read their ledgers
      // (/__sim/ledger with x-sim-admin-token). Behind the harness's own token like the API.
      const training = (await core.providers).training;
      const sims = training ? Object.entries(training.simulators) : [];
      const urls = {
        urls: Object.fromEntries(sims.map(([name, sim]) => [name, sim.url])),
        adminTokens: Object.fromEntries(sims.map(([name, sim]) => [name, sim.server.adminToken])),
      };
      send(res, 200, encodeWire(urls), 'application/json');
      return;
    }

    if (isApi && url.pathname.startsWith(SIMULATORS_PATH) && req.method === 'POST') {
      const action = url.pathname.slice(SIMULATORS_PATH.length);
      const training = (await core.providers).training;
      if (!training || (action !== 'stop' && action !== 'start')) {
        send(res, 404, 'Not found');
        return;
      }
      const servers = Object.values(training.simulators);
      await Promise.all(servers.map((server) => (action === 'stop' ? server.close() : server.listen())));
      if (action === 'start') core.queue.setOsOnline(true); // as the OS would report the network back
      core.log.info('harness.simulators', { action });
      send(res, 200, encodeWire({ ok: true }), 'application/json');
      return;
    }

    if (isApi && url.pathname === EVENTS_PATH && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'application/x-ndjson',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.write(`${encodeWire({ name: '$hello' })}\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }

    if (isApi || req.method !== 'GET') {
      send(res, 404, 'Not found');
      return;
    }

    if (url.pathname === BRIDGE_PATH) {
      send(res, 200, await readFile(options.bridgeFile), 'text/javascript; charset=utf-8');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      send(res, 400, 'Bad request');
      return;
    }
    const file = resolveInside(options.rendererDir, pathname);
    if (!file) {
      send(res, 404, 'Not found');
      return;
    }
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      send(res, 404, 'Not found');
      return;
    }
    const type = contentTypeOf(file);
    send(res, 200, type.startsWith('text/html') ? injectBridge(content.toString('utf8')) : content, type);
  }

  const unsubscribe = core.events.subscribe((name, payload) => {
    const line = `${encodeWire({ name, payload })}\n`;
    for (const client of clients) client.write(line);
  });
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(`${encodeWire({ name: '$ping' })}\n`);
  }, 15_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: async () => {
      unsubscribe();
      clearInterval(keepAlive);
      for (const client of clients) client.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A browser keeps idle keep-alive connections open; they would hold close() forever.
      server.closeAllConnections();
      await closed;
    },
  };
}
