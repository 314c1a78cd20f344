/**
 * SANE scanners through the real `scanimage`: listed with `-f`, capabilities read from `-A`,
 * scanned as PNG into a temporary folder (one file per page, `--batch` for the feeder; a
 * feed-until-empty scan takes every sheet up to the request's cap).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceStatus } from '../../../shared/ipc/devices';
import { AppError } from '../../ipc/errors';
import type { Logger } from '../../logging/logger';
import { nearest } from '../scan-plan';
import type { CaptureSource, ScannedPage, ScanRequest, SourceProvider } from '../types';
import { runScanimage } from './run-scanimage';
import type { SaneRange } from './sane-options';
import { LIST_FORMAT, parseDeviceList, parseOptions, type SaneDevice, type SaneOptions } from './sane-parse';
import { batchFailure, feedFailure, saneFailure } from './sane-status';

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

  get log(): Logger {
    return this.options.log;
  }

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
    readonly options: SaneOptions,
  ) {
    this.id = `sane:${device.name}`;
    this.label = `${device.vendor} ${device.model}`.trim() || device.name;
    // SANE's own test backend is a simulator; say so in the UI.
    this.simulated = device.name === 'test' || device.name.startsWith('test:');
  }

  get capabilities(): SaneOptions['capabilities'] {
    return this.options.capabilities;
  }

  /**
   * The settings of this request, in the order scanimage must apply them: the source first (on
   * sheet-fed backends the page size is inactive until a feeder is chosen), then mode, resolution,
   * page size, window. Exported for tests and support logs.
   */
  settings(request: ScanRequest): SaneSetting[] {
    const settings: SaneSetting[] = [];
    const names = this.options.sourceNames;
    const source =
      request.paperSource === 'adf'
        ? request.duplex
          ? (names.adfDuplex ?? names.adf)
          : names.adf
        : names.flatbed;
    // Never dropped: the device's default source may be the glass while the card is in the feeder.
    if (source) settings.push({ name: 'source', args: ['--source', source], droppable: false });
    const mode = this.options.modeNames[request.colourMode];
    if (mode) settings.push({ name: 'mode', args: ['--mode', mode], droppable: true });
    settings.push({
      name: 'resolution',
      args: ['--resolution', String(nearest(this.capabilities.resolutions, request.resolution))],
      droppable: true,
    });
    const { width, height } = request.areaMm;
    const page = this.options.pageSize;
    if (page && request.paperSource === 'adf') {
      // Sheet-fed backends centre the window on the page width: make the page the document.
      const fit = (mm: number, range: SaneRange): string =>
        String(Math.round(Math.min(Math.max(mm, range.min), range.max) * 10) / 10);
      settings.push({ name: 'page-width', args: ['--page-width', fit(width, page.width)], droppable: true });
      settings.push({
        name: 'page-height',
        args: ['--page-height', fit(height, page.height)],
        droppable: true,
      });
    }
    if (this.options.hasGeometry) {
      const w = Math.min(width, this.capabilities.maxWidthMm ?? width);
      const h = Math.min(height, this.capabilities.maxHeightMm ?? height);
      settings.push({
        name: 'geometry',
        args: ['-l', '0', '-t', '0', '-x', String(w), '-y', String(h)],
        droppable: true,
      });
    }
    return settings;
  }

  /** scanimage arguments for this request, without the settings named in `dropped`. */
  args(
    request: ScanRequest,
    batchPattern: string | null,
    dropped: ReadonlySet<string> = new Set(),
  ): string[] {
    const args = ['-d', this.device.name, '--format=png'];
    for (const setting of this.settings(request)) if (!dropped.has(setting.name)) args.push(...setting.args);
    // Flatbed --batch without --batch-count never stops (test-rig.md): always give the count. Feeding
    // until empty asks for one sheet over the cap: the feeder running out ends it earlier, and a
    // sheet too many is seen without draining a full tray.
    const count = request.sheets === 'until-empty' ? request.pages + 1 : request.pages;
    if (batchPattern) args.push(`--batch=${batchPattern}`, `--batch-count=${count}`);
    args.push(...this.provider.extraArgsFor(this.device.name));
    return args;
  }

  /**
   * Scans; when the device refuses a setting (SANE_STATUS_INVAL), retries once per refusal with
   * that setting left at the device's own default where that is safe (mode, resolution, page size,
   * window: the imaging pipeline finds and crops the card either way), never the source. The error
   * that remains names the refused setting; the device stays online.
   */
  async scan(
    request: ScanRequest,
    signal: AbortSignal,
    onSheet?: (sheet: number) => void,
  ): Promise<ScannedPage[]> {
    const settings = this.settings(request);
    const dropped = new Set<string>();
    for (;;) {
      try {
        return await this.scanOnce(request, dropped, signal, onSheet);
      } catch (error) {
        const next = settingToDrop(error, settings, dropped);
        if (next === null) throw error;
        this.provider.log.warn('devices.sane_setting_refused', {
          device: this.device.name,
          setting: next.refused ?? '(sane_start)',
          retryWithout: next.drop,
        });
        for (const name of next.drop) dropped.add(name);
      }
    }
  }

  private async scanOnce(
    request: ScanRequest,
    dropped: ReadonlySet<string>,
    signal: AbortSignal,
    onSheet?: (sheet: number) => void,
  ): Promise<ScannedPage[]> {
    const pages = request.paperSource === 'adf' ? request.pages : 1;
    const dir = await mkdtemp(join(tmpdir(), 'kiosk-scan-'));
    try {
      const pattern = join(dir, 'page%d.png');
      const result = await runScanimage(this.args({ ...request, pages }, pattern, dropped), {
        binary: this.provider.binary,
        env: this.provider.env,
        cwd: dir,
        signal,
        finishedPattern: /^Batch terminated/m,
        // scanimage(1) in batch mode prints "Scanned page N." as each sheet is done.
        ...(onSheet ? { onStderr: sheetCounter(onSheet) } : {}),
      });
      if (result.stuckInTeardown) {
        this.provider.log.warn('devices.sane_teardown_stuck', { device: this.device.name });
      }
      const files = (await readdir(dir))
        .filter((f) => /^page\d+\.png$/.test(f))
        .sort((a, b) => Number(a.slice(4, -4)) - Number(b.slice(4, -4)));
      // Killed in teardown after its verdict: judge by what it printed, as after an exit 0.
      const exitCode = result.stuckInTeardown ? 0 : result.exitCode;
      const failure =
        request.sheets === 'until-empty' && request.paperSource === 'adf'
          ? feedFailure(exitCode, result.stderr, files.length, pages, this.device.name)
          : batchFailure(exitCode, result.stderr, files.length, pages, this.device.name);
      if (failure) throw failure;
      return await Promise.all(
        files.map(async (f) => ({ bytes: await readFile(join(dir, f)), origin: 'scanner' as const })),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** One setting of a scan: its scanimage arguments, and whether the device's default may replace it. */
export interface SaneSetting {
  /** `source`, `mode`, `resolution`, `page-width`, `page-height`, `geometry`. */
  name: string;
  args: string[];
  droppable: boolean;
}

/** scanimage names the window options by their SANE names; the kiosk sets them as one. */
const SETTING_OF_OPTION: Record<string, string> = {
  'tl-x': 'geometry',
  'tl-y': 'geometry',
  'br-x': 'geometry',
  'br-y': 'geometry',
};

/**
 * After a refusal, what to leave out on the next try, or null when nothing safe is left to try
 * (the error then stands). A named option drops that setting; a refused `sane_start` (the
 * combination as a whole) drops the page size and window, which is what most often fails there.
 */
export function settingToDrop(
  error: unknown,
  settings: readonly SaneSetting[],
  dropped: ReadonlySet<string>,
): { refused: string | null; drop: string[] } | null {
  if (!(error instanceof AppError) || error.code !== 'scanner_setting_refused') return null;
  const details = error.details as { refusedSetting?: string | null } | undefined;
  const refused = details?.refusedSetting ?? null;
  const candidates =
    refused === null ? ['page-width', 'page-height', 'geometry'] : [SETTING_OF_OPTION[refused] ?? refused];
  const drop = candidates.filter((name) =>
    settings.some((s) => s.name === name && s.droppable && !dropped.has(name)),
  );
  return drop.length > 0 ? { refused, drop } : null;
}

/** Calls `onSheet` once per new "Scanned page N." line scanimage prints in batch mode. */
function sheetCounter(onSheet: (sheet: number) => void): (stderr: string) => void {
  let told = 0;
  return (stderr) => {
    const done = stderr.match(/^Scanned page \d+\./gm)?.length ?? 0;
    while (told < done) onSheet(++told);
  };
}
