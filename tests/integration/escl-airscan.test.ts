// The project's eSCL simulator checked by a client nobody here wrote: sane-airscan, driven by the
// real scanimage through a private SANE configuration (discovery off, the simulator configured).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePrivateSaneConfig } from '../../src/main/devices/sane/sane-config-dir';
import { SaneProvider } from '../../src/main/devices/sane/sane-provider';
import { processImage } from '../../src/main/imaging/pipeline';
import { startEsclSimulator, type EsclSimulator } from '../../src/simulators/escl/server';
import { scanRequest } from '../helpers/scan-request';
import { quietLogger, requireAirscan } from '../helpers/sane';
import { useTempDirs } from '../helpers/temp-dir';

const run = promisify(execFile);
const tempDir = useTempDirs();
let sim: EsclSimulator;
let configDir: string;
let workDir: string;

beforeAll(async () => {
  requireAirscan();
  sim = await startEsclSimulator({ notReadyPolls: 1 });
  // useTempDirs cleans after each test; this folder must outlive them.
  workDir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'kiosk-airscan-'));
  configDir = writePrivateSaneConfig(join(workDir, 'sane'), {
    backends: ['airscan'],
    airscanDevices: [{ name: 'Sim', url: sim.url }],
  });
});

afterAll(async () => {
  await sim?.close();
  if (workDir) (await import('node:fs')).rmSync(workDir, { recursive: true, force: true });
});

const scanimage = (args: string[]) =>
  run('scanimage', args, {
    env: { ...process.env, SANE_CONFIG_DIR: configDir },
    encoding: 'buffer',
    timeout: 30_000,
  });

describe('sane-airscan against the eSCL simulator', () => {
  it('lists the simulator and reads its capabilities', async () => {
    const { stdout } = await scanimage(['-f', '%d|%v|%m|%t%n']);
    expect(stdout.toString()).toContain('airscan:e0:Sim|eSCL|Sim|');
    const { stdout: help } = await scanimage(['-d', 'airscan:e0:Sim', '-A']);
    const text = help.toString();
    expect(text).toContain('--resolution 150|200|300|600dpi');
    expect(text).toContain('--mode Color|Gray');
    expect(text).toContain('--source Flatbed|ADF|ADF Duplex');
  });

  it('scans a real PNG from the flatbed, retrying through 503 "not ready"', async () => {
    const out = join(tempDir(), 'out.png');
    sim.log.length = 0;
    const started = performance.now();
    await scanimage(
      ['-d', 'airscan:e0:Sim', '--source', 'Flatbed', '--resolution', '300', '--mode', 'Color'].concat([
        '-x',
        '90',
        '-y',
        '60',
        '--format=png',
        '-o',
        out,
      ]),
    );
    console.log(`sane-airscan flatbed 300 dpi colour: ${(performance.now() - started).toFixed(0)} ms`);
    const meta = await sharp(await readFile(out)).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 1063, 709, 3]);
    const calls = sim.log.map((l) => l.replace(/ScanJobs\/[0-9a-f-]+/, 'ScanJobs/JOB'));
    expect(calls).toContain('POST /eSCL/ScanJobs 201');
    expect(calls).toContain('GET /eSCL/ScanJobs/JOB/NextDocument 503');
    expect(calls).toContain('GET /eSCL/ScanJobs/JOB/NextDocument 200');
    expect(calls).toContain('DELETE /eSCL/ScanJobs/JOB 200');
    // The card in the simulator's picture survives the trip and passes the quality checks.
    const processed = await processImage(await readFile(out), { origin: 'scanner' });
    expect(processed.quality.figures.cardFound).toBe(true);
    expect(processed.quality.issues).toEqual([]);
    expect(processed.quality.verdict).toBe('ok');
  });

  it('scans front and back from the feeder in greyscale as a batch', async () => {
    const dir = tempDir();
    const started = performance.now();
    await scanimage(
      ['-d', 'airscan:e0:Sim', '--source', 'ADF', '--resolution', '200', '--mode', 'Gray'].concat([
        '-x',
        '90',
        '-y',
        '60',
        '--format=png',
        `--batch=${join(dir, 'p%d.png')}`,
        '--batch-count=2',
      ]),
    );
    console.log(`sane-airscan ADF 2 pages 200 dpi grey: ${(performance.now() - started).toFixed(0)} ms`);
    for (const page of ['p1.png', 'p2.png']) {
      const meta = await sharp(await readFile(join(dir, page))).metadata();
      expect([meta.width, meta.channels]).toEqual([709, 1]);
    }
  });

  it('is a source of the kiosk: SaneProvider lists and scans it through airscan', async () => {
    const { log } = quietLogger();
    const provider = new SaneProvider({ configDir, log });
    const [source] = await provider.list(AbortSignal.timeout(10_000));
    expect(source?.id).toBe('sane:airscan:e0:Sim');
    expect(source?.capabilities).toMatchObject({
      flatbed: true,
      adf: true,
      duplex: true,
      resolutions: [150, 200, 300, 600],
    });
    const pages = await source!.scan(
      scanRequest({ paperSource: 'adf', pages: 2 }),
      AbortSignal.timeout(20_000),
    );
    expect(pages).toHaveLength(2);
  });
});
