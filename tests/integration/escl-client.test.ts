// The kiosk's own eSCL client against the simulator over loopback HTTP.
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { StaticEsclDiscovery } from '../../src/main/devices/escl/discovery';
import { EsclClient } from '../../src/main/devices/escl/escl-client';
import { EsclProvider } from '../../src/main/devices/escl/escl-provider';
import { PLATEN_CARD } from '../helpers/escl-jobs';
import { DeviceRegistry } from '../../src/main/devices/registry';
import { startEsclSimulator, type EsclSimulator } from '../../src/simulators/escl/server';
import { errorCode } from '../helpers/images';
import { scanRequest } from '../helpers/scan-request';
import { quietLogger } from '../helpers/sane';

let sims: EsclSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
async function simulator(options: Parameters<typeof startEsclSimulator>[0] = {}) {
  const sim = await startEsclSimulator(options);
  sims.push(sim);
  return sim;
}

const platen = PLATEN_CARD;
const jobPaths = (sim: EsclSimulator) =>
  sim.log.map((l) => l.replace(/ScanJobs\/[0-9a-f-]+/, 'ScanJobs/JOB'));

describe('eSCL client', () => {
  it('reads capabilities and status', async () => {
    const sim = await simulator();
    const client = new EsclClient(sim.url);
    const caps = await client.capabilities(AbortSignal.timeout(5000));
    expect(caps.makeAndModel).toBe('Kiosk eSCL Simulator');
    expect(caps.platen?.resolutions).toEqual([150, 200, 300, 600]);
    expect(caps.platen?.colourModes).toEqual(['color', 'gray']);
    expect(caps.platen?.formats).toEqual(expect.arrayContaining(['image/png', 'image/jpeg']));
    expect(caps.platen?.maxWidth).toBe(2550);
    expect(caps.adfDuplex).not.toBeNull();
    expect((await client.status(AbortSignal.timeout(5000))).state).toBe('Idle');
  });

  it('scans one page from the platen, waiting through 503s', async () => {
    const sim = await simulator({ notReadyPolls: 2 });
    const pages = await new EsclClient(sim.url, { retryDelayMs: 20 }).scan(
      platen,
      1,
      AbortSignal.timeout(10_000),
    );
    expect(pages).toHaveLength(1);
    const meta = await sharp(pages[0]).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1063, 709]);
    expect(jobPaths(sim).filter((l) => l.endsWith('NextDocument 503'))).toHaveLength(2);
  });

  it('takes front and back from the feeder as JPEG, then sees 404 "done"', async () => {
    const sim = await simulator({ feederPages: 2 });
    const pages = await new EsclClient(sim.url).scan(
      { ...platen, inputSource: 'Feeder', format: 'image/jpeg', colourMode: 'gray' },
      5,
      AbortSignal.timeout(10_000),
    );
    expect(pages).toHaveLength(2);
    expect((await sharp(pages[1]).metadata()).format).toBe('jpeg');
    expect(jobPaths(sim)).toContain('GET /eSCL/ScanJobs/JOB/NextDocument 404');
  });

  it('says "no document" for an empty feeder', async () => {
    const sim = await simulator({ feederPages: 0 });
    const client = new EsclClient(sim.url);
    expect(
      await errorCode(client.scan({ ...platen, inputSource: 'Feeder' }, 2, AbortSignal.timeout(5000))),
    ).toBe('scanner_no_docs');
  });

  it('deletes the job when the operator cancels while the scanner is busy', async () => {
    const sim = await simulator({ notReadyPolls: 1000 });
    const controller = new AbortController();
    const scanning = new EsclClient(sim.url, { retryDelayMs: 20 }).scan(platen, 1, controller.signal);
    setTimeout(() => controller.abort(), 150);
    expect(await errorCode(scanning)).toBe('scan_cancelled');
    expect(jobPaths(sim)).toContain('DELETE /eSCL/ScanJobs/JOB 200');
  });

  it('lists configured scanners, an unreachable one as offline, and scans through the registry', async () => {
    const sim = await simulator();
    const { log } = quietLogger();
    const provider = new EsclProvider(
      new StaticEsclDiscovery([
        { name: 'Counter 1', url: sim.url },
        // Nothing listens on port 9 of loopback (discard): refused at once.
        { name: 'Back office', url: 'http://127.0.0.1:9/eSCL/' },
      ]),
      { requestTimeoutMs: 2000 },
    );
    const registry = new DeviceRegistry([provider], { log });
    const listed = await registry.refresh();
    expect(listed.map((s) => [s.id, s.status])).toEqual([
      ['escl:Counter 1', 'ready'],
      ['escl:Back office', 'offline'],
    ]);
    expect(listed[0]?.capabilities).toMatchObject({
      flatbed: true,
      adf: true,
      duplex: true,
      maxWidthMm: 215.9,
    });
    const pages = await registry.scan(
      'escl:Counter 1',
      scanRequest({ document: 'passport_page', role: 'passport', areaMm: { width: 130, height: 95 } }),
    );
    // A passport page area (130 x 95 mm) at 300 dpi.
    expect((await sharp(pages[0]!.bytes).metadata()).width).toBe(1535);
    expect(await errorCode(registry.scan('escl:Back office', scanRequest()))).toBe('scanner_not_found');
    await registry.close();
  });

  it('feeds until the feeder is empty (NextDocument to the 404), stops a sheet over the cap, says "empty" for none', async () => {
    const { log } = quietLogger();
    const feed = scanRequest({
      document: 'a4_page',
      role: 'document',
      paperSource: 'adf',
      sheets: 'until-empty',
      pages: 30,
      areaMm: { width: 100, height: 140 },
      resolution: 75,
    });
    const scanWith = async (feederPages: number, request = feed) => {
      const sim = await simulator({ feederPages });
      const provider = new EsclProvider(new StaticEsclDiscovery([{ name: 'Counter 1', url: sim.url }]), {
        requestTimeoutMs: 5000,
      });
      const registry = new DeviceRegistry([provider], { log });
      await registry.refresh();
      const sheets: number[] = [];
      try {
        return {
          pages: await registry.scan('escl:Counter 1', request, undefined, (n) => sheets.push(n)),
          sheets,
        };
      } finally {
        await registry.close();
      }
    };
    const four = await scanWith(4);
    expect(four.pages).toHaveLength(4);
    expect(four.sheets).toEqual([1, 2, 3, 4]);
    expect(await errorCode(scanWith(4, { ...feed, pages: 3 }))).toBe('scan_too_many_pages');
    expect(await errorCode(scanWith(0))).toBe('scanner_feeder_empty');
  });
});
