/**
 * TEST DOUBLE: a minimal loopback "recording provider" that stands in for the real provider
 * simulators (src/simulators, written in parallel) in the relay's reliability tests and benchmarks.
 * It records every request and every effect in a ledger, and can inject network faults: resets,
 * timeouts, 5xx, 429 with Retry-After, slow and truncated bodies. Effects are applied as soon as a
 * request is read, before any "after" fault, so a lost answer really leaves an effect behind.
 *
 *   GET  /ping                         reachability (never faulted)
 *   POST /auth                         { token, expiresInMs }
 *   PUT  /cases/:id/images/:role       idempotent upload (raw bytes)
 *   POST /cases/:id/approve            NOT idempotent: every call that arrives is one more approval
 *   GET  /cases/:id/approval           status query for reconcile: { approved }
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | 'reset_before'
  | 'status_500'
  | 'status_502'
  | 'status_503'
  | 'status_429'
  | 'reset_after'
  | 'slow_after'
  | 'truncated_after';

export const ALL_FAULTS: readonly Fault[] = [
  'reset_before',
  'status_500',
  'status_502',
  'status_503',
  'status_429',
  'reset_after',
  'slow_after',
  'truncated_after',
];

export interface LedgerEntry {
  at: number;
  op: 'auth' | 'upload' | 'approve' | 'status' | 'ping' | 'other';
  caseId: string | undefined;
  /** True when the request changed the provider's state (an upload stored, an approval made). */
  effect: boolean;
  fault: Fault | undefined;
  status: number;
}

export interface RecordingProviderOptions {
  /** Added to every answer (the benchmark uses 50 ms). */
  latencyMs?: number;
  /** Share of requests (other than /ping) that get a fault. */
  faultRate?: number;
  faults?: readonly Fault[];
  /** How long 'slow_after' holds the answer: longer than the client's timeout. */
  slowMs?: number;
  retryAfterSeconds?: number;
  tokenTtlMs?: number;
  random?: () => number;
  /** The provider's clock for token expiry (ms since the epoch): a test's injected clock, so token
   * lifetimes are judged on the same time line as the relay's. Default Date.now. */
  now?: () => number;
}

export class RecordingProvider {
  readonly ledger: LedgerEntry[] = [];
  readonly approvals = new Map<string, number>();
  readonly uploads = new Map<string, string>();
  private readonly tokens = new Map<string, number>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  url = '';

  constructor(public options: RecordingProviderOptions = {}) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests of one kind (optionally for one case). */
  count(op: LedgerEntry['op'], caseId?: string): number {
    return this.ledger.filter((e) => e.op === op && (caseId === undefined || e.caseId === caseId)).length;
  }

  private pickFault(op: LedgerEntry['op']): Fault | undefined {
    const { faultRate = 0, faults = ALL_FAULTS, random = Math.random } = this.options;
    if (op === 'ping' || faultRate <= 0 || random() >= faultRate) return undefined;
    return faults[Math.floor(random() * faults.length)];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    const caseId = parts[0] === 'cases' ? parts[1] : undefined;
    const op: LedgerEntry['op'] =
      url.pathname === '/ping'
        ? 'ping'
        : url.pathname === '/auth'
          ? 'auth'
          : req.method === 'PUT' && parts[2] === 'images'
            ? 'upload'
            : req.method === 'POST' && parts[2] === 'approve'
              ? 'approve'
              : req.method === 'GET' && parts[2] === 'approval'
                ? 'status'
                : 'other';
    const entry: LedgerEntry = {
      at: Date.now(),
      op,
      caseId,
      effect: false,
      fault: this.pickFault(op),
      status: 0,
    };
    this.ledger.push(entry);

    const { latencyMs = 0 } = this.options;
    if (latencyMs > 0) await delay(latencyMs);

    switch (entry.fault) {
      case 'reset_before':
        res.socket?.destroy();
        return;
      case 'status_500':
      case 'status_502':
      case 'status_503':
        return this.reply(res, entry, Number(entry.fault.slice(7)), { error: 'server' });
      case 'status_429':
        res.setHeader('retry-after', String(this.options.retryAfterSeconds ?? 1));
        return this.reply(res, entry, 429, { error: 'slow down' });
      default:
        break;
    }

    const [status, answer] = this.apply(req, op, caseId, parts, body, entry);

    switch (entry.fault) {
      case 'reset_after':
        res.socket?.destroy();
        return;
      case 'slow_after':
        await delay(this.options.slowMs ?? 2_000);
        return this.reply(res, entry, status, answer);
      case 'truncated_after': {
        const text = JSON.stringify(answer);
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': String(text.length + 20),
        });
        res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        entry.status = status;
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      default:
        return this.reply(res, entry, status, answer);
    }
  }

  /** The provider's business logic. Runs before any "after" fault. */
  private apply(
    req: IncomingMessage,
    op: LedgerEntry['op'],
    caseId: string | undefined,
    parts: string[],
    body: Buffer,
    entry: LedgerEntry,
  ): [number, unknown] {
    if (op === 'ping') return [200, { ok: true }];
    if (op === 'auth') {
      const token = randomUUID();
      const ttl = this.options.tokenTtlMs ?? 3_600_000;
      this.tokens.set(token, this.now() + ttl);
      return [200, { token, expiresInMs: ttl }];
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const expiry = this.tokens.get(token);
    if (expiry === undefined || expiry < this.now()) return [401, { error: 'token expired' }];
    if (!caseId) return [404, { error: 'not found' }];
    if (op === 'upload') {
      this.uploads.set(`${caseId}/${parts[3]}`, createHash('sha256').update(body).digest('hex'));
      entry.effect = true;
      return [200, { stored: parts[3] }];
    }
    if (op === 'approve') {
      if (!this.uploads.has(`${caseId}/front`) || !this.uploads.has(`${caseId}/back`)) {
        return [400, { error: 'approve_before_upload' }];
      }
      this.approvals.set(caseId, (this.approvals.get(caseId) ?? 0) + 1);
      entry.effect = true;
      return [200, { approvalId: `${caseId}-approved` }];
    }
    if (op === 'status') return [200, { approved: (this.approvals.get(caseId) ?? 0) > 0 }];
    return [404, { error: 'not found' }];
  }

  private reply(res: ServerResponse, entry: LedgerEntry, status: number, answer: unknown): void {
    entry.status = status;
    if (res.socket?.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
