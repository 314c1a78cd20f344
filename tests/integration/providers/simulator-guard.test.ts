// Issue 12: the simulators run inside the kiosk in training mode, on loopback, where any web page
// in any browser on the machine can reach them. Their admin endpoints need this run's token, their
// own Host, no foreign Origin and a JSON body; their provider endpoints need their own Host.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLuminSimulator, type LuminSimulator } from '../../../src/simulators/lumin';

let lumin: LuminSimulator;
beforeAll(async () => {
  lumin = createLuminSimulator();
  await lumin.listen();
});
afterAll(() => lumin.close());

/** A raw request, so Host and Origin can be whatever a hostile page would send. */
function call(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: lumin.server.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('simulator guard', () => {
  const own = (): Record<string, string> => ({ host: `127.0.0.1:${lumin.server.port}` });
  const admin = (): Record<string, string> => ({ ...own(), 'x-sim-admin-token': lumin.server.adminToken });

  it('reads the ledger only with the run token, under its own host, from no foreign origin', async () => {
    expect((await call('GET', '/__sim/ledger', own())).status).toBe(403);
    expect((await call('GET', '/__sim/ledger', { ...own(), 'x-sim-admin-token': 'guess' })).status).toBe(403);
    expect(
      (await call('GET', '/__sim/ledger', { ...admin(), host: `rebound.example:${lumin.server.port}` }))
        .status,
    ).toBe(421);
    expect((await call('GET', '/__sim/ledger', { ...admin(), origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect((await call('GET', '/__sim/ledger', admin())).status).toBe(200);
    expect(
      (await call('GET', '/__sim/ledger', { ...admin(), host: `localhost:${lumin.server.port}` })).status,
    ).toBe(200);
  });

  it('refuses a cross-site text/plain fault injection and a ledger wipe without the token', async () => {
    const body = JSON.stringify({ kind: 'http_500' });
    const crossSite = { ...own(), origin: 'http://evil.example', 'content-type': 'text/plain' };
    expect((await call('POST', '/__sim/faults/queue', crossSite, body)).status).toBe(403);
    expect(
      (await call('POST', '/__sim/faults/queue', { ...admin(), 'content-type': 'text/plain' }, body)).status,
    ).toBe(415);
    expect((await call('DELETE', '/__sim/ledger', own())).status).toBe(403);
    expect(
      (await call('PUT', '/__sim/faults', { ...own(), 'content-type': 'application/json' }, '{}')).status,
    ).toBe(403);
    expect(lumin.faults.current).toMatchObject({ queued: [] });
    const allowed = await call(
      'POST',
      '/__sim/faults/queue',
      { ...admin(), 'content-type': 'application/json' },
      body,
    );
    expect(allowed.status).toBe(200);
    await call('PUT', '/__sim/faults', { ...admin(), 'content-type': 'application/json' }, '{}');
  });

  it('answers the provider API only under its own host name (DNS rebinding)', async () => {
    const path = '/api/v1/update/UpdateRequest/GetCurrentRequestSteps';
    expect((await call('GET', path, { host: `rebound.example:${lumin.server.port}` })).status).toBe(421);
    expect((await call('GET', path, own())).status).not.toBe(421);
  });
});
