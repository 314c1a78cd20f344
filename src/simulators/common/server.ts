/**
 * One loopback HTTP server per simulated provider (real sockets, 127.0.0.1, any free port). It
 * applies the shared fault injection and rate limit around the vendor's routes, and serves the
 * admin endpoints the tests and the training UI use:
 *   GET /__sim/ledger · DELETE /__sim/ledger · GET|PUT /__sim/faults · POST /__sim/faults/queue ·
 *   POST /__sim/reset (the vendor's state back to how it started: training's "reset training data")
 * It can be stopped and started again on the same port with its state intact (an "offline period").
 * Every request must name the server's own host; admin requests need the run's token (guard.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FAULT_KINDS, type FaultInjector, type FaultKind } from './faults';
import { newAdminToken, refusal } from './guard';
import type { Ledger } from './ledger';
import type { RateLimiter } from './rate-limit';
import { Router, json, parseJson, isRecord, type Route, type SimRequest, type SimResponse } from './router';

export interface SimulatorServerOptions {
  name: string;
  routes: readonly Route[];
  ledger: Ledger;
  faults: FaultInjector;
  /** Requests over this size get 413 (the gateways' limit). Default 25 MiB. */
  maxBodyBytes?: number;
  /** A global rate for the whole API; vendors add their own per-endpoint limits. */
  rateLimit?: RateLimiter;
  /** The body of a generic 5xx/429 for this vendor. */
  errorBody?: (status: number) => unknown;
  /** Answer for an unknown path (ASP.NET answers 404 with no body). */
  notFound?: () => SimResponse;
  /** The admin endpoints' token (header x-sim-admin-token); a fresh random one by default. */
  adminToken?: string;
  /**
   * Puts the vendor's state back to how the simulator started (customers, sessions, accounts,
   * submissions), for POST /__sim/reset. The ledger keeps its history and records the reset.
   */
  reset?: () => void;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    request.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function languageOf(header: string | undefined): 'ar' | 'en' {
  return header?.trim().toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

function serialise(response: SimResponse): { body: Buffer; contentType: string | undefined } {
  if (response.json !== undefined) {
    return {
      body: Buffer.from(JSON.stringify(response.json)),
      contentType: 'application/json; charset=utf-8',
    };
  }
  if (response.text !== undefined) {
    return {
      body: Buffer.from(response.text),
      contentType: response.contentType ?? 'text/plain; charset=utf-8',
    };
  }
  return { body: Buffer.alloc(0), contentType: undefined };
}

export class SimulatorServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly router: Router;
  private boundPort: number | undefined;
  /** This run's admin token: whoever started the simulator hands it to its tests and tools. */
  readonly adminToken: string;

  constructor(private readonly options: SimulatorServerOptions) {
    this.router = new Router([...this.adminRoutes(), ...options.routes]);
    this.adminToken = options.adminToken ?? newAdminToken();
  }

  get port(): number {
    if (this.boundPort === undefined) throw new Error(`${this.options.name} simulator has not been started`);
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** Starts on `port` (default: the port used before, else any free one). Resolves to the base URL. */
  async listen(port: number = this.boundPort ?? 0): Promise<string> {
    if (this.server?.listening) return this.url;
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, () => resolve());
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    return this.url;
  }

  /** Stops listening and drops every open connection; state is kept for a later listen(). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private adminRoutes(): Route[] {
    const { ledger, faults } = this.options;
    return [
      { method: 'GET', path: '/__sim/ledger', handler: () => json(200, ledger.entries()) },
      {
        method: 'DELETE',
        path: '/__sim/ledger',
        handler: () => (ledger.clear(), json(200, { cleared: true })),
      },
      { method: 'GET', path: '/__sim/faults', handler: () => json(200, faults.current) },
      {
        method: 'POST',
        path: '/__sim/reset',
        handler: () => {
          if (!this.options.reset) return json(404, { message: 'This simulator has no state to reset' });
          this.options.reset();
          ledger.record('state_reset');
          return json(200, { reset: true });
        },
      },
      {
        method: 'PUT',
        path: '/__sim/faults',
        handler: (request) => {
          const parsed = parseJson(request);
          try {
            return json(200, faults.configure(parsed.ok ? parsed.value : undefined));
          } catch (error) {
            return json(400, { message: error instanceof Error ? error.message : 'invalid fault settings' });
          }
        },
      },
      {
        method: 'POST',
        path: '/__sim/faults/queue',
        handler: (request) => {
          const parsed = parseJson(request);
          const value = parsed.ok && isRecord(parsed.value) ? parsed.value : {};
          const kind = value.kind as FaultKind;
          if (!FAULT_KINDS.includes(kind))
            return json(400, { message: `kind must be one of ${FAULT_KINDS.join(', ')}` });
          faults.enqueue(kind, {
            times: typeof value.times === 'number' ? value.times : 1,
            pathPrefix: typeof value.pathPrefix === 'string' ? value.pathPrefix : '/',
          });
          return json(200, faults.current);
        },
      },
    ];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const admin = path.startsWith('/__sim/');
    const refused = refusal(req.headers, req.method ?? 'GET', admin, this.port, this.adminToken);
    if (refused) {
      req.resume();
      res.setHeader('connection', 'close');
      this.write(res, { status: refused.status, json: { message: refused.message } });
      return;
    }
    const { faults } = this.options;
    let body: Buffer;
    try {
      body = await readBody(req, this.options.maxBodyBytes ?? 25 * 1024 * 1024);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        this.write(res, { status: 413, json: { message: 'Request Entity Too Large' } });
      } else {
        res.destroy();
      }
      return;
    }
    const fault = admin ? undefined : faults.pick(path);
    if (!admin && faults.latencyMs() > 0) await sleep(faults.latencyMs());
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    const early = fault ? this.earlyFault(fault) : undefined;
    if (early) {
      this.write(res, early);
      return;
    }
    if (!admin && this.options.rateLimit && !this.options.rateLimit.allow()) {
      this.write(res, {
        status: 429,
        json: this.options.errorBody?.(429) ?? { message: 'Too Many Requests' },
        headers: { 'retry-after': '1' },
      });
      return;
    }
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      body,
      language: languageOf(req.headers['accept-language']),
    };
    let response: SimResponse;
    const matched = this.router.match(request.method, path);
    if ('route' in matched) {
      request.params = matched.params;
      try {
        response = await matched.route.handler(request);
      } catch (error) {
        console.error(`${this.options.name} simulator: handler failed`, error);
        response = {
          status: 500,
          json: this.options.errorBody?.(500) ?? { message: 'Internal Server Error' },
        };
      }
    } else if (matched.methodMismatch) {
      response = { status: 405 };
    } else {
      response = this.options.notFound?.() ?? { status: 404 };
    }
    await this.late(fault, req, res, response);
  }

  private earlyFault(fault: FaultKind): SimResponse | undefined {
    const errorBody = (status: number): unknown =>
      this.options.errorBody?.(status) ?? { message: 'Simulated failure' };
    switch (fault) {
      case 'http_500':
        return { status: 500, json: errorBody(500) };
      case 'http_502':
        return { status: 502, json: errorBody(502) };
      case 'http_503':
        return { status: 503, json: errorBody(503) };
      case 'http_429':
        return { status: 429, json: errorBody(429), headers: { 'retry-after': '1' } };
      case 'html_error':
        return {
          status: 502,
          text: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
          contentType: 'text/html',
        };
      default:
        return undefined;
    }
  }

  /** Faults that strike after the request took effect. */
  private async late(
    fault: FaultKind | undefined,
    req: IncomingMessage,
    res: ServerResponse,
    response: SimResponse,
  ): Promise<void> {
    switch (fault) {
      case 'reset_after_effect':
        req.socket.destroy();
        return;
      case 'empty_body':
        this.write(res, { status: 200 });
        return;
      case 'huge_body':
        this.write(res, { status: 200, json: { padding: 'x'.repeat(3 * 1024 * 1024) } });
        return;
      case 'truncated': {
        const { body, contentType } = serialise(response);
        const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
        res.writeHead(response.status, {
          ...response.headers,
          ...(contentType ? { 'content-type': contentType } : {}),
          'content-length': String(cut.length),
        });
        res.end(cut);
        return;
      }
      case 'slow_body': {
        const { body, contentType } = serialise(response);
        res.writeHead(response.status, {
          ...response.headers,
          ...(contentType ? { 'content-type': contentType } : {}),
          'content-length': String(body.length),
        });
        res.flushHeaders();
        await sleep(this.options.faults.slowBodyMs());
        if (!res.destroyed) res.end(body);
        return;
      }
      default:
        this.write(res, response);
    }
  }

  private write(res: ServerResponse, response: SimResponse): void {
    if (res.destroyed) return;
    const { body, contentType } = serialise(response);
    res.writeHead(response.status, {
      ...response.headers,
      ...(contentType ? { 'content-type': contentType } : {}),
      'content-length': String(body.length),
    });
    res.end(body);
  }
}
