// A multi-page supporting document from the feeder (issue 9): "feed until empty" with the real
// scanimage and SANE's test backend, whose "Automatic Document Feeder" is empty after 10 sheets
// (sane-test(5)); the feeder running out is the normal end (scanimage(1): a batch ends at
// SANE_STATUS_NO_DOCS). The test backend has no option for its sheet count, so the cap is checked
// on it with a cap below its 10 sheets, and Jumio's 30 with the simulated scanner's 31 sheets.
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DeviceRegistry } from '../../src/main/devices/registry';
import { MAX_FEED_PAGES, planScan } from '../../src/main/devices/scan-plan';
import type { SaneSource } from '../../src/main/devices/sane/sane-provider';
import { SaneProvider } from '../../src/main/devices/sane/sane-provider';
import { DevicesService } from '../../src/main/devices/service';
import { SimulatedScanner } from '../../src/main/devices/simulated/simulated-source';
import type { ScanRequest } from '../../src/main/devices/types';
import { appErrorOf as errorOf } from '../helpers/images';
import { scanRequest } from '../helpers/scan-request';
import { quietLogger, requireScanimage, testBackendConfig } from '../helpers/sane';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** Every sheet in the feeder, small and coarse so ten sheets take well under a second. */
const feed = (pages: number): ScanRequest =>
  scanRequest({
    document: 'a4_page',
    role: 'document',
    paperSource: 'adf',
    sheets: 'until-empty',
    pages,
    resolution: 75,
    areaMm: { width: 30, height: 30 },
  });

async function saneSource(extra: string[] = []): Promise<SaneSource> {
  const { log } = quietLogger();
  const provider = new SaneProvider({
    configDir: testBackendConfig(tempDir()),
    extraArgs: { test: ['--test-picture', 'Color pattern', ...extra] },
    log,
  });
  const sources = await provider.list(AbortSignal.timeout(10_000));
  return sources.find((s) => s.id === 'sane:test:0') as SaneSource;
}

beforeAll(() => requireScanimage());

describe('feed until empty: the plan', () => {
  it('asks a feeder for every sheet up to 30 (Jumio), and never the flatbed or a duplex card', () => {
    const caps = {
      flatbed: true,
      adf: true,
      duplex: true,
      resolutions: [200, 300],
      colourModes: ['color' as const],
      maxWidthMm: 216,
      maxHeightMm: 356,
    };
    const document = planScan('a4_page', 'document', caps, { paperSource: 'adf', sheets: 'until-empty' });
    expect(document).toMatchObject({ paperSource: 'adf', sheets: 'until-empty', pages: MAX_FEED_PAGES });
    expect(MAX_FEED_PAGES).toBe(30);
    // A cap above Jumio's is lowered to it.
    expect(
      planScan('a4_page', 'document', caps, { paperSource: 'adf', sheets: 'until-empty', pages: 50 }).pages,
    ).toBe(30);
    expect(
      planScan('a4_page', 'document', caps, { paperSource: 'flatbed', sheets: 'until-empty' }),
    ).toMatchObject({
      sheets: 'counted',
      pages: 1,
    });
    expect(planScan('id1_card', 'front', caps, { paperSource: 'adf', sheets: 'until-empty' })).toMatchObject({
      duplex: true,
      sheets: 'counted',
      pages: 2,
    });
  });
});

describe('feed until empty with the real scanimage (SANE test backend, 10 sheets)', () => {
  it('takes every sheet: 10 PNG pages, the feeder running out being the normal end', async () => {
    const scanner = await saneSource();
    const request = feed(MAX_FEED_PAGES);
    // One over the cap: the feeder's end comes first; a 31st sheet would be seen.
    expect(scanner.args(request, 'p%d.png')).toContain('--batch-count=31');
    expect(scanner.args(request, 'p%d.png')).toEqual(
      expect.arrayContaining(['--source', 'Automatic Document Feeder']),
    );
    const sheets: number[] = [];
    const pages = await scanner.scan(request, AbortSignal.timeout(30_000), (n) => sheets.push(n));
    expect(pages).toHaveLength(10);
    // The operator's progress, from scanimage's own "Scanned page N." lines.
    expect(sheets).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const page of pages) {
      const meta = await sharp(page.bytes).metadata();
      expect(meta.format).toBe('png');
      // 30 mm at 75 dpi = 88.6 px; the backend rounds its window down.
      expect(Math.abs((meta.width ?? 0) - (30 / 25.4) * 75)).toBeLessThan(1);
    }
  });

  it('stops at the first sheet over the cap: 10 sheets against a cap of 9 is scan_too_many_pages', async () => {
    const scanner = await saneSource();
    const error = await errorOf(scanner.scan(feed(9), AbortSignal.timeout(30_000)));
    expect(error.code).toBe('scan_too_many_pages');
    expect(error.details).toEqual({ max: 9 });
  });

  it('an empty feeder (the backend answers SANE_STATUS_NO_DOCS at once) is scanner_feeder_empty', async () => {
    const scanner = await saneSource(['--read-return-value', 'SANE_STATUS_NO_DOCS']);
    expect((await errorOf(scanner.scan(feed(30), AbortSignal.timeout(30_000)))).code).toBe(
      'scanner_feeder_empty',
    );
  });

  it('a jam is still a jam, not the end of the document', async () => {
    const scanner = await saneSource(['--read-return-value', 'SANE_STATUS_JAMMED']);
    expect((await errorOf(scanner.scan(feed(30), AbortSignal.timeout(30_000)))).code).toBe('scanner_jammed');
  });
});

describe('feed until empty with the simulated scanner, through the devices service', () => {
  async function service(feederSheets: number): Promise<{ devices: DevicesService; sheets: number[] }> {
    const { log } = quietLogger();
    const sheets: number[] = [];
    const scanner = new SimulatedScanner({ delayMs: 0, feederSheets, onSheet: (n) => sheets.push(n) });
    const registry = new DeviceRegistry([scanner], { log });
    await registry.refresh();
    return { devices: new DevicesService(registry, log), sheets };
  }
  const input = {
    sourceId: 'simulated:scanner',
    role: 'document' as const,
    document: 'a4_page' as const,
    settings: { paperSource: 'adf' as const, sheets: 'until-empty' as const },
  };

  it('3 sheets give 3 processed pages at the scan resolution', async () => {
    const { devices } = await service(3);
    const sides = await devices.scan(input);
    expect(sides.map((side) => side.role)).toEqual(['document', 'document', 'document']);
    expect(sides.every((side) => side.dpi === 200)).toBe(true);
  });

  it('31 sheets stop the feed at the 31st (scan_too_many_pages, max 30); an empty feeder is refused', async () => {
    const full = await service(31);
    const error = await errorOf(full.devices.scan(input));
    expect(error.code).toBe('scan_too_many_pages');
    expect(error.details).toEqual({ max: 30 });
    expect(full.sheets.at(-1)).toBe(31); // not one sheet more was drawn
    const empty = await service(0);
    expect((await errorOf(empty.devices.scan(input))).code).toBe('scanner_feeder_empty');
  });
});
