// Issue 10, kinds 2, 3, 6 and 7 (eSCL side): behaviours of network scanners met in the field, played
// by the eSCL simulator (which implements the spec itself) against the kiosk's client over loopback.
// Pauses go through a recording sleep: the test sees the back-off the client chose without waiting.
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { StaticEsclDiscovery } from '../../src/main/devices/escl/discovery';
import { EsclClient, type EsclClientOptions } from '../../src/main/devices/escl/escl-client';
import { EsclProvider } from '../../src/main/devices/escl/escl-provider';
import { PLATEN_CARD } from '../helpers/escl-jobs';
import { DeviceRegistry } from '../../src/main/devices/registry';
import { DevicesService } from '../../src/main/devices/service';
import {
  startEsclSimulator,
  type EsclSimulator,
  type EsclSimulatorOptions,
} from '../../src/simulators/escl/server';
import { errorCode } from '../helpers/images';
import { quietLogger } from '../helpers/sane';

let sims: EsclSimulator[] = [];
let registries: DeviceRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.map((r) => r.close()));
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
  registries = [];
});
async function simulator(options: EsclSimulatorOptions = {}): Promise<EsclSimulator> {
  const sim = await startEsclSimulator(options);
  sims.push(sim);
  return sim;
}

function recordingClient(sim: EsclSimulator, options: EsclClientOptions = {}) {
  const pauses: number[] = [];
  const client = new EsclClient(sim.url, {
    ...options,
    sleep: (ms) => {
      pauses.push(ms);
      return Promise.resolve();
    },
  });
  return { client, pauses };
}

/** The registry and devices service over one simulated network scanner, as the kiosk composes them. */
async function kioskWith(sim: EsclSimulator, clientOptions: EsclClientOptions = {}) {
  const { log } = quietLogger();
  const provider = new EsclProvider(new StaticEsclDiscovery([{ name: 'Counter 1', url: sim.url }]), {
    ...clientOptions,
    sleep: () => Promise.resolve(),
  });
  const registry = new DeviceRegistry([provider], { log });
  registries.push(registry);
  await registry.refresh();
  return { registry, service: new DevicesService(registry, log) };
}

const card = PLATEN_CARD;
const calls = (sim: EsclSimulator) => sim.log.map((l) => l.replace(/ScanJobs\/[0-9a-f-]+/, 'ScanJobs/JOB'));

describe('kind 2: an eSCL scanner with a feeder and no platen', () => {
  it('scans an ID card duplex from the feeder: front and back from one feed', async () => {
    const sim = await simulator({ model: { platen: false }, feederPages: 1 });
    const { registry, service } = await kioskWith(sim);
    expect(registry.list()[0]?.capabilities).toMatchObject({ flatbed: false, adf: true, duplex: true });
    const sides = await service.scan({ sourceId: 'escl:Counter 1', role: 'front' });
    expect(sides.map((s) => s.role)).toEqual(['front', 'back']);
    expect(sim.jobs).toEqual([
      expect.objectContaining({ inputSource: 'Feeder', duplex: true, resolution: 300 }),
    ]);
    for (const side of sides) expect(side.image.quality.figures.cardFound).toBe(true);
  });
});

describe('kind 3: a scanner that says Processing when first listed', () => {
  it('is listed ready and scans; "busy" is only what the kiosk itself is doing', async () => {
    const sim = await simulator({ processingStatusAnswers: 1 });
    const { registry, service } = await kioskWith(sim);
    expect(registry.list()[0]?.status).toBe('ready');
    const sides = await service.scan({ sourceId: 'escl:Counter 1', role: 'front' });
    expect(sides).toHaveLength(1);
    expect(registry.list()[0]?.status).toBe('ready');
  });
});

describe('kind 6: what real eSCL devices do that clients work around', () => {
  it('follows a job Location naming another host on the device’s own address', async () => {
    // IPP-over-USB devices answer with "localhost"; port 9 (discard) answers nothing.
    const sim = await simulator({ locationHost: 'localhost:9' });
    const { client } = recordingClient(sim);
    const pages = await client.scan(card, 1, AbortSignal.timeout(10_000));
    expect(pages).toHaveLength(1);
    expect(calls(sim)).toContain('GET /eSCL/ScanJobs/JOB/NextDocument 200');
  });

  it('waits through 404 "not ready" before the first page, for a bounded number of polls', async () => {
    const sim = await simulator({ notReadyStatus: 404, notReadyPolls: 3 });
    const { client, pauses } = recordingClient(sim, { retryDelayMs: 700 });
    expect(await client.scan(card, 1, AbortSignal.timeout(10_000))).toHaveLength(1);
    expect(pauses).toEqual([700, 700, 700]);

    const never = await simulator({ notReadyStatus: 503, notReadyPolls: 1_000 });
    const bounded = recordingClient(never, { retryDelayMs: 700, notReadyLimit: 5 });
    expect(await errorCode(bounded.client.scan(card, 1, AbortSignal.timeout(10_000)))).toBe(
      'scanner_io_error',
    );
    expect(bounded.pauses).toHaveLength(5);
    expect(calls(never)).toContain('DELETE /eSCL/ScanJobs/JOB 200');
  });

  it('asks again for a feeder page requested too soon (404 while the job still runs)', async () => {
    const sim = await simulator({ feederPages: 3, pageGapPolls: 2 });
    const { client } = recordingClient(sim);
    const pages = await client.scan({ ...card, inputSource: 'Feeder' }, 3, AbortSignal.timeout(10_000));
    expect(pages).toHaveLength(3);
  });

  it('backs off on 503 from ScanJobs for about ten seconds before "busy"', async () => {
    const sim = await simulator({ busyPosts: 3 });
    const { client, pauses } = recordingClient(sim);
    expect(await client.scan(card, 1, AbortSignal.timeout(10_000))).toHaveLength(1);
    expect(pauses).toEqual([500, 1000, 2000]);

    const busy = await simulator({ busyPosts: 1_000 });
    const gaveUp = recordingClient(busy);
    expect(await errorCode(gaveUp.client.scan(card, 1, AbortSignal.timeout(10_000)))).toBe('scanner_busy');
    const total = gaveUp.pauses.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(9_000);
    expect(total).toBeLessThanOrEqual(12_000);
  });

  it('reads the final 404 after the last page and deletes the job', async () => {
    const sim = await simulator({ feederPages: 1 });
    const { client } = recordingClient(sim);
    await client.scan({ ...card, inputSource: 'Feeder', duplex: true }, 2, AbortSignal.timeout(10_000));
    expect(calls(sim).slice(-2)).toEqual([
      'GET /eSCL/ScanJobs/JOB/NextDocument 404',
      'DELETE /eSCL/ScanJobs/JOB 200',
    ]);
    // The device is free again: the next job is accepted at once.
    await client.scan(card, 1, AbortSignal.timeout(10_000));
    expect(calls(sim).filter((c) => c.startsWith('POST'))).toEqual([
      'POST /eSCL/ScanJobs 201',
      'POST /eSCL/ScanJobs 201',
    ]);
  });
});

describe('kind 7: capabilities read in full', () => {
  it('reads SupportedResolutions repeated once per colour mode', async () => {
    const sim = await simulator({ model: { resolutionsPerColourMode: true } });
    const { client } = recordingClient(sim);
    const caps = await client.capabilities(AbortSignal.timeout(5000));
    expect(caps.platen?.resolutions).toEqual([150, 200, 300, 600]);
    expect(caps.adfSimplex?.resolutions).toEqual([150, 200, 300, 600]);
  });

  it('asks a feeder with an A6 minimum for A6, then crops the card area back out', async () => {
    // 105 x 148 mm = 1240 x 1748 in 1/300 inch.
    const sim = await simulator({
      model: { platen: false, duplex: false, feederMin: { width: 1240, height: 1748 } },
    });
    const { service, registry } = await kioskWith(sim);
    const request = service.plan({ sourceId: 'escl:Counter 1', role: 'front' });
    expect(request).toMatchObject({ paperSource: 'adf', duplex: false, pages: 1 });
    const [page] = await registry.scan('escl:Counter 1', request);
    expect(sim.jobs.at(-1)).toMatchObject({ width: 1240, height: 1748 });
    const meta = await sharp(page!.bytes).metadata();
    // 90 x 60 mm at 300 dpi.
    expect([meta.width, meta.height]).toEqual([1063, 709]);
  });
});
