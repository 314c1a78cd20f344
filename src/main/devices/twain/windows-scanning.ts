/**
 * Windows scanners (TWAIN and WIA). Neither exists on the Linux machines this project is built and
 * tested on. This file holds the interface and an honest fake; the real WIA 2.0 path is
 * wia-helper.ts (PowerShell over the WIA Automation Layer), whose argument building and output
 * parsing are unit-tested; nothing here proves that a real Windows scanner works.
 *
 * What a real implementation calls (a small native helper process, spoken to over stdin/stdout
 * with the same args-array discipline as scanimage, keeps native code out of the Electron main):
 * - WIA 2.0 (preferred on Windows 10/11; most USB scanners ship a WIA driver):
 *   IWiaDevMgr2::EnumDeviceInfo → devices; CreateDevice → IWiaItem2; pick the "Flatbed" or
 *   "Feeder" child item; set WIA_IPS_XRES/YRES, WIA_IPS_CUR_INTENT (colour/grey), WIA_IPS_XEXTENT/
 *   YEXTENT for the ID-1 area, WIA_IPS_PAGES for the feeder; IWiaTransfer::Download with format
 *   WiaImgFmt_PNG; map WIA_ERROR_PAPER_JAM / PAPER_EMPTY / COVER_OPEN / BUSY / OFFLINE to the
 *   kiosk's scanner_* codes. Hot-plug: IWiaDevMgr2::RegisterEventCallbackInterface with
 *   WIA_EVENT_DEVICE_CONNECTED / DISCONNECTED.
 * - TWAIN 2.x (for scanners with only a TWAIN data source, e.g. many ID-card scanners): the DSM
 *   (twaindsm.dll) DG_CONTROL/DAT_IDENTITY/MSG_GETFIRST..GETNEXT to list sources, MSG_OPENDS,
 *   ICAP_XRESOLUTION, ICAP_PIXELTYPE, CAP_FEEDERENABLED, CAP_DUPLEXENABLED, DAT_SETUPFILEXFER with
 *   TWFF_PNG, MSG_ENABLEDS with ShowUI = FALSE, then DAT_IMAGEFILEXFER per page until
 *   DAT_PENDINGXFERS reports 0; TWCC_PAPERJAM / TWCC_PAPERDOUBLEFEED / TWCC_NOMEDIA map to codes.
 * To check on real hardware: on the branch PC, the helper's `list` must show the scanner that
 * Windows Fax and Scan (WIA) or the vendor's TWAIN tool shows, and a scan of a card must reach the
 * kiosk as a PNG whose quality verdict is "ok".
 */
import type { SourceCapabilities, SourceStatus } from '../../../shared/ipc/devices';
import { AppError } from '../../ipc/errors';
import type { CaptureSource, ScannedPage, ScanRequest, SourceProvider } from '../types';

/** What the native helper would report for one Windows scanner. */
export interface WindowsScannerInfo {
  id: string;
  name: string;
  api: 'wia' | 'twain';
  capabilities: SourceCapabilities;
}

export interface WindowsScanning {
  list(signal: AbortSignal): Promise<WindowsScannerInfo[]>;
  scan(id: string, request: ScanRequest, signal: AbortSignal): Promise<Buffer[]>;
}

/**
 * FAKE, for development on Linux and for the registry's tests only: it lists whatever it was given
 * and "scans" with the callback. It says nothing about TWAIN or WIA behaviour.
 */
export class FakeWindowsScanning implements WindowsScanning {
  constructor(
    private readonly scanners: WindowsScannerInfo[],
    private readonly pageFor: (id: string, page: number) => Promise<Buffer>,
  ) {}

  list(): Promise<WindowsScannerInfo[]> {
    return Promise.resolve(this.scanners);
  }

  async scan(id: string, request: ScanRequest): Promise<Buffer[]> {
    if (!this.scanners.some((s) => s.id === id))
      throw new AppError('scanner_not_found', `No fake scanner ${id}`);
    const pages = request.paperSource === 'adf' ? request.pages : 1;
    return Promise.all(Array.from({ length: pages }, (_, page) => this.pageFor(id, page)));
  }
}

export class WindowsScannerProvider implements SourceProvider {
  readonly name = 'twain';

  constructor(
    private readonly backend: WindowsScanning,
    /** True for FakeWindowsScanning: its sources are flagged simulated in the UI. */
    private readonly fake: boolean,
  ) {}

  async list(signal: AbortSignal): Promise<CaptureSource[]> {
    const scanners = await this.backend.list(signal);
    return scanners.map((info): CaptureSource => {
      let status: SourceStatus = 'ready';
      return {
        id: `twain:${info.id}`,
        kind: 'twain',
        label: this.fake ? `${info.name} (fake ${info.api.toUpperCase()})` : info.name,
        simulated: this.fake,
        capabilities: info.capabilities,
        get status() {
          return status;
        },
        set status(value) {
          status = value;
        },
        scan: async (request, scanSignal): Promise<ScannedPage[]> =>
          (await this.backend.scan(info.id, request, scanSignal)).map((bytes) => ({
            bytes,
            origin: 'scanner',
          })),
      };
    });
  }
}
