/**
 * eSCL network scanners as capture sources: each endpoint from discovery is asked for its
 * capabilities and status; one that does not answer is listed offline rather than dropped, so the
 * operator sees "the network scanner is off" instead of nothing.
 *
 * A device that says `Processing` when listed is listed ready: MFPs say so for a minute after any
 * job (a copy, a fax), and the kiosk's own "busy" means "the kiosk is scanning with it". If it is
 * really busy, the job's 503 is retried with back-off (escl-client.ts).
 */
import sharp from 'sharp';
import type { SourceCapabilities, SourceStatus } from '../../../shared/ipc/devices';
import { AppError } from '../../ipc/errors';
import { nearest } from '../scan-plan';
import type { CaptureSource, ScannedPage, ScanRequest, SourceProvider } from '../types';
import type { EsclDiscovery, EsclEndpoint } from './discovery';
import { EsclClient, type EsclClientOptions } from './escl-client';
import { toSourceCapabilities, type EsclCapabilities, type InputCaps } from './escl-xml';

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

  close(): Promise<void> {
    return this.discovery.close?.() ?? Promise.resolve();
  }

  async list(signal: AbortSignal): Promise<CaptureSource[]> {
    const endpoints = await this.discovery.endpoints(signal);
    return Promise.all(
      endpoints.map(async (endpoint) => {
        const client = new EsclClient(endpoint.url, this.clientOptions);
        try {
          const [caps, status] = await Promise.all([client.capabilities(signal), client.status(signal)]);
          return new EsclSource(endpoint, client, caps, statusOf(status.state));
        } catch {
          return new EsclSource(endpoint, client, null, 'offline');
        }
      }),
    );
  }
}

/** pwg:State → the registry's status; Processing is not "busy" (see the file comment). */
function statusOf(state: string): SourceStatus {
  return state === 'Down' || state === 'Stopped' ? 'offline' : 'ready';
}

/** eSCL lengths are in 1/300 inch. */
const toUnits = (mm: number): number => Math.round((mm / 25.4) * 300);

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

  async scan(
    request: ScanRequest,
    signal: AbortSignal,
    onSheet?: (sheet: number) => void,
  ): Promise<ScannedPage[]> {
    if (!this.caps) throw new AppError('scanner_not_found', `${this.id} did not answer when listed`);
    // A feeder-only device (only <scan:Adf>) scans from its feeder whatever was asked.
    const feeder = request.paperSource === 'adf' || this.caps.platen === null;
    const duplex = feeder && request.duplex && this.caps.adfDuplex !== null;
    const input = feeder
      ? duplex
        ? this.caps.adfDuplex
        : (this.caps.adfSimplex ?? this.caps.adfDuplex)
      : this.caps.platen;
    if (!input) throw new AppError('invalid_input', `${this.id} has no ${feeder ? 'feeder' : 'flatbed'}`);
    const resolution = nearest(input.resolutions, request.resolution);
    const wanted = { width: toUnits(request.areaMm.width), height: toUnits(request.areaMm.height) };
    const region = clampRegion(wanted, input);
    const format = input.formats.includes('image/png') ? 'image/png' : 'image/jpeg';
    const count = feeder ? request.pages : 1;
    // Feeding until empty: NextDocument until the job's 404 (the eSCL spec's end of job), asking
    // for one page over the cap so a sheet too many is seen and the feed stops there.
    const untilEmpty = feeder && request.sheets === 'until-empty';
    const pages = await this.client
      .scan(
        {
          inputSource: feeder ? 'Feeder' : 'Platen',
          duplex,
          colourMode: input.colourModes.includes(request.colourMode)
            ? request.colourMode
            : (input.colourModes[0] ?? 'color'),
          resolution,
          width: region.width,
          height: region.height,
          format,
        },
        untilEmpty ? count + 1 : count,
        signal,
        onSheet,
      )
      .catch((error: unknown) => {
        if (untilEmpty && error instanceof AppError && error.code === 'scanner_no_docs') {
          throw new AppError('scanner_feeder_empty', `${this.id}: the feeder had no sheet`);
        }
        throw error;
      });
    if (untilEmpty && pages.length > count) {
      throw new AppError('scan_too_many_pages', `${this.id}: more than ${count} sheets in the feeder`, {
        max: count,
      });
    }
    if (!untilEmpty && pages.length < count) {
      throw new AppError('scanner_no_docs', `Asked for ${count} pages, the scanner gave ${pages.length}`);
    }
    const cropped =
      region.width > wanted.width || region.height > wanted.height
        ? await Promise.all(pages.map((page) => cropToRegion(page, wanted, region, resolution, feeder)))
        : pages;
    return cropped.map((bytes) => ({ bytes, origin: 'scanner' as const }));
  }
}

/**
 * The region to ask for: what is wanted, raised to the input's minimum (feeders often refuse less
 * than A6, 105 × 148 mm, and answer 409, which reads as "no document") and lowered to its maximum.
 * Units: 1/300 inch.
 */
export function clampRegion(
  wanted: { width: number; height: number },
  input: Pick<InputCaps, 'minWidth' | 'maxWidth' | 'minHeight' | 'maxHeight'>,
): { width: number; height: number } {
  const fit = (v: number, min: number | null, max: number | null): number =>
    Math.min(Math.max(v, min ?? 0), max ?? Infinity);
  return {
    width: fit(wanted.width, input.minWidth, input.maxWidth),
    height: fit(wanted.height, input.minHeight, input.maxHeight),
  };
}

/**
 * Cuts a page scanned larger than wanted (the device's minimum) back to the wanted size. Feeders
 * centre the sheet across their width and start at its leading edge, so the card sits centred
 * horizontally at the top; a platen's origin is its corner, where the card is placed.
 */
export async function cropToRegion(
  page: Buffer,
  wanted: { width: number; height: number },
  region: { width: number; height: number },
  dpi: number,
  feeder: boolean,
): Promise<Buffer> {
  const image = sharp(page, { limitInputPixels: 200_000_000 });
  const meta = await image.metadata();
  const fullW = meta.width ?? 0;
  const fullH = meta.height ?? 0;
  // Pixels per 1/300 inch from what arrived (the device may not have honoured the dpi exactly).
  const sx = fullW / region.width || dpi / 300;
  const sy = fullH / region.height || dpi / 300;
  const width = Math.max(1, Math.min(fullW, Math.round(wanted.width * sx)));
  const height = Math.max(1, Math.min(fullH, Math.round(wanted.height * sy)));
  const left = feeder ? Math.floor((fullW - width) / 2) : 0;
  const extracted = image.extract({ left, top: 0, width, height });
  return meta.format === 'jpeg' ? extracted.jpeg({ quality: 95 }).toBuffer() : extracted.png().toBuffer();
}
