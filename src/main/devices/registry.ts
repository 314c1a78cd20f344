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
    const results = await Promise.all(
      this.providers.map(async (provider) => {
        const signal = AbortSignal.any([this.closing.signal, AbortSignal.timeout(timeout)]);
        try {
          return { provider, sources: await provider.list(signal), failed: false };
        } catch (error) {
          this.options.log.warn('devices.list_failed', {
            provider: provider.name,
            error: error instanceof Error ? error.message : String(error),
          });
          return { provider, sources: [] as CaptureSource[], failed: true };
        }
      }),
    );
    const next = new Map<string, { provider: string; source: CaptureSource }>();
    for (const { provider, sources, failed } of results) {
      if (failed) {
        // Keep what this provider had, shown offline: a slow network scanner should not vanish.
        for (const [id, entry] of this.sources) {
          if (entry.provider === provider.name) {
            entry.source.status = 'offline';
            next.set(id, entry);
          }
        }
        continue;
      }
      for (const source of sources) {
        const previous = this.sources.get(source.id);
        // A source that is scanning right now keeps its object (and its busy state).
        next.set(
          source.id,
          previous?.source.status === 'busy' ? previous : { provider: provider.name, source },
        );
      }
    }
    this.sources = next;
    this.publish();
    return this.list();
  }

  private publish(): void {
    const list = this.list();
    const text = JSON.stringify(list);
    if (text === this.lastPublished) return;
    this.lastPublished = text;
    this.options.onChange?.(list);
  }

  async scan(id: string, request: ScanRequest, signal?: AbortSignal): Promise<ScannedPage[]> {
    const source = this.get(id);
    if (!source) throw new AppError('scanner_not_found', `No capture source ${id}`);
    if (source.status === 'busy') throw new AppError('scanner_busy', `${id} is already scanning`);
    if (request.paperSource === 'adf' && !source.capabilities.adf) {
      throw new AppError('invalid_input', `${id} has no document feeder`);
    }
    const limit = AbortSignal.timeout(this.options.scanTimeoutMs ?? 120_000);
    const combined = AbortSignal.any([limit, this.closing.signal, ...(signal ? [signal] : [])]);
    const previous = source.status;
    source.status = 'busy';
    this.publish();
    const started = performance.now();
    try {
      const pages = await raceAbort(source.scan(request, combined), combined);
      this.options.log.info('devices.scanned', {
        source: id,
        pages: pages.length,
        ms: Math.round(performance.now() - started),
      });
      source.status = 'ready';
      return pages;
    } catch (error) {
      source.status = previous;
      if (error instanceof AppError && error.code === 'scanner_not_found') source.status = 'offline';
      throw error;
    } finally {
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
