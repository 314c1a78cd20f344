// Training mode is the embedded default: a core with no provider configured starts the simulators
// on loopback and builds its flows against them; close() stops them. A configured provider needs
// no simulator, and the configuration file is validated by the providers schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKioskConfig, modeOf } from '../../../src/main/config/kiosk-config';
import { testCore } from '../../helpers/core';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/__sim/faults`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('training mode in the core', () => {
  it('starts the three simulators, builds all five flows against loopback, and stops them on close', async () => {
    const core = testCore(tempDir());
    const providers = await core.providers;
    expect(providers.mode).toBe('training');
    expect([...providers.flows.keys()].sort()).toEqual([
      'argos.put-image',
      'jumio.credentials',
      'lumin.kyc-national-id',
      'lumin.update-national-id',
      'lumin.update-passport',
    ]);
    const urls = [
      providers.config.lumin!.baseUrl,
      providers.config.argos!.baseUrl,
      providers.config.jumio!.urls.api!,
    ];
    for (const url of urls) expect(new URL(url).hostname).toBe('127.0.0.1');
    const origins = urls.map((u) => new URL(u).origin);
    for (const origin of origins) expect(await reachable(origin)).toBe(true);
    await core.close();
    for (const origin of origins) expect(await reachable(origin)).toBe(false);
  });

  it('uses a configured provider as it is, with no simulator', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'kiosk.config.json'),
      JSON.stringify({
        providers: {
          argos: {
            apiKey: { encrypted: 'AAAA' },
            admin: 'kyc-admin@bank.example',
            bodyEncoding: 'multipart',
          },
        },
      }),
    );
    const core = testCore(dir);
    const providers = await core.providers;
    expect(providers.mode).toBe('production');
    expect([...providers.flows.keys()]).toEqual(['argos.put-image']);
    expect(providers.config.argos?.baseUrl).toBe('https://rest-api.argosidentity.com/v3/');
    await core.close();
  });

  it('refuses provider settings that are wrong, naming them', () => {
    const dir = tempDir();
    const write = (providers: unknown): string => {
      const file = join(dir, `c${Math.random()}.json`);
      writeFileSync(file, JSON.stringify({ providers }));
      return file;
    };
    // plain http to a remote host, an unknown vendor, an unknown encoding, a Jumio without credentials
    expect(() =>
      loadKioskConfig(
        write({ lumin: { baseUrl: 'http://ekyc.bank.example/', tenantId: 't', tenantSecret: 's' } }),
      ),
    ).toThrow(/invalid/);
    expect(() => loadKioskConfig(write({ onfido: {} }))).toThrow(/invalid/);
    expect(() =>
      loadKioskConfig(write({ argos: { apiKey: 'k', admin: 'a@b.example', bodyEncoding: 'xml' } })),
    ).toThrow(/invalid/);
    expect(() => loadKioskConfig(write({ jumio: { region: 'emea-1' } }))).toThrow(/invalid/);
    const ok = loadKioskConfig(
      write({
        jumio: { start: { mode: 'broker', url: 'https://kyc-broker.bank.example/start' }, region: 'amer-1' },
      }),
    );
    expect(modeOf(ok)).toBe('production');
    expect(ok.providers.jumio?.userAgent).toBe('BranchKycKiosk/0.1.0');
  });
});
