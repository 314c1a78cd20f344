/**
 * One interface for every way an image reaches the kiosk: SANE scanners (scanimage), eSCL network
 * scanners, Windows TWAIN/WIA, a watched folder, the simulated scanner of training mode. The
 * registry (registry.ts) lists them and runs scans; the devices service (service.ts) sends what
 * they return through the imaging pipeline.
 */
import type {
  CaptureSourceInfo,
  SourceCapabilities,
  SourceKind,
  SourceStatus,
} from '../../shared/ipc/devices';
import type { ImageOrigin } from '../imaging/formats';
import type { ScanRequest } from './scan-plan';

export type { ScanRequest } from './scan-plan';

export interface ScannedPage {
  /** Encoded image as the device delivered it (PNG, JPEG, TIFF, PNM): still untrusted. */
  bytes: Buffer;
  origin: ImageOrigin;
}

export interface CaptureSource {
  readonly id: string;
  readonly kind: SourceKind;
  readonly label: string;
  /** Set by sources the kiosk names itself: translated in the renderer (CaptureSourceInfo.labelKey). */
  readonly labelKey?: CaptureSourceInfo['labelKey'];
  /** Training-only or fake: the UI must say so. */
  readonly simulated: boolean;
  readonly capabilities: SourceCapabilities;
  status: SourceStatus;
  /**
   * Must stop promptly (kill the process, delete the job) when `signal` aborts. `onSheet` is told
   * each sheet's number (1-based) as the device finishes it, for the operator's progress.
   */
  scan(request: ScanRequest, signal: AbortSignal, onSheet?: (sheet: number) => void): Promise<ScannedPage[]>;
}

/** A family of sources (all SANE devices, all configured eSCL scanners, ...), listed together. */
export interface SourceProvider {
  readonly name: string;
  list(signal: AbortSignal): Promise<CaptureSource[]>;
  close?(): Promise<void>;
}

export function describeSource(source: CaptureSource): CaptureSourceInfo {
  return {
    id: source.id,
    kind: source.kind,
    label: source.label,
    ...(source.labelKey ? { labelKey: source.labelKey } : {}),
    status: source.status,
    simulated: source.simulated,
    capabilities: source.capabilities,
  };
}
