// The browser harness over real loopback HTTP: the guard in front of the handler table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../src/main/core';
import { startHarness, TOKEN_HEADER, type Harness } from '../../src/harness/server';
import { decodeWire, encodeWire } from '../../src/shared/ipc/wire';
import { testCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const TOKEN = 'test-token-0123456789abcdef';
const running: { harness: Harness; core: KioskCore }[] = [];

afterEach(async () => {
  for (const { harness, core } of running.splice(0)) {
    await harness.close();
    await core.close();
  }
});

async function start(): Promise<Harness> {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<html><head></head><body>kiosk</body></html>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const bridgeFile = join(dir, 'bridge.js');
  writeFileSync(bridgeFile, '/* bridge */');
  const core = testCore(join(dir, 'data'));
  const harness = await startHarness({ core, rendererDir, bridgeFile, token: TOKEN });
  running.push({ harness, core });
  return harness;
}

interface Reply {
  status: number;
  body: string;
}

function call(
  harness: Harness,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: harness.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${harness.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const invoke = (harness: Harness, name: string, input: unknown, headers: Record<string, string> = {}) =>
  call(harness, `/__kiosk/invoke/${name}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: TOKEN, 'content-type': 'application/json', ...headers },
    body: encodeWire({ input }),
  });

describe('browser harness', () => {
  it('listens on loopback only', async () => {
    const harness = await start();
    const address = harness.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1' });
  });

  it('serves the renderer with the bridge injected before any other script', async () => {
    const harness = await start();
    const page = await call(harness, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<head>\n    <script src="/__harness/bridge.js"></script>');
  });

  it('answers a call carrying the token through the real handler table', async () => {
    const harness = await start();
    const reply = await invoke(harness, 'app.getStatus', undefined);
    expect(reply.status).toBe(200);
    expect(decodeWire(reply.body)).toMatchObject({
      ok: true,
      value: { host: 'harness', mode: 'training', version: '0.0.0-test' },
    });
  });

  it('refuses calls without the token or with a wrong one', async () => {
    const harness = await start();
    const none = await call(harness, '/__kiosk/invoke/app.getStatus', { method: 'POST', body: '{}' });
    const wrong = await invoke(harness, 'app.getStatus', undefined, {
      [TOKEN_HEADER]: 'x'.repeat(TOKEN.length),
    });
    expect(none.status).toBe(403);
    expect(wrong.status).toBe(403);
    // The refusal names its cause, so the page can tell the operator instead of "please wait".
    expect(none.body).toMatch(/token is missing/);
    expect(wrong.body).toMatch(/token is wrong/);
  });

  it('refuses another host name (DNS rebinding) and a foreign Origin', async () => {
    const harness = await start();
    const rebound = await call(harness, '/', { headers: { host: `evil.example:${harness.port}` } });
    const foreign = await invoke(harness, 'app.getStatus', undefined, { origin: 'https://evil.example' });
    expect(rebound.status).toBe(403);
    expect(foreign.status).toBe(403);
  });

  it('validates input exactly as the Electron path does', async () => {
    const harness = await start();
    const bad = await invoke(harness, 'app.setLanguage', { language: 'fr' });
    const unknown = await invoke(harness, 'app.dropDatabase', undefined);
    const malformed = await call(harness, '/__kiosk/invoke/app.getStatus', {
      method: 'POST',
      headers: { [TOKEN_HEADER]: TOKEN },
      body: '{not json',
    });
    expect(decodeWire(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(decodeWire(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(decodeWire(malformed.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('does not serve files outside the renderer folder', async () => {
    const harness = await start();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt']) {
      const reply = await call(harness, path);
      expect(reply.body).not.toContain('outside the renderer');
      expect([400, 404]).toContain(reply.status);
    }
  });

  it('pushes events to a subscribed client', async () => {
    const harness = await start();
    const lines: string[] = [];
    const received = new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: harness.port,
          path: '/__kiosk/events',
          headers: { host: `127.0.0.1:${harness.port}`, [TOKEN_HEADER]: TOKEN },
        },
        (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            lines.push(...chunk.split('\n').filter(Boolean));
            if (lines.length === 1) void invoke(harness, 'app.setLanguage', { language: 'ar' });
            if (lines.some((l) => l.includes('app.statusChanged'))) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', (error) => (lines.length ? undefined : reject(error)));
      req.end();
    });
    await received;
    const event = lines
      .map((l) => decodeWire(l) as { name: string; payload?: { language?: string } })
      .find((m) => m.name === 'app.statusChanged');
    expect(event?.payload?.language).toBe('ar');
  });
});
