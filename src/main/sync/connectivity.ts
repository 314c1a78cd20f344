/**
 * Is each provider reachable? The host reports the operating system's online/offline signal
 * (`setOsOnline`); each provider is checked with its flows' cheap `probe()`. Network failures
 * during sync trigger a probe; an unreachable provider is probed again with back-off, and the relay
 * sends it nothing meanwhile. Coming back online wakes the relay (which adds its own jitter).
 */
import type { ProviderId } from '../../shared/domain/flows';
import { providerIdSchema } from '../../shared/domain/flows';
import type { Logger } from '../logging/logger';
import { backoffDelay } from './backoff';
import type { FlowRegistry } from './flow-types';

export type Reachability = 'online' | 'offline' | 'unknown';

export interface ConnectivityOptions {
  probeTimeoutMs: number;
  /** Back-off between probes of an unreachable provider. */
  reprobeBaseMs: number;
  reprobeCapMs: number;
}

export const DEFAULT_CONNECTIVITY: ConnectivityOptions = {
  probeTimeoutMs: 5_000,
  reprobeBaseMs: 5_000,
  reprobeCapMs: 5 * 60_000,
};

export class Connectivity {
  private os = true;
  private readonly state = new Map<ProviderId, Reachability>();
  private readonly probing = new Set<ProviderId>();
  private readonly failures = new Map<ProviderId, number>();
  private readonly timers = new Map<ProviderId, NodeJS.Timeout>();
  private readonly listeners = new Set<(wentOnline: boolean) => void>();
  private stopped = false;

  constructor(
    private readonly flows: FlowRegistry,
    private readonly log: Logger,
    private readonly options: ConnectivityOptions = DEFAULT_CONNECTIVITY,
  ) {}

  /** Called with true when something became reachable, false when something went away. */
  onChange(listener: (wentOnline: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get osOnline(): boolean {
    return this.os;
  }

  reachability(provider: ProviderId): Reachability {
    if (!this.os) return 'offline';
    return this.state.get(provider) ?? 'unknown';
  }

  /** 'unknown' counts as reachable: with no probe, trying is the only way to find out. */
  isReachable(provider: ProviderId): boolean {
    return this.reachability(provider) !== 'offline';
  }

  offlineProviders(): ProviderId[] {
    return providerIdSchema.options.filter((provider) => !this.isReachable(provider));
  }

  snapshot(): Record<ProviderId, Reachability> {
    return Object.fromEntries(
      providerIdSchema.options.map((provider) => [provider, this.reachability(provider)]),
    ) as Record<ProviderId, Reachability>;
  }

  /** The host's OS signal (Electron `net.isOnline`/online events, or the harness's own check). */
  setOsOnline(online: boolean): void {
    if (online === this.os) return;
    this.os = online;
    this.log.info('connectivity.os', { online });
    if (online) {
      for (const provider of this.providersWithProbe()) void this.probe(provider);
    }
    this.emit(online);
  }

  /** A network-type failure talking to the provider: check whether it is reachable at all. */
  reportFailure(provider: ProviderId): void {
    if (this.probeOf(provider)) void this.probe(provider);
  }

  reportSuccess(provider: ProviderId): void {
    this.failures.delete(provider);
    this.set(provider, 'online');
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private providersWithProbe(): ProviderId[] {
    return providerIdSchema.options.filter((provider) => this.probeOf(provider) !== undefined);
  }

  private probeOf(provider: ProviderId): ((signal: AbortSignal) => Promise<boolean>) | undefined {
    for (const flow of this.flows.values()) {
      if (flow.provider === provider && flow.probe) return flow.probe.bind(flow);
    }
    return undefined;
  }

  /** Probes now; resolves with the result. Concurrent requests for one provider share one probe. */
  async probe(provider: ProviderId): Promise<boolean> {
    const probe = this.probeOf(provider);
    if (!probe || this.probing.has(provider) || this.stopped) return this.isReachable(provider);
    this.probing.add(provider);
    let reachable = false;
    try {
      reachable = await probe(AbortSignal.timeout(this.options.probeTimeoutMs));
    } catch {
      reachable = false;
    } finally {
      this.probing.delete(provider);
    }
    if (reachable) {
      this.reportSuccess(provider);
    } else {
      const failures = (this.failures.get(provider) ?? 0) + 1;
      this.failures.set(provider, failures);
      this.set(provider, 'offline');
      this.schedule(
        provider,
        backoffDelay(failures, { baseMs: this.options.reprobeBaseMs, capMs: this.options.reprobeCapMs }),
      );
    }
    return reachable;
  }

  private schedule(provider: ProviderId, delayMs: number): void {
    if (this.stopped || !this.os) return;
    clearTimeout(this.timers.get(provider));
    const timer = setTimeout(
      () => {
        this.timers.delete(provider);
        void this.probe(provider);
      },
      Math.max(delayMs, this.options.reprobeBaseMs / 2),
    );
    timer.unref();
    this.timers.set(provider, timer);
  }

  private set(provider: ProviderId, value: Reachability): void {
    const before = this.state.get(provider);
    if (before === value) return;
    this.state.set(provider, value);
    this.log.info('connectivity.provider', { provider, reachability: value });
    this.emit(value === 'online');
  }

  private emit(wentOnline: boolean): void {
    for (const listener of this.listeners) listener(wentOnline);
  }
}
