// The real scanimage with SANE's test backend: the same binary, options and exit codes a branch
// PC with a real scanner uses (test-rig.md).
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../src/main/devices/registry';
import type { SaneOptions } from '../../src/main/devices/sane/sane-parse';
import { SaneProvider, SaneSource } from '../../src/main/devices/sane/sane-provider';
import { DevicesService } from '../../src/main/devices/service';
import type { ScanRequest } from '../../src/main/devices/types';
import { errorCode } from '../helpers/images';
import { scanRequest } from '../helpers/scan-request';
import { quietLogger, requireScanimage, testBackendConfig } from '../helpers/sane';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const flatbed: ScanRequest = scanRequest();

function provider(extra: string[] = [], binary?: string) {
  const { log } = quietLogger();
  return new SaneProvider({
    configDir: testBackendConfig(tempDir()),
    extraArgs: { test: ['--test-picture', 'Color pattern', ...extra] },
    binary,
    log,
  });
}

async function source(extra: string[] = []): Promise<SaneSource> {
  const sources = await provider(extra).list(AbortSignal.timeout(10_000));
  return sources.find((s) => s.id === 'sane:test:0') as SaneSource;
}

beforeAll(() => requireScanimage());

describe('SANE through the real scanimage', () => {
  it('lists the test devices quickly with a private configuration, with their capabilities', async () => {
    const started = performance.now();
    const sources = await provider().list(AbortSignal.timeout(10_000));
    const ms = performance.now() - started;
    // A figure to read, not a timed assertion (the system-wide listing takes seconds; this one, ms).
    console.log(`sane list (2 devices, with -A): ${ms.toFixed(0)} ms`);
    expect(sources.map((s) => s.id)).toEqual(['sane:test:0', 'sane:test:1']);
    const [first] = sources;
    expect(first!.simulated).toBe(true);
    expect(first!.capabilities).toMatchObject({ flatbed: true, adf: true, duplex: false, maxWidthMm: 200 });
    expect(first!.capabilities.colourModes).toEqual(['color', 'gray']);
    expect(first!.capabilities.resolutions).toContain(300);
  });

  it('scans the colour pattern on the flatbed as a PNG of the ID-1 scan area', async () => {
    const scanner = await source();
    expect(scanner.args(flatbed, null)).toEqual(
      expect.arrayContaining([
        '--mode',
        'Color',
        '--resolution',
        '300',
        '--source',
        'Flatbed',
        '-x',
        '90',
        '-y',
        '60',
      ]),
    );
    const started = performance.now();
    const [page] = await scanner.scan(flatbed, AbortSignal.timeout(10_000));
    console.log(`scanimage flatbed 300 dpi colour: ${(performance.now() - started).toFixed(0)} ms`);
    const meta = await sharp(page!.bytes).metadata();
    expect(meta.format).toBe('png');
    expect(meta.channels).toBe(3);
    // 90 x 60 mm at 300 dpi.
    expect(meta.width).toBeGreaterThan(1050);
    expect(meta.height).toBeGreaterThan(700);
  });

  it('scans front and back from the feeder in one batch', async () => {
    const scanner = await source();
    const pages = await scanner.scan(
      { ...flatbed, paperSource: 'adf', pages: 2, colourMode: 'gray', resolution: 200 },
      AbortSignal.timeout(10_000),
    );
    expect(pages).toHaveLength(2);
    for (const page of pages) expect((await sharp(page.bytes).metadata()).channels).toBe(1);
  });

  it('runs the whole path: registry → scanimage → imaging pipeline', async () => {
    const { log } = quietLogger();
    const registry = new DeviceRegistry([provider()], { log });
    await registry.refresh();
    const service = new DevicesService(registry, log);
    const [side] = await service.scan({ sourceId: 'sane:test:0', role: 'front', provider: 'argos' });
    expect(side!.role).toBe('front');
    const image = side!.image;
    expect(image.mime).toBe('image/jpeg');
    expect(image.bytes.length).toBeLessThanOrEqual(1_900_000);
    expect(image.quality.figures.dpi).toBe(300);
    expect(image.quality.figures.dpiSource).toBe('metadata');
    await registry.close();
  });

  it.each([
    ['SANE_STATUS_JAMMED', 'scanner_jammed'],
    ['SANE_STATUS_NO_DOCS', 'scanner_no_docs'],
    ['SANE_STATUS_COVER_OPEN', 'scanner_cover_open'],
    ['SANE_STATUS_DEVICE_BUSY', 'scanner_busy'],
    ['SANE_STATUS_IO_ERROR', 'scanner_io_error'],
    ['SANE_STATUS_ACCESS_DENIED', 'scanner_access_denied'],
    ['SANE_STATUS_NO_MEM', 'scanner_failed'],
  ])('maps %s to %s', async (status, code) => {
    const scanner = await source(['--read-return-value', status]);
    expect(await errorCode(scanner.scan(flatbed, AbortSignal.timeout(10_000)))).toBe(code);
  });

  it('a jam in the feeder after some pages is still a jam', async () => {
    const scanner = await source(['--read-return-value', 'SANE_STATUS_JAMMED']);
    expect(
      await errorCode(
        scanner.scan({ ...flatbed, paperSource: 'adf', pages: 2 }, AbortSignal.timeout(10_000)),
      ),
    ).toBe('scanner_jammed');
  });

  it('cancels a slow scan: scanimage is stopped and the error says cancelled', async () => {
    const scanner = await source(['--read-delay=yes', '--read-delay-duration=200000']);
    const controller = new AbortController();
    const started = performance.now();
    const scanning = scanner.scan({ ...flatbed, resolution: 600 }, controller.signal);
    setTimeout(() => controller.abort(), 300);
    expect(await errorCode(scanning)).toBe('scan_cancelled');
    expect(performance.now() - started).toBeLessThan(10_000); // the delayed scan would take minutes; SIGKILL follows SIGTERM after 3 s
  });

  it('times out a scanner that does not finish', async () => {
    const { log } = quietLogger();
    const registry = new DeviceRegistry([provider(['--read-delay=yes', '--read-delay-duration=200000'])], {
      log,
      scanTimeoutMs: 400,
    });
    await registry.refresh();
    expect(await errorCode(registry.scan('sane:test:0', { ...flatbed, resolution: 600 }))).toBe(
      'scan_timeout',
    );
    // The source is usable again afterwards.
    expect(registry.list().find((s) => s.id === 'sane:test:0')?.status).toBe('ready');
    await registry.close();
  });

  it('kind 5: a setting the device refuses is retried with its default; the device stays online', async () => {
    const { log, lines } = quietLogger();
    const saneProvider = new SaneProvider({
      configDir: testBackendConfig(tempDir()),
      extraArgs: { test: ['--test-picture', 'Color pattern'] },
      log,
    });
    const listed = (await saneProvider.list(AbortSignal.timeout(10_000)))[0] as SaneSource;
    // A device whose advertised list says "Colour" but whose backend refuses that name (the test
    // backend answers SANE_STATUS_INVAL: "setting of option --mode failed (Invalid argument)").
    const options: SaneOptions = listed.options;
    const refusing = new SaneSource(saneProvider, listed.device, {
      ...options,
      modeNames: { color: 'Colour', gray: 'Gray' },
    });
    const pages = await refusing.scan(flatbed, AbortSignal.timeout(10_000));
    // Scanned in the device's default mode (Gray) instead of failing as "scanner not found".
    expect((await sharp(pages[0]!.bytes).metadata()).channels).toBe(1);
    expect(lines.some((l) => l.includes('devices.sane_setting_refused') && l.includes('"mode"'))).toBe(true);

    // The source itself is never dropped: that refusal stands, named, and the device stays listed ready.
    const wrongPlace = new SaneSource(saneProvider, listed.device, {
      ...options,
      sourceNames: { flatbed: 'Glass' },
    });
    const registry = new DeviceRegistry([{ name: 'one', list: () => Promise.resolve([wrongPlace]) }], {
      log,
    });
    await registry.refresh();
    const failure = await registry.scan('sane:test:0', flatbed).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'scanner_setting_refused', details: { refusedSetting: 'source' } });
    expect(registry.list()[0]?.status).toBe('ready');
    await registry.close();
  });

  it('reports an unknown device and a missing scanimage as not found', async () => {
    const scanner = await source();
    const ghost = Object.assign(
      Object.create(Object.getPrototypeOf(scanner) as object) as SaneSource,
      scanner,
      {
        device: { ...scanner.device, name: 'test:9' },
      },
    );
    expect(await errorCode(ghost.scan(flatbed, AbortSignal.timeout(10_000)))).toBe('scanner_not_found');
    const missing = provider([], '/nonexistent/scanimage');
    expect(await errorCode(missing.list(AbortSignal.timeout(5000)))).toBe('scanner_not_found');
  });
});
