/**
 * The simulated scanner of training mode (and of tests): a flatbed with a feeder that returns
 * pictures from a callback. Default: the synthetic card; specimen documents plug in through
 * `imageFor` later. Always labelled simulated so no screen mistakes it for a real capture.
 */
import type { CaptureSourceInfo, SourceCapabilities, SourceStatus } from '../../../shared/ipc/devices';
import { renderSyntheticCard } from '../../imaging/synthetic-card';
import { AppError } from '../../ipc/errors';
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
  /**
   * Sheets in the simulated feeder for a feed-until-empty scan (default 3): 0 is an empty feeder
   * (`scanner_feeder_empty`), more than the request's cap stops the feed (`scan_too_many_pages`).
   * A counted feeder scan is not limited by it (training never runs out of cards).
   */
  feederSheets?: number | (() => number);
  /** Called after each sheet is scanned with its number (1-based), e.g. for progress. */
  onSheet?: (sheet: number) => void;
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

  async scan(
    request: ScanRequest,
    signal: AbortSignal,
    onSheet?: (sheet: number) => void,
  ): Promise<ScannedPage[]> {
    const untilEmpty = request.paperSource === 'adf' && request.sheets === 'until-empty';
    const sheets = this.options.feederSheets;
    const inFeeder = typeof sheets === 'function' ? sheets() : (sheets ?? 3);
    // Like a real feed: one sheet over the cap is drawn before the scan stops.
    const pages = untilEmpty
      ? Math.min(inFeeder, request.pages + 1)
      : request.paperSource === 'adf'
        ? request.pages
        : 1;
    await sleep(this.options.delayMs ?? 150, signal);
    if (untilEmpty && pages === 0) {
      throw new AppError('scanner_feeder_empty', `${this.id}: the simulated feeder is empty`);
    }
    const imageFor =
      this.options.imageFor ??
      ((page: number, r: ScanRequest) =>
        renderSyntheticCard({ dpi: r.resolution, side: page % 2 === 0 ? 'front' : 'back' }));
    const result: ScannedPage[] = [];
    for (let page = 0; page < pages; page++) {
      result.push({ bytes: await imageFor(page, request), origin: 'scanner' });
      this.options.onSheet?.(page + 1);
      onSheet?.(page + 1);
    }
    if (untilEmpty && pages > request.pages) {
      throw new AppError('scan_too_many_pages', `${this.id}: more than ${request.pages} sheets`, {
        max: request.pages,
      });
    }
    return result;
  }
}
