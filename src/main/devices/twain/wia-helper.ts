/**
 * Windows scanners through WIA 2.0: the kiosk runs PowerShell as a child process with the WIA
 * Automation Layer program of wia-script.ts (no native code in the Electron main process), with the
 * same argument-array discipline and error classes as SANE. It cannot run on the Linux machines this
 * project is built and tested on: the argument building and the output parsing are unit-tested
 * (tests/unit/wia-helper.test.ts); README "TWAIN/WIA" says how to check it on a branch PC.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceCapabilities } from '../../../shared/ipc/devices';
import type { ErrorCode } from '../../../shared/ipc/result';
import { AppError } from '../../ipc/errors';
import { runScanimage } from '../sane/run-scanimage';
import type { ScanRequest } from '../types';
import { WIA_SCRIPT } from './wia-script';
import type { WindowsScannerInfo, WindowsScanning } from './windows-scanning';

/** What the script reads from KIOSK_WIA_REQUEST for a scan. Lengths in pixels at `dpi`. */
export interface WiaScanRequest {
  command: 'scan';
  id: string;
  /** WIA_DPS_DOCUMENT_HANDLING_SELECT: 1 FEEDER, 2 FLATBED, FEEDER|DUPLEX = 5. */
  handling: number;
  /** WIA_DPS_PAGES: images wanted (a duplex card = 2). */
  pages: number;
  /** WIA_IPS_CUR_INTENT: 1 colour, 2 greyscale. */
  intent: number;
  dpi: number;
  widthPx: number;
  heightPx: number;
  /** Where the script writes page1.png, page2.png... */
  folder: string;
}

export function wiaScanRequest(id: string, request: ScanRequest, folder: string): WiaScanRequest {
  const feeder = request.paperSource === 'adf';
  const px = (mm: number): number => Math.round((mm / 25.4) * request.resolution);
  return {
    command: 'scan',
    id,
    handling: feeder ? (request.duplex ? 1 | 4 : 1) : 2,
    pages: feeder ? request.pages : 1,
    intent: request.colourMode === 'color' ? 1 : 2,
    dpi: request.resolution,
    widthPx: px(request.areaMm.width),
    heightPx: px(request.areaMm.height),
    folder,
  };
}

/** PowerShell's arguments: the program as -EncodedCommand (UTF-16LE, base64), no profile, no prompt. */
export function powershellArgs(): string[] {
  return [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    Buffer.from(WIA_SCRIPT, 'utf16le').toString('base64'),
  ];
}

/** WIA HRESULTs (wia.h / wiadef.h) → the kiosk's error codes, as for SANE's statuses. */
const BY_HRESULT: Record<string, ErrorCode> = {
  '0x80210002': 'scanner_jammed', // WIA_ERROR_PAPER_JAM
  '0x80210003': 'scanner_no_docs', // WIA_ERROR_PAPER_EMPTY
  '0x80210004': 'scanner_jammed', // WIA_ERROR_PAPER_PROBLEM
  '0x80210005': 'scanner_not_found', // WIA_ERROR_OFFLINE
  '0x80210006': 'scanner_busy', // WIA_ERROR_BUSY
  '0x80210007': 'scanner_busy', // WIA_ERROR_WARMING_UP
  '0x8021000A': 'scanner_io_error', // WIA_ERROR_DEVICE_COMMUNICATION
  '0x8021000C': 'scanner_setting_refused', // WIA_ERROR_INCORRECT_HARDWARE_SETTING
  '0x8021000D': 'scanner_busy', // WIA_ERROR_DEVICE_LOCKED
  '0x80210015': 'scanner_not_found', // WIA_S_NO_DEVICE_AVAILABLE
  '0x80210016': 'scanner_cover_open', // WIA_ERROR_COVER_OPEN
  '0x80070057': 'scanner_setting_refused', // E_INVALIDARG: a property value the driver refused
  '0x80070005': 'scanner_access_denied', // E_ACCESSDENIED
};

export function wiaError(hresult: string, message: string): AppError {
  const code = BY_HRESULT[hresult.toUpperCase().replace(/^0X/, '0x')] ?? 'scanner_failed';
  return new AppError(code, `WIA ${hresult}: ${message.slice(0, 300)}`, { hresult });
}

export interface WiaOutput {
  devices: WindowsScannerInfo[];
  pages: string[];
  error: AppError | null;
}

/** Reads the script's JSON lines; anything else on stdout (PowerShell banners) is ignored. */
export function parseWiaOutput(stdout: string): WiaOutput {
  const output: WiaOutput = { devices: [], pages: [], error: null };
  for (const line of stdout.split(/\r?\n/)) {
    if (!line.startsWith('{')) continue;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (event.event === 'device' && typeof event.id === 'string') {
      const resolutions = (Array.isArray(event.resolutions) ? event.resolutions : [])
        .map(Number)
        .filter((r) => Number.isInteger(r) && r > 0)
        .sort((a, b) => a - b);
      const capabilities: SourceCapabilities = {
        flatbed: event.flatbed === true,
        adf: event.feeder === true,
        duplex: event.duplex === true,
        resolutions: resolutions.length ? resolutions : [150, 200, 300, 600],
        colourModes: ['color', 'gray'],
        maxWidthMm: null,
        maxHeightMm: null,
      };
      output.devices.push({
        id: event.id,
        name: typeof event.name === 'string' ? event.name : event.id,
        api: 'wia',
        capabilities,
      });
    } else if (event.event === 'page' && typeof event.path === 'string') {
      output.pages.push(event.path);
    } else if (event.event === 'error') {
      const text = (v: unknown): string => (typeof v === 'string' ? v : '');
      output.error = wiaError(text(event.hresult), text(event.message));
    }
  }
  return output;
}

export interface WiaHelperOptions {
  /** Default `powershell.exe` (Windows PowerShell 5.1 ships with Windows 10/11). */
  powershell?: string;
}

export class WiaHelperScanning implements WindowsScanning {
  constructor(private readonly options: WiaHelperOptions = {}) {}

  private async run(request: object, signal: AbortSignal): Promise<WiaOutput> {
    const binary = this.options.powershell ?? 'powershell.exe';
    const result = await runScanimage(powershellArgs(), {
      binary,
      env: { KIOSK_WIA_REQUEST: JSON.stringify(request) },
      signal,
    }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'scanner_not_found') {
        throw new AppError('scanner_not_found', `${binary} is not available: WIA scanning needs Windows`);
      }
      throw error;
    });
    const output = parseWiaOutput(result.stdout.toString('utf8'));
    if (output.error) throw output.error;
    if (result.exitCode !== 0) {
      throw new AppError(
        'scanner_failed',
        `The WIA helper exited with ${result.exitCode}: ${result.stderr.slice(0, 300)}`,
      );
    }
    return output;
  }

  async list(signal: AbortSignal): Promise<WindowsScannerInfo[]> {
    return (await this.run({ command: 'list' }, signal)).devices;
  }

  async scan(id: string, request: ScanRequest, signal: AbortSignal): Promise<Buffer[]> {
    const folder = await mkdtemp(join(tmpdir(), 'kiosk-wia-'));
    try {
      const output = await this.run(wiaScanRequest(id, request, folder), signal);
      if (output.pages.length === 0) throw new AppError('scanner_no_docs', 'WIA delivered no page');
      return await Promise.all(output.pages.map((path) => readFile(path)));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}
