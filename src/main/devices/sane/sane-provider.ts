/**
 * SANE scanners through the real `scanimage`: listed with `-f`, capabilities read from `-A`,
 * scanned as PNG into a temporary folder (one file per page, `--batch` for the feeder).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceStatus } from '../../../shared/ipc/devices';
import type { Logger } from '../../logging/logger';
import {
  scanAreaMm,
  type CaptureSource,
  type ScannedPage,
  type ScanRequest,
  type SourceProvider,
} from '../types';
import { runScanimage } from './run-scanimage';
import { LIST_FORMAT, parseDeviceList, parseOptions, type SaneDevice, type SaneOptions } from './sane-parse';
import { batchFailure, saneFailure } from './sane-status';

export interface SaneProviderOptions {
  binary?: string;
  /** Private configuration folder (sane-config-dir.ts); unset = the system's. */
  configDir?: string;
  /** Extra arguments for devices whose name starts with the key (e.g. the test backend's picture). */
  extraArgs?: Record<string, string[]>;
  log: Logger;
}

export class SaneProvider implements SourceProvider {
  readonly name = 'sane';
  /** `-A` opens the device, which is slow on real hardware: read it once per device name. */
  private readonly optionsCache = new Map<string, SaneOptions>();

  constructor(private readonly options: SaneProviderOptions) {}

  get binary(): string {
    return this.options.binary ?? 'scanimage';
  }

  get env(): Record<string, string> {
    return this.options.configDir ? { SANE_CONFIG_DIR: this.options.configDir } : {};
  }

  async list(signal: AbortSignal): Promise<CaptureSource[]> {
    const result = await runScanimage([`--formatted-device-list=${LIST_FORMAT}`], {
      binary: this.binary,
      env: this.env,
      signal,
    });
    if (result.exitCode !== 0) throw saneFailure(result.exitCode, result.stderr, '(list)');
    const sources: CaptureSource[] = [];
    for (const device of parseDeviceList(result.stdout.toString('utf8'))) {
      try {
        sources.push(new SaneSource(this, device, await this.deviceOptions(device.name, signal)));
      } catch (error) {
        this.options.log.warn('devices.sane_options_failed', {
          device: device.name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return sources;
  }

  private async deviceOptions(name: string, signal: AbortSignal): Promise<SaneOptions> {
    const cached = this.optionsCache.get(name);
    if (cached) return cached;
    const result = await runScanimage(['-d', name, '-A'], { binary: this.binary, env: this.env, signal });
    if (result.exitCode !== 0) throw saneFailure(result.exitCode, result.stderr, name);
    const parsed = parseOptions(result.stdout.toString('utf8'));
    this.optionsCache.set(name, parsed);
    return parsed;
  }

  extraArgsFor(device: string): string[] {
    return Object.entries(this.options.extraArgs ?? {})
      .filter(([prefix]) => device.startsWith(prefix))
      .flatMap(([, args]) => args);
  }
}

export class SaneSource implements CaptureSource {
  readonly kind = 'sane' as const;
  readonly simulated: boolean;
  readonly id: string;
  readonly label: string;
  status: SourceStatus = 'ready';

  constructor(
    private readonly provider: SaneProvider,
    readonly device: SaneDevice,
    private readonly options: SaneOptions,
  ) {
    this.id = `sane:${device.name}`;
    this.label = `${device.vendor} ${device.model}`.trim() || device.name;
    // SANE's own test backend is a simulator; say so in the UI.
    this.simulated = device.name === 'test' || device.name.startsWith('test:');
  }

  get capabilities(): SaneOptions['capabilities'] {
    return this.options.capabilities;
  }

  /** scanimage arguments for this request; exported for tests and support logs. */
  args(request: ScanRequest, batchPattern: string | null): string[] {
    const args = ['-d', this.device.name, '--format=png'];
    const mode = this.options.modeNames[request.colourMode];
    if (mode) args.push('--mode', mode);
    args.push('--resolution', String(this.nearestResolution(request.resolution)));
    const names = this.options.sourceNames;
    const source =
      request.paperSource === 'adf'
        ? request.pages > 1 && names.adfDuplex
          ? names.adfDuplex
          : names.adf
        : names.flatbed;
    if (source) args.push('--source', source);
    if (this.options.hasGeometry) {
      const area = scanAreaMm(request.role);
      const width = Math.min(area.width, this.capabilities.maxWidthMm ?? area.width);
      const height = Math.min(area.height, this.capabilities.maxHeightMm ?? area.height);
      args.push('-l', '0', '-t', '0', '-x', String(width), '-y', String(height));
    }
    // Flatbed --batch without --batch-count never stops (test-rig.md): always give the count.
    if (batchPattern) args.push(`--batch=${batchPattern}`, `--batch-count=${request.pages}`);
    args.push(...this.provider.extraArgsFor(this.device.name));
    return args;
  }

  private nearestResolution(wanted: number): number {
    const list = this.capabilities.resolutions;
    if (list.length === 0) return wanted;
    return list.reduce((best, r) => (Math.abs(r - wanted) < Math.abs(best - wanted) ? r : best));
  }

  async scan(request: ScanRequest, signal: AbortSignal): Promise<ScannedPage[]> {
    const pages = request.paperSource === 'adf' ? request.pages : 1;
    const dir = await mkdtemp(join(tmpdir(), 'kiosk-scan-'));
    try {
      const pattern = join(dir, 'page%d.png');
      const result = await runScanimage(this.args({ ...request, pages }, pattern), {
        binary: this.provider.binary,
        env: this.provider.env,
        cwd: dir,
        signal,
      });
      const files = (await readdir(dir))
        .filter((f) => /^page\d+\.png$/.test(f))
        .sort((a, b) => Number(a.slice(4, -4)) - Number(b.slice(4, -4)));
      const failure = batchFailure(result.exitCode, result.stderr, files.length, pages, this.device.name);
      if (failure) throw failure;
      return await Promise.all(
        files.map(async (f) => ({ bytes: await readFile(join(dir, f)), origin: 'scanner' as const })),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
