/**
 * The simulators' tiny routing table: `METHOD /path/:param` → handler. Handlers get the raw body
 * and parse it themselves (JSON, multipart through the platform's FormData parser), because how a
 * provider answers an unparseable body is part of what the simulators reproduce.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** From Accept-Language: the language of the simulators' messages. */
  language: 'ar' | 'en';
}

export interface SimResponse {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: Handler;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          if (segment.startsWith(':')) {
            names.push(segment.slice(1));
            return '([^/]+)';
          }
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      // Paths are matched case-insensitively: the vendor's docs and SDK differ in casing.
      return { ...route, names, pattern: new RegExp(`^${source}/?$`, 'i') };
    });
  }

  /** The route and its parameters; `methodMismatch` when the path exists under another method. */
  match(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
    let methodMismatch = false;
    for (const route of this.compiled) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
      return { route, params };
    }
    return { methodMismatch };
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): SimResponse => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
});

export type Parsed<T> = { ok: true; value: T } | { ok: false };

export function parseJson(request: SimRequest): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(request.body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** multipart/form-data through the platform's parser (undici's Request.formData). */
export async function parseForm(request: SimRequest): Promise<Parsed<FormData>> {
  const type = request.headers['content-type'];
  if (typeof type !== 'string' || !type.toLowerCase().startsWith('multipart/form-data')) return { ok: false };
  try {
    const parsed = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Uint8Array(request.body),
    }).formData();
    return { ok: true, value: parsed };
  } catch {
    return { ok: false };
  }
}

export function bearerToken(request: SimRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
