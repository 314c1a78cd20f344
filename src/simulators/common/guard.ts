/**
 * Who may talk to a simulator. In training mode the simulators run inside the kiosk on loopback,
 * where any web page in any browser on the machine can reach them: a page on another name
 * resolving to 127.0.0.1 (DNS rebinding) or a cross-site form post (CSRF). So, like the harness:
 * every request must name the simulator's own host (127.0.0.1:<port> or localhost:<port>); the
 * admin endpoints (/__sim/...) also need this run's token in `x-sim-admin-token`, no foreign
 * Origin, and a JSON body when they take one (a cross-site form cannot send that content type
 * without a CORS preflight, which the simulators never answer).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const ADMIN_TOKEN_HEADER = 'x-sim-admin-token';

/** A fresh per-run admin token (hex, 192 bits). */
export function newAdminToken(): string {
  return randomBytes(24).toString('hex');
}

export function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return (
    origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
  );
}

function tokenMatches(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a request is refused (HTTP status and message), or undefined when it may go on. */
export function refusal(
  headers: IncomingHttpHeaders,
  method: string,
  admin: boolean,
  port: number,
  token: string,
): { status: number; message: string } | undefined {
  if (!isOwnHost(headers.host, port)) return { status: 421, message: 'Misdirected Request' };
  if (!admin) return undefined;
  if (!isOwnOrigin(headers.origin, port)) return { status: 403, message: 'Foreign origin' };
  if (!tokenMatches(headers[ADMIN_TOKEN_HEADER], token))
    return { status: 403, message: 'Admin token required' };
  const takesBody = method === 'POST' || method === 'PUT';
  if (takesBody && !/^application\/json\b/i.test(headers['content-type'] ?? '')) {
    return { status: 415, message: 'Admin requests carry application/json' };
  }
  return undefined;
}
