/**
 * What the IPC handlers call: list and refresh sources, scan (every page through the imaging
 * pipeline), cancel a running scan, and import an operator-chosen file through the same intake.
 */
import type { DocumentKind } from '../../shared/domain/documents';
import type { ProviderId, ImageRole } from '../../shared/domain/flows';
import type { CaptureSourceInfo, ProcessedImage, ScanSettings } from '../../shared/ipc/devices';
import { processImage, type MrzReader } from '../imaging/pipeline';
import { AppError } from '../ipc/errors';
import type { Logger } from '../logging/logger';
import type { DeviceRegistry } from './registry';
import { documentKindOfRole, planScan, type PlanOptions, type ScanRequest } from './scan-plan';
import type { ScannedPage } from './types';

export interface ScanInput {
  sourceId: string;
  role: ImageRole;
  /** What is scanned; default: the role's usual kind (front/back → ID-1 card, passport → ID-3 page). */
  document?: DocumentKind | undefined;
  provider?: ProviderId | undefined;
  /** Explicit choices; whatever is left out is derived from the document kind and the device. */
  settings?: Partial<ScanSettings> | undefined;
  scanId?: string | undefined;
  /** An ID-1 card that may carry a TD1 zone: read it (ProcessOptions.cardMrz). */
  cardMrz?: boolean | undefined;
  /** Told each sheet's number (1-based) as the device finishes it (a feed's progress). */
  onSheet?: ((sheet: number) => void) | undefined;
}

/** One processed image and what it is of (a duplex card scan answers its front, then its back). */
export interface ScannedSide {
  role: ImageRole;
  image: ProcessedImage;
  /** The resolution the scan was made at (dpi); absent for a file or a camera frame. */
  dpi?: number;
}

/**
 * Which role each page of a scan is: a duplex card alternates front, back; anything else keeps the
 * role asked for.
 */
export function rolesOfPages(request: ScanRequest, count: number): ImageRole[] {
  const sides = request.duplex && request.document === 'id1_card' && request.role === 'front';
  return Array.from({ length: count }, (_, i) => (sides && i % 2 === 1 ? 'back' : request.role));
}

export interface ImportInput {
  name: string;
  bytes: Uint8Array;
  role: ImageRole;
  provider?: ProviderId;
  /**
   * 'camera': a frame the renderer grabbed from the document camera (JPEG or PNG only, see
   * imaging/formats.ts); default 'file'. Either way the bytes are hostile input.
   */
  origin?: 'file' | 'camera';
  /** An ID-1 card that may carry a TD1 zone: read it (ProcessOptions.cardMrz). */
  cardMrz?: boolean | undefined;
}

export class DevicesService {
  private readonly running = new Map<string, AbortController>();

  constructor(
    readonly registry: DeviceRegistry,
    private readonly log: Logger,
    /** From the configuration: resolution per document kind, cards from the feeder. */
    private readonly planOptions: PlanOptions = {},
    /** Reads passports' and ID cards' MRZ on the kiosk (imaging/mrz-reader.ts); none: not read. */
    private readonly readMrz?: MrzReader,
  ) {}

  list(): CaptureSourceInfo[] {
    return this.registry.list();
  }

  refresh(): Promise<CaptureSourceInfo[]> {
    return this.registry.refresh();
  }

  /** The request a scan with this input would run (for support logs and tests). */
  plan(input: ScanInput): ScanRequest {
    const source = this.registry.get(input.sourceId);
    if (!source) throw new AppError('scanner_not_found', `No capture source ${input.sourceId}`);
    const document = input.document ?? documentKindOfRole(input.role);
    return planScan(document, input.role, source.capabilities, input.settings ?? {}, this.planOptions);
  }

  /**
   * Scans and runs every page through the imaging pipeline.
   * @returns each page with its role, in the order the device delivered them.
   */
  async scan(input: ScanInput): Promise<ScannedSide[]> {
    const controller = new AbortController();
    if (input.scanId) {
      if (this.running.has(input.scanId)) throw new AppError('conflict', 'A scan with this id is running');
      this.running.set(input.scanId, controller);
    }
    try {
      const request = this.plan(input);
      const pages = await this.registry.scan(input.sourceId, request, controller.signal, input.onSheet);
      const roles = rolesOfPages(request, pages.length);
      const sides: ScannedSide[] = [];
      for (const [index, page] of pages.entries()) {
        sides.push({
          role: roles[index]!,
          dpi: request.resolution,
          image: await processImage(page.bytes, {
            origin: page.origin,
            target: input.provider ?? 'archive',
            kind: request.document,
            cardMrz: input.cardMrz === true,
            ...(this.readMrz ? { readMrz: this.readMrz } : {}),
          }),
        });
      }
      return sides;
    } finally {
      if (input.scanId) this.running.delete(input.scanId);
    }
  }

  /**
   * Scans without the imaging pipeline: the pages as the device gave them (a code the customer
   * shows is read from the whole page, not from a document the pipeline would crop to).
   */
  async scanPages(input: ScanInput): Promise<ScannedPage[]> {
    const request = this.plan(input);
    return this.registry.scan(input.sourceId, request, new AbortController().signal);
  }

  cancel(scanId: string): boolean {
    const controller = this.running.get(scanId);
    if (!controller) return false;
    controller.abort(new AppError('scan_cancelled', 'Cancelled by the operator'));
    return true;
  }

  async importFile(input: ImportInput): Promise<ProcessedImage> {
    const image = await processImage(input.bytes, {
      origin: input.origin ?? 'file',
      target: input.provider ?? 'archive',
      kind: documentKindOfRole(input.role),
      cardMrz: input.cardMrz === true,
      ...(this.readMrz ? { readMrz: this.readMrz } : {}),
    });
    // The name is the operator's and may hold personal data: log only its extension.
    this.log.info('devices.imported', {
      extension: /\.[a-z0-9]{1,5}$/i.exec(input.name)?.[0] ?? '',
      verdict: image.quality.verdict,
    });
    return image;
  }
}
