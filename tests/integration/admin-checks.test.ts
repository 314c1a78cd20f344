// The settings screen's checks through the real core: a test scan with SANE's `test` backend (real
// scanimage), a connectivity test per provider against real loopback servers (training mode's
// simulators: reachable; a closed port: refused; a server that never answers: timeout; plain HTTP
// spoken to an https URL: TLS; a `.invalid` name: DNS), and a provider secret replaced: sealed,
// kept in the store, audited by name, never answered.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { testConnectivity } from '../../src/main/admin/provider-checks';
import type { KioskCore } from '../../src/main/core';
import { fileSecretSealer } from '../../src/main/security/file-secrets';
import type { ConnectivityResult, ProviderEntry, TestScanResult } from '../../src/shared/ipc/admin-settings';
import { signIn } from '../helpers/core';
import { requireScanimage } from '../helpers/sane';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();
const tempDir = cores.tempDir;
const ctx = { transport: 'test' as const };
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function adminCore(config: Record<string, unknown> = {}): Promise<KioskCore> {
  const dir = tempDir();
  writeFileSync(join(dir, 'kiosk.config.json'), JSON.stringify(config));
  const core = cores.start(dir);
  if (config.providers) {
    // A production kiosk: its first administrator, created at first start (signs in).
    await core.security.ready;
    const first = await core.dispatch(
      'auth.createFirstAdministrator',
      { id: 'it-admin', name: 'IT Administrator', secret: '13579135' },
      ctx,
    );
    if (!first.ok) throw new Error(`first administrator: ${first.error.code}`);
  } else {
    await signIn(core, 'training-admin');
  }
  return core;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
  return address;
}

describe('test scan', () => {
  it('scans with the SANE test backend through the devices service: time, size and a small preview', async () => {
    requireScanimage();
    const kiosk = await adminCore({
      devices: { sane: { backends: ['test'] }, usbHotplug: false, simulatedScanner: 'never' },
    });
    await kiosk.devices.ready;
    const answer = await kiosk.dispatch('admin.testScan', { sourceId: 'sane:test:0' }, ctx);
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    const result = (answer.ok ? answer.value : null) as TestScanResult;
    expect(result.pages).toBe(1);
    expect(result.width).toBeGreaterThan(300);
    expect(result.ms).toBeGreaterThan(0);
    const preview = await sharp(result.preview).metadata();
    expect(preview.format).toBe('jpeg');
    expect(Math.max(preview.width, preview.height)).toBeLessThanOrEqual(320);

    const missing = await kiosk.dispatch('admin.testScan', { sourceId: 'sane:nothing:9' }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'scanner_not_found' } });
    const rows = kiosk.audit.list({}).filter((e) => e.action === 'admin.device_tested');
    expect(rows.map((row) => row.detail)).toEqual([
      { kind: null, ok: false, code: 'scanner_not_found' },
      { kind: 'sane', ok: true, ms: result.ms },
    ]);
  });
});

describe('provider connectivity test', () => {
  it('lists training mode’s providers without secrets and reaches each simulator', async () => {
    const kiosk = await adminCore();
    await kiosk.providers;
    const listed = await kiosk.dispatch('admin.listProviders', undefined, ctx);
    const providers = listed.ok ? (listed.value as { providers: ProviderEntry[] }).providers : [];
    expect(providers.map((p) => [p.provider, p.secrets, p.replaced])).toEqual([
      ['lumin', ['tenantSecret'], []],
      ['argos', ['apiKey'], []],
      ['jumio', ['start.clientSecret'], []],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/secret-|apiKey":"/);
    for (const { provider } of providers) {
      const answer = await kiosk.dispatch('admin.testProvider', { provider }, ctx);
      const result = (answer.ok ? answer.value : null) as ConnectivityResult;
      expect(result).toMatchObject({ provider, reachable: true, failure: null });
      expect(result.status).toBeGreaterThanOrEqual(200);
    }
    expect(kiosk.audit.list({}).filter((e) => e.action === 'admin.provider_tested')).toHaveLength(3);
  });

  it('tells refused, timeout, TLS and DNS apart, within the configured timeout', async () => {
    const refused = await testConnectivity('lumin', {
      url: `http://${await closedPort()}/`,
      timeoutMs: 5_000,
    });
    expect(refused).toMatchObject({ reachable: false, status: null, failure: 'refused' });

    const silent = await listen(() => undefined); // accepts, never answers
    const timedOut = await testConnectivity('argos', { url: `http://${silent}/`, timeoutMs: 300 });
    expect(timedOut).toMatchObject({ reachable: false, failure: 'timeout' });
    expect(timedOut.ms).toBeGreaterThanOrEqual(290);

    const plain = await listen((_req, res) => res.end('plain'));
    const tls = await testConnectivity('jumio', { url: `https://${plain}/`, timeoutMs: 5_000 });
    expect(tls).toMatchObject({ reachable: false, failure: 'tls' });

    // RFC 6761: .invalid never resolves.
    const dns = await testConnectivity('lumin', { url: 'https://kyc.example.invalid/', timeoutMs: 5_000 });
    expect(dns).toMatchObject({ reachable: false, failure: 'dns' });

    const notFound = await listen((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    expect(await testConnectivity('lumin', { url: `http://${notFound}/`, timeoutMs: 5_000 })).toMatchObject({
      reachable: true,
      status: 404,
      failure: null,
    });
  });

  it('an unreachable configured provider is a result, and the test sends no credentials', async () => {
    const heard: Record<string, string | string[] | undefined>[] = [];
    const lumin = await listen((req, res) => {
      heard.push(req.headers);
      res.statusCode = 401;
      res.end();
    });
    const kiosk = await adminCore({
      providers: {
        lumin: {
          baseUrl: `http://${lumin}/Onboarding/`,
          tenantId: 't-1',
          tenantSecret: 'plain-tenant-secret',
          timeoutMs: 2_000,
        },
        argos: {
          baseUrl: `http://${await closedPort()}/v3/`,
          apiKey: 'plain-key',
          admin: 'kyc@bank.example',
        },
      },
    });
    expect(await kiosk.dispatch('admin.testProvider', { provider: 'lumin' }, ctx)).toMatchObject({
      ok: true,
      value: { reachable: true, status: 401 },
    });
    expect(JSON.stringify(heard)).not.toContain('plain-tenant-secret');
    expect(heard[0]?.authorization).toBeUndefined();
    expect(await kiosk.dispatch('admin.testProvider', { provider: 'argos' }, ctx)).toMatchObject({
      ok: true,
      value: { reachable: false, failure: 'refused', status: null },
    });
    expect(await kiosk.dispatch('admin.testProvider', { provider: 'jumio' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('replacing a provider secret', () => {
  it('seals it, keeps it in the store, audits the name only, and never answers the value', async () => {
    const kiosk = await adminCore();
    await kiosk.providers;
    const answer = await kiosk.dispatch(
      'admin.replaceProviderSecret',
      { provider: 'argos', name: 'apiKey', secret: 'brand-new-api-key' },
      ctx,
    );
    expect(answer).toMatchObject({ ok: true, value: { provider: 'argos', replaced: ['apiKey'] } });
    expect(JSON.stringify(answer)).not.toContain('brand-new-api-key');
    const stored = kiosk.queue.store!.settings.read().providerSecrets?.argos?.apiKey ?? '';
    expect(stored).not.toContain('brand-new-api-key');
    expect(fileSecretSealer(kiosk.queue.store!.file.replace(/\/kiosk\.db$/, '')).decrypt(stored)).toBe(
      'brand-new-api-key',
    );
    const rows = kiosk.audit.list({}).filter((e) => e.action === 'admin.provider_secret_replaced');
    expect(rows.map((row) => row.detail)).toEqual([{ provider: 'argos', name: 'apiKey' }]);
    expect(JSON.stringify(kiosk.audit.list({}))).not.toContain('brand-new-api-key');

    expect(
      await kiosk.dispatch(
        'admin.replaceProviderSecret',
        { provider: 'argos', name: 'admin', secret: 'x' },
        ctx,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(
      await kiosk.dispatch(
        'admin.replaceProviderSecret',
        { provider: 'argos', name: 'apiKey', secret: '' },
        ctx,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
