/** Serves the built renderer from app://kiosk/ with the CSP header and a path-traversal guard. */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import {
  APP_HOST,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY_HEADER,
  contentTypeOf,
  resolveAssetPath,
} from '../hardening/asset-path';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveAssetPath(rendererDir, request.url);
    if (!path || new URL(request.url).host !== APP_HOST) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: {
          'content-type': contentTypeOf(path),
          'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
