/**
 * eSCL network scanners as capture sources: each endpoint from discovery is asked for its
 * capabilities and status; one that does not answer is listed offline rather than dropped, so the
 * operator sees "the network scanner is off" instead of nothing.
 */
import type { SourceCapabilities, SourceStatus } from '../../../shared/ipc/devices';
import { AppError } from '../../ipc/errors';
import {
  scanAreaMm,
  type CaptureSource,
  type ScannedPage,
  type ScanRequest,
  type SourceProvider,
} from '../types';
import type { EsclDiscovery, EsclEndpoint } from './discovery';
import { EsclClient, type EsclClientOptions } from './escl-client';
import { toSourceCapabilities, type EsclCapabilities } from './escl-xml';

const OFFLINE_CAPS: SourceCapabilities = {
  flatbed: false,
  adf: false,
  duplex: false,
  resolutions: [],
  colourModes: [],
  maxWidthMm: null,
  maxHeightMm: null,
};

export class EsclProvider implements SourceProvider {
  readonly name = 'escl';

  constructor(
    private readonly discovery: EsclDiscovery,
    private readonly clientOptions: EsclClientOptions = {},
  ) {}

  async list(signal: AbortSignal): Promise<CaptureSource[]> {
    const endpoints = await this.discovery.endpoints(signal);
    return Promise.all(
      endpoints.map(async (endpoint) => {
        const client = new EsclClient(endpoint.url, this.clientOptions);
        try {
          const [caps, status] = await Promise.all([client.capabilities(signal), client.status(signal)]);
          return new EsclSource(endpoint, client, caps, status.state === 'Idle' ? 'ready' : 'busy');
        } catch {
          return new EsclSource(endpoint, client, null, 'offline');
        }
      }),
    );
  }
}

export class EsclSource implements CaptureSource {
  readonly kind = 'escl' as const;
  readonly simulated = false;
  readonly id: string;
  readonly label: string;
  readonly capabilities: SourceCapabilities;

  constructor(
    endpoint: EsclEndpoint,
    private readonly client: EsclClient,
    private readonly caps: EsclCapabilities | null,
    public status: SourceStatus,
  ) {
    this.id = `escl:${endpoint.name}`;
    this.label = caps ? `${caps.makeAndModel} (${endpoint.name})` : endpoint.name;
    this.capabilities = caps ? toSourceCapabilities(caps) : OFFLINE_CAPS;
  }

  async scan(request: ScanRequest, signal: AbortSignal): Promise<ScannedPage[]> {
    if (!this.caps) throw new AppError('scanner_not_found', `${this.id} did not answer when listed`);
    const feeder = request.paperSource === 'adf';
    const duplex = feeder && request.pages > 1 && this.caps.adfDuplex !== null;
    const input = feeder
      ? duplex
        ? this.caps.adfDuplex
        : (this.caps.adfSimplex ?? this.caps.adfDuplex)
      : this.caps.platen;
    if (!input) throw new AppError('invalid_input', `${this.id} has no ${feeder ? 'feeder' : 'flatbed'}`);
    const area = scanAreaMm(request.role);
    const toUnits = (mm: number): number => Math.round((mm / 25.4) * 300);
    const resolution = input.resolutions.length
      ? input.resolutions.reduce((b, r) =>
          Math.abs(r - request.resolution) < Math.abs(b - request.resolution) ? r : b,
        )
      : request.resolution;
    const format = input.formats.includes('image/png') ? 'image/png' : 'image/jpeg';
    const pages = await this.client.scan(
      {
        inputSource: feeder ? 'Feeder' : 'Platen',
        duplex,
        colourMode: input.colourModes.includes(request.colourMode)
          ? request.colourMode
          : (input.colourModes[0] ?? 'color'),
        resolution,
        width: Math.min(toUnits(area.width), input.maxWidth ?? Infinity),
        height: Math.min(toUnits(area.height), input.maxHeight ?? Infinity),
        format,
      },
      feeder ? request.pages : 1,
      signal,
    );
    if (pages.length < (feeder ? request.pages : 1)) {
      throw new AppError(
        'scanner_no_docs',
        `Asked for ${request.pages} pages, the scanner gave ${pages.length}`,
      );
    }
    return pages.map((bytes) => ({ bytes, origin: 'scanner' as const }));
  }
}
