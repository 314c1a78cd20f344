/**
 * The simulated scanner of training mode (and of tests): a flatbed with a feeder that returns
 * pictures from a callback. Default: the synthetic card; specimen documents plug in through
 * `imageFor` later. Always labelled simulated so no screen mistakes it for a real capture.
 */
import type { CaptureSourceInfo, SourceCapabilities, SourceStatus } from '../../../shared/ipc/devices';
import { renderSyntheticCard } from '../../imaging/synthetic-card';
import { sleep } from '../abort';
import type { CaptureSource, ScannedPage, ScanRequest, SourceProvider } from '../types';

export interface SimulatedScannerOptions {
  id?: string;
  label?: string;
  /** The name in the operator's language (CaptureSourceInfo.labelKey); default: "simulated". */
  labelKey?: CaptureSourceInfo['labelKey'];
  /** The picture for each page (0 = front, 1 = back) of a request. */
  imageFor?: (page: number, request: ScanRequest) => Promise<Buffer>;
  /** Time a scan takes, so the UI's progress and cancel paths get exercised in training. */
  delayMs?: number;
}

const CAPABILITIES: SourceCapabilities = {
  flatbed: true,
  adf: true,
  duplex: true,
  resolutions: [150, 200, 300, 600],
  colourModes: ['color', 'gray'],
  maxWidthMm: 216,
  maxHeightMm: 297,
};

export class SimulatedScanner implements CaptureSource, SourceProvider {
  readonly kind = 'simulated' as const;
  readonly simulated = true;
  readonly capabilities = CAPABILITIES;
  readonly name = 'simulated';
  readonly id: string;
  readonly label: string;
  readonly labelKey: CaptureSourceInfo['labelKey'];
  status: SourceStatus = 'ready';

  constructor(private readonly options: SimulatedScannerOptions = {}) {
    this.id = options.id ?? 'simulated:scanner';
    this.label = options.label ?? 'Simulated scanner (training)';
    this.labelKey = options.labelKey ?? (options.label ? undefined : { key: 'simulated', params: {} });
  }

  list(): Promise<CaptureSource[]> {
    return Promise.resolve([this]);
  }

  async scan(request: ScanRequest, signal: AbortSignal): Promise<ScannedPage[]> {
    const pages = request.paperSource === 'adf' ? request.pages : 1;
    await sleep(this.options.delayMs ?? 150, signal);
    const imageFor =
      this.options.imageFor ??
      ((page: number, r: ScanRequest) =>
        renderSyntheticCard({ dpi: r.resolution, side: page % 2 === 0 ? 'front' : 'back' }));
    const result: ScannedPage[] = [];
    for (let page = 0; page < pages; page++) {
      result.push({ bytes: await imageFor(page, request), origin: 'scanner' });
    }
    return result;
  }
}
