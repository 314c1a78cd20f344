/**
 * Knows every capture source, keeps the list fresh (on request, and debounced after USB hot-plug)
 * and runs scans with a timeout and cancellation. One scan per source at a time: a second one is
 * refused as busy rather than queued behind a card the operator may already have removed.
 */
import type { CaptureSourceInfo } from '../../shared/ipc/devices';
import { AppError } from '../ipc/errors';
import type { Logger } from '../logging/logger';
import { abortError } from './abort';
import {
  describeSource,
  type CaptureSource,
  type ScanRequest,
  type ScannedPage,
  type SourceProvider,
} from './types';

export interface RegistryOptions {
  log: Logger;
  /** Called with the new list whenever it differs from the previous one. */
  onChange?: (sources: CaptureSourceInfo[]) => void;
  scanTimeoutMs?: number;
  listTimeoutMs?: number;
  /** Quiet time after the last hot-plug event before re-listing (a plug-in fires several events). */
  debounceMs?: number;
}

export class DeviceRegistry {
  private sources = new Map<string, { provider: string; source: CaptureSource }>();
  private refreshing: Promise<CaptureSourceInfo[]> | null = null;
  private refreshAgain = false;
  private debounce: NodeJS.Timeout | null = null;
  private readonly closing = new AbortController();
  private lastPublished = '';
  /** Sources the kiosk itself is scanning with now: the only "busy" that refuses a scan. */
  private readonly scanning = new Set<string>();

  constructor(
    private readonly providers: SourceProvider[],
    private readonly options: RegistryOptions,
  ) {}

  list(): CaptureSourceInfo[] {
    return [...this.sources.values()].map(({ source }) => describeSource(source));
  }

  get(id: string): CaptureSource | undefined {
    return this.sources.get(id)?.source;
  }

  /** Re-lists every provider. Concurrent calls share one run; a call during a run queues one more. */
  refresh(): Promise<CaptureSourceInfo[]> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.runRefresh().finally(() => {
      this.refreshing = null;
      if (this.refreshAgain && !this.closing.signal.aborted) {
        this.refreshAgain = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  /** For hot-plug events: refresh once things have been quiet for debounceMs. */
  requestRefresh(): void {
    if (this.closing.signal.aborted) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.refresh();
    }, this.options.debounceMs ?? 750);
  }

  private async runRefresh(): Promise<CaptureSourceInfo[]> {
    const timeout = this.options.listTimeoutMs ?? 15_000;
    // Each provider's answer is applied as soon as it arrives: the simulated scanner and the
    // watched folder appear at once, while a SANE listing may take seconds.
    await Promise.all(
      this.providers.map(async (provider, index) => {
        const key = `${index}:${provider.name}`;
        const signal = AbortSignal.any([this.closing.signal, AbortSignal.timeout(timeout)]);
        let sources: CaptureSource[] | null;
        try {
          sources = await provider.list(signal);
        } catch (error) {
          this.options.log.warn('devices.list_failed', {
            provider: provider.name,
            error: error instanceof Error ? error.message : String(error),
          });
          sources = null;
        }
        this.apply(key, sources);
      }),
    );
    return this.list();
  }

  /** Replaces one provider's sources; `null` (listing failed) keeps them, shown offline. */
  private apply(key: string, sources: CaptureSource[] | null): void {
    const next = new Map(this.sources);
    if (sources === null) {
      // A slow network scanner should not vanish.
      for (const entry of next.values()) if (entry.provider === key) entry.source.status = 'offline';
    } else {
      for (const [id, entry] of next) if (entry.provider === key) next.delete(id);
      for (const source of sources) {
        const previous = this.sources.get(source.id);
        // A source the kiosk is scanning with right now keeps its object (and its busy state). What
        // a device says when listed (an MFP's lingering "Processing") never makes it stick.
        next.set(source.id, previous && this.scanning.has(source.id) ? previous : { provider: key, source });
      }
    }
    // Keep the providers' order (and each provider's own order) whatever answered first.
    const rank = (entry: { provider: string }): number => Number.parseInt(entry.provider, 10);
    this.sources = new Map([...next].sort((x, y) => rank(x[1]) - rank(y[1])));
    this.publish();
  }

  private publish(): void {
    const list = this.list();
    const text = JSON.stringify(list);
    if (text === this.lastPublished) return;
    this.lastPublished = text;
    this.options.onChange?.(list);
  }

  async scan(
    id: string,
    request: ScanRequest,
    signal?: AbortSignal,
    onSheet?: (sheet: number) => void,
  ): Promise<ScannedPage[]> {
    const source = this.get(id);
    if (!source) throw new AppError('scanner_not_found', `No capture source ${id}`);
    if (this.scanning.has(id)) throw new AppError('scanner_busy', `${id} is already scanning`);
    if (request.paperSource === 'adf' && !source.capabilities.adf) {
      throw new AppError('invalid_input', `${id} has no document feeder`);
    }
    const limit = AbortSignal.timeout(this.options.scanTimeoutMs ?? 120_000);
    const combined = AbortSignal.any([limit, this.closing.signal, ...(signal ? [signal] : [])]);
    const previous = source.status === 'busy' ? 'ready' : source.status;
    this.scanning.add(id);
    source.status = 'busy';
    this.publish();
    const started = performance.now();
    try {
      const pages = await raceAbort(source.scan(request, combined, onSheet), combined);
      this.options.log.info('devices.scanned', {
        source: id,
        pages: pages.length,
        ms: Math.round(performance.now() - started),
      });
      source.status = 'ready';
      return pages;
    } catch (error) {
      // A refused setting, a jam or an empty feeder leave the device online; only "not found" does not.
      source.status = previous;
      if (error instanceof AppError && error.code === 'scanner_not_found') source.status = 'offline';
      throw error;
    } finally {
      this.scanning.delete(id);
      this.publish();
    }
  }

  async close(): Promise<void> {
    this.closing.abort(new AppError('scan_cancelled', 'The kiosk is shutting down'));
    if (this.debounce) clearTimeout(this.debounce);
    await Promise.allSettled(this.providers.map(async (p) => p.close?.()));
  }
}

/** A source that ignores its signal must not hold the operator hostage: stop waiting for it. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
