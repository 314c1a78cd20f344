/**
 * What the IPC handlers call: list and refresh sources, scan (every page through the imaging
 * pipeline), cancel a running scan, and import an operator-chosen file through the same intake.
 */
import type { DocumentKind } from '../../shared/domain/documents';
import type { ProviderId, ImageRole } from '../../shared/domain/flows';
import type { CaptureSourceInfo, ProcessedImage, ScanSettings } from '../../shared/ipc/devices';
import { kindForRole } from '../imaging/document-kind';
import { processImage, type MrzReader } from '../imaging/pipeline';
import { AppError } from '../ipc/errors';
import type { Logger } from '../logging/logger';
import type { DeviceRegistry } from './registry';

export interface ScanInput {
  sourceId: string;
  role: ImageRole;
  provider?: ProviderId;
  settings: ScanSettings;
  scanId?: string;
  /** The document kind of the role in the flow's capture plan, passed on to the source. */
  document?: DocumentKind;
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
}

export class DevicesService {
  private readonly running = new Map<string, AbortController>();

  constructor(
    readonly registry: DeviceRegistry,
    private readonly log: Logger,
    /** Reads passport pages' MRZ on the kiosk (imaging/mrz-reader.ts); none: not read. */
    private readonly readMrz?: MrzReader,
  ) {}

  list(): CaptureSourceInfo[] {
    return this.registry.list();
  }

  refresh(): Promise<CaptureSourceInfo[]> {
    return this.registry.refresh();
  }

  async scan(input: ScanInput): Promise<ProcessedImage[]> {
    const controller = new AbortController();
    if (input.scanId) {
      if (this.running.has(input.scanId)) throw new AppError('conflict', 'A scan with this id is running');
      this.running.set(input.scanId, controller);
    }
    try {
      const pages = await this.registry.scan(
        input.sourceId,
        { ...input.settings, role: input.role, ...(input.document ? { document: input.document } : {}) },
        controller.signal,
      );
      const images: ProcessedImage[] = [];
      for (const page of pages) {
        images.push(
          await processImage(page.bytes, {
            origin: page.origin,
            target: input.provider ?? 'archive',
            kind: kindForRole(input.role),
            ...(this.readMrz ? { readMrz: this.readMrz } : {}),
          }),
        );
      }
      return images;
    } finally {
      if (input.scanId) this.running.delete(input.scanId);
    }
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
      kind: kindForRole(input.role),
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
