/**
 * Composes the offline store and the relay for a host: opens the store (or records why it cannot:
 * "service needed"), builds the case service, the relay, connectivity, queue events and the
 * retention sweep, and shuts them down in order. This is what core.ts creates and api.ts calls.
 */
import { join } from 'node:path';
import type { CaseSummary, QueueTotals, RelayStatus } from '../../shared/ipc/queue';
import { AppError } from '../ipc/errors';
import type { Logger } from '../logging/logger';
import type { DiskSpace } from '../store/disk-space';
import { StoreUnavailableError } from '../store/errors';
import { FileKeyProvider, type KeyProvider } from '../store/key-provider';
import { KioskStore, type StoreOptions } from '../store/store';
import { CaseService } from './case-service';
import { Connectivity, type ConnectivityOptions, DEFAULT_CONNECTIVITY } from './connectivity';
import type { FlowRegistry } from './flow-types';
import { QueueNotifier } from './queue-notifier';
import { Relay, type RelayOptions } from './relay';
import { SecretVault } from './secret-vault';

export interface QueueSettings {
  /** Personal data of completed cases is removed this long after completion. Default 7 days. */
  retentionMs: number;
  /** New captures are refused when less than this is free. Default 200 MB. */
  freeSpaceFloorBytes: number;
  /** How often the retention sweep runs. Default hourly. */
  retentionSweepMs: number;
  relay: Partial<RelayOptions>;
  connectivity: ConnectivityOptions;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  retentionMs: 7 * 24 * 3600_000,
  freeSpaceFloorBytes: 200 * 1024 * 1024,
  retentionSweepMs: 3600_000,
  relay: {},
  connectivity: DEFAULT_CONNECTIVITY,
};

export interface QueueEvents {
  caseChanged(summary: CaseSummary): void;
  totalsChanged(totals: QueueTotals): void;
  statusChanged(status: RelayStatus): void;
}

export interface QueueServiceOptions {
  dataDir: string;
  flows: FlowRegistry;
  log: Logger;
  events: QueueEvents;
  /** Defaults to a 0600 key file next to the database (the Node host). */
  keys?: KeyProvider;
  settings?: Partial<QueueSettings>;
  disk?: DiskSpace;
  /** Start sending right away (hosts do; some tests drive the relay themselves). */
  autoStart?: boolean;
  /** The clock (ms since the epoch) the store and the relay decide by; tests inject their own. */
  now?: () => number;
  /** Tests only: the sealed image files' file system and "crash here" hook (store/image-files.ts). */
  imageFiles?: StoreOptions['imageFiles'];
}

export const KEY_FILE = 'store.key';

export class QueueService {
  readonly store: KioskStore | undefined;
  readonly relay: Relay | undefined;
  readonly connectivity: Connectivity;
  readonly secrets = new SecretVault();
  private readonly service: CaseService | undefined;
  private readonly notifier: QueueNotifier | undefined;
  private readonly failure: StoreUnavailableError | undefined;
  private readonly settings: QueueSettings;
  private readonly sweep: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: QueueServiceOptions) {
    this.settings = { ...DEFAULT_QUEUE_SETTINGS, ...options.settings };
    const log = options.log.child({ component: 'queue' });
    this.connectivity = new Connectivity(options.flows, log, this.settings.connectivity);
    try {
      this.store = KioskStore.open({
        dataDir: options.dataDir,
        keys: options.keys ?? new FileKeyProvider(join(options.dataDir, KEY_FILE)),
        freeSpaceFloorBytes: this.settings.freeSpaceFloorBytes,
        ...(options.disk ? { disk: options.disk } : {}),
        ...(options.now ? { now: options.now } : {}),
        ...(options.imageFiles ? { imageFiles: options.imageFiles } : {}),
      });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // Never start over with an empty database: the queue stays unavailable until IT looks at it.
      this.failure = error;
      log.error('store.service_needed', {
        failure: error.failure,
        message: error.message,
        error: error.cause,
      });
      return;
    }
    const store = this.store;
    const notifier = (this.notifier = new QueueNotifier(store, options.flows, options.events));
    this.relay = new Relay(
      {
        store,
        flows: options.flows,
        secrets: this.secrets,
        connectivity: this.connectivity,
        log,
        changed: (caseId) => notifier.changed(caseId),
      },
      this.settings.relay,
    );
    const relay = this.relay;
    this.service = new CaseService(store, options.flows, this.secrets, {
      changed: (caseId) => notifier.changed(caseId),
      queued: () => relay.kick(),
    });
    // Captures whose rows committed during their files' sync (capture-commit.ts): kept when their
    // files are whole, deleted (never acknowledged, never sent) when a power cut took their bytes.
    const pending = store.settlePendingFiles();
    if (pending.kept.length + pending.dropped.length > 0) {
      log.warn('store.capture_files_checked', { kept: pending.kept.length, dropped: pending.dropped });
    }
    // Captures journalled but not committed when the last run crashed (store.ts
    // `journalledCaptures`): committed now, before the relay and the orphan sweep can run.
    const recovered = this.service.recoverJournalled();
    if (recovered.length > 0) log.info('store.captures_recovered', { count: recovered.length });
    this.connectivity.onChange(() => options.events.statusChanged(this.status()));
    this.sweep = setInterval(() => this.purgeDue(), this.settings.retentionSweepMs);
    this.sweep.unref();
    log.info('store.opened', { file: store.file });
    if (options.autoStart ?? true) this.start();
  }

  /** Starts the relay (after its jitter) and a first retention sweep. */
  start(): void {
    this.purgeDue();
    this.relay?.start();
  }

  /** Why the store is unusable, or undefined when it is fine. Hosts show "service needed" for it. */
  get serviceNeeded(): StoreUnavailableError | undefined {
    return this.failure;
  }

  /** UI-facing case operations; throws storage_failure while the store needs service. */
  get cases(): CaseService {
    return this.available();
  }

  private available(): CaseService {
    if (!this.service) {
      throw new AppError('storage_failure', this.failure?.message ?? 'The store is closed', {
        failure: this.failure?.failure,
      });
    }
    return this.service;
  }

  status(): RelayStatus {
    return {
      storage: this.failure ? 'service_needed' : 'ok',
      storageMessage: this.failure?.message ?? null,
      paused: this.relay?.isPaused ?? true,
      online: this.connectivity.osOnline,
      providers: this.connectivity.snapshot(),
      activeCases: this.relay?.activeCases ?? 0,
    };
  }

  pause(): RelayStatus {
    this.available(); // refuses while the store needs service
    this.relay?.pause();
    this.options.events.statusChanged(this.status());
    return this.status();
  }

  resume(): RelayStatus {
    this.available();
    this.relay?.resume();
    this.options.events.statusChanged(this.status());
    return this.status();
  }

  /** The host's OS network signal. */
  setOsOnline(online: boolean): void {
    this.connectivity.setOsOnline(online);
  }

  /** Supervisor: purge every completed case now. */
  purgeCompletedNow(): number {
    return this.cases.purgeCompleted(0);
  }

  /**
   * The retention in force, ms: the administrator's setting in the store (settings screen) when
   * there is one, else the configuration's (`queue.retentionDays`), else 7 days. Read at every
   * sweep, so a change applies at the next one.
   */
  get retentionMs(): number {
    const days = this.store?.settings.read().retentionDays;
    return days !== undefined ? days * 86_400_000 : this.settings.retentionMs;
  }

  /** Runs the retention sweep now (after the administrator shortened the retention). */
  applyRetention(): void {
    this.purgeDue();
  }

  private purgeDue(): void {
    if (!this.service) return;
    try {
      const purged = this.service.purgeCompleted(this.retentionMs);
      if (purged > 0) this.options.log.info('store.retention_purged', { cases: purged });
    } catch (error) {
      this.options.log.error('store.retention_failed', { error });
    }
  }

  /** Quit: drain the relay (in-flight calls finish or are aborted after `graceMs`), then close. */
  async close(graceMs = 10_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweep);
    this.connectivity.stop();
    await this.relay?.drain(graceMs);
    this.notifier?.close();
    this.secrets.clear();
    await this.store?.images.files.close(); // the pool's background fill, if one is running
    this.store?.close();
  }
}
