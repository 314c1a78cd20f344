/**
 * One interface for every way an image reaches the kiosk: SANE scanners (scanimage), eSCL network
 * scanners, Windows TWAIN/WIA, a watched folder, the simulated scanner of training mode. The
 * registry (registry.ts) lists them and runs scans; the devices service (service.ts) sends what
 * they return through the imaging pipeline.
 */
import type {
  CaptureSourceInfo,
  ColourMode,
  PaperSource,
  SourceCapabilities,
  SourceKind,
  SourceStatus,
} from '../../shared/ipc/devices';
import type { DocumentKind } from '../../shared/domain/documents';
import type { ImageRole } from '../../shared/domain/flows';
import type { ImageOrigin } from '../imaging/formats';

export interface ScanRequest {
  paperSource: PaperSource;
  colourMode: ColourMode;
  resolution: number;
  /** Pages wanted from the feeder (front + back = 2); always 1 on a flatbed. */
  pages: number;
  /** What is being scanned decides the scan area (ID-1 card or passport page). */
  role: ImageRole;
  /**
   * The kind of document the flow's capture plan names for this role (its descriptor); absent
   * for scans outside a flow (devices.scan). Sources may derive their settings from it.
   */
  document?: DocumentKind;
}

export interface ScannedPage {
  /** Encoded image as the device delivered it (PNG, JPEG, TIFF, PNM): still untrusted. */
  bytes: Buffer;
  origin: ImageOrigin;
}

export interface CaptureSource {
  readonly id: string;
  readonly kind: SourceKind;
  readonly label: string;
  /** Training-only or fake: the UI must say so. */
  readonly simulated: boolean;
  readonly capabilities: SourceCapabilities;
  status: SourceStatus;
  /** Must stop promptly (kill the process, delete the job) when `signal` aborts. */
  scan(request: ScanRequest, signal: AbortSignal): Promise<ScannedPage[]>;
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
    status: source.status,
    simulated: source.simulated,
    capabilities: source.capabilities,
  };
}

/** Scan areas in millimetres: ID-1 card with room to place it, passport data page (ID-3). */
export function scanAreaMm(role: ImageRole): { width: number; height: number } {
  return role === 'passport' || role === 'document' ? { width: 130, height: 95 } : { width: 90, height: 60 };
}
