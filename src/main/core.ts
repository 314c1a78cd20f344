/**
 * Composes the main-process services for a host (the Electron shell, the browser harness, tests).
 * Nothing here imports Electron: hosts pass in what differs (data folder, host name, version).
 */
import { mkdirSync } from 'node:fs';
import type { FlowId } from '../shared/domain/flows';
import { AdminTools } from './admin/admin-tools';
import { withReplacedSecrets } from './admin/provider-checks';
import { SettingsService } from './admin/settings-service';
import { createHandlers } from './api';
import { AppStatusService } from './app-status';
import { configPath, loadKioskConfig, modeOf, type KioskConfig } from './config/kiosk-config';
import { SettingsFile } from './config/settings';
import { StaffCases } from './cases/staff-cases';
import { createDevices, type Devices } from './devices/compose';
import { specimenScanners } from './specimens/simulated-scanners';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';
import { AppError } from './ipc/errors';
import { EventBus } from './ipc/event-bus';
import type { HandlerTable } from './ipc/handlers';
import { createFileLogger, type Logger } from './logging/logger';
import type { ProvidersConfig } from './providers/config';
import { createFlowRegistry } from './providers/registry';
import type { Decryptor } from './providers/secrets';
import { startTrainingProviders, type TrainingProviders } from './providers/training';
import type { KeyProvider } from './store/key-provider';
import type { FlowDefinition, FlowRegistry } from './sync/flow-types';
import { QueueService, type QueueSettings } from './sync/queue-service';
import { AuditService } from './security/audit-service';
import { providerReferenceOf } from './security/case-record';
import { fileSecretSealer } from './security/file-secrets';
import { DEFAULT_LOCKOUT } from './security/lockout';
import { SecurityService } from './security/security-service';
import { writeDiagnostics } from './security/diagnostics';
import { IntegrityService } from './store/integrity-service';

export interface CoreOptions {
  dataDir: string;
  host: 'electron' | 'harness';
  name: string;
  version: string;
  env?: NodeJS.ProcessEnv;
  /** Defaults to a rotating file logger in `<dataDir>/logs`. */
  log?: Logger;
  echoLogs?: boolean;
  /** The provider flows (src/main/providers/registry.ts); none yet means nothing is sent. */
  flows?: FlowRegistry;
  /** Where the store key lives: Electron passes its safeStorage adapter; default a 0600 file. */
  keys?: KeyProvider;
  queue?: Partial<QueueSettings>;
  /** Decrypts `{ encrypted }` provider secrets (Electron: safeStorage; default: the file key). */
  decryptSecret?: Decryptor;
  /** Makes `{ encrypted }` values (admin.encryptSecret); must match decryptSecret. */
  encryptSecret?: (plain: string) => string;
  /** Electron: the machine-wide configuration folder (ProgramData, /etc), read before the data folder's. */
  machineConfigDir?: string;
  /** The clock of sign-in, lockout, idle lock and the audit trail (tests inject one). */
  now?: () => number;
}

/** The providers the relay talks to: the configured ones, or training mode's simulators. */
export interface ActiveProviders {
  mode: 'training' | 'production';
  config: ProvidersConfig;
  flows: FlowRegistry;
  /** Training mode's running simulators (the harness can stop and start them to rehearse outages). */
  training?: TrainingProviders;
}

export interface KioskCore {
  config: KioskConfig;
  handlers: HandlerTable;
  dispatch: Dispatch;
  events: EventBus;
  log: Logger;
  devices: Devices;
  /** The offline store and the relay; `queue.serviceNeeded` says when the store cannot be used. */
  queue: QueueService;
  /** Staff sign-in, roles and the session (the dispatcher's gate). */
  security: SecurityService;
  audit: AuditService;
  /** The store's integrity check (after an unclean shutdown at opening, else in the background). */
  integrity: IntegrityService;
  /**
   * Resolves once the providers are ready. In training mode the simulators start on loopback in
   * the background (so startCore stays synchronous); close() stops them.
   */
  providers: Promise<ActiveProviders>;
  close(): Promise<void>;
}

export function startCore(options: CoreOptions): KioskCore {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const config = loadKioskConfig(configPath(options.dataDir, options.env, options.machineConfigDir));
  const log =
    options.log ??
    createFileLogger(options.dataDir, { level: config.logLevel, echo: options.echoLogs ?? false });
  const events = new EventBus();
  const settings = new SettingsFile(options.dataDir);
  const appStatus = new AppStatusService(
    { name: options.name, version: options.version, host: options.host },
    config,
    settings,
    events,
    // Read at each status: the administrator's settings screen changes them while the kiosk runs.
    {
      defaultLanguage: () => adminSettings.current().defaultLanguage,
      idleTimeoutSeconds: () => adminSettings.idleTimeoutSeconds(),
    },
    () => integrity.status(),
  );
  const mode = modeOf(config);
  const devices = createDevices({
    config: config.devices,
    mode,
    dataDir: options.dataDir,
    log: log.child({ component: 'devices' }),
    events,
    simulatedScanners: specimenScanners(),
  });

  // The relay reads flows from this map as it goes; in training mode they arrive once the
  // simulators listen (a few milliseconds), so the map is filled then and the relay woken.
  const flows = new Map<FlowId, FlowDefinition>(options.flows ?? []);
  const queue = new QueueService({
    dataDir: options.dataDir,
    flows,
    log,
    ...(options.keys ? { keys: options.keys } : {}),
    settings: {
      ...(config.queue.retentionDays !== undefined
        ? { retentionMs: config.queue.retentionDays * 86_400_000 }
        : {}),
      ...(config.queue.freeSpaceFloorMb !== undefined
        ? { freeSpaceFloorBytes: config.queue.freeSpaceFloorMb * 1_048_576 }
        : {}),
      ...options.queue,
      relay: {
        // A training kiosk has no fleet to spread out: start sending at once.
        ...(mode === 'training' ? { startJitterMs: 0 } : {}),
        ...(config.queue.concurrency ? { concurrency: config.queue.concurrency } : {}),
        ...options.queue?.relay,
      },
    },
    events: {
      caseChanged: (summary) => events.emit('queue.caseChanged', summary),
      totalsChanged: (totals) => events.emit('queue.totalsChanged', totals),
      statusChanged: (status) => events.emit('queue.statusChanged', status),
    },
  });

  // The administrator's settings (settings screen): over the configuration, applied at once.
  const adminSettings = new SettingsService({
    store: () => queue.store,
    configured: {
      defaultLanguage: config.defaultLanguage,
      idleTimeoutSeconds: config.idleTimeoutSeconds,
      lockAfterSeconds: config.security.lockAfterSeconds,
      retentionDays:
        config.queue.retentionDays ??
        (options.queue?.retentionMs !== undefined ? options.queue.retentionMs / 86_400_000 : 7),
    },
    now: options.now ?? Date.now,
    applied: (changed) => {
      if (changed.includes('retentionDays')) queue.applyRetention();
      appStatus.defaultsChanged(changed.includes('defaultLanguage'));
      if (changed.includes('lockAfterMinutes')) security.settingsChanged();
    },
  });

  // Provider secrets: the host's protection (Electron safeStorage) or, on the Node host, the file key.
  const sealer = fileSecretSealer(options.dataDir);
  const decryptSecret = options.decryptSecret ?? ((text: string) => sealer.decrypt(text));
  const encryptSecret =
    options.encryptSecret ?? (options.decryptSecret ? undefined : (plain: string) => sealer.encrypt(plain));
  const registryOptions = { log, decrypt: decryptSecret };
  const training =
    mode === 'training' && !options.flows
      ? startTrainingProviders({
          log,
          ...(config.training.jumioStatusPollGapsSeconds
            ? { jumioStatusPollGapsSeconds: config.training.jumioStatusPollGapsSeconds }
            : {}),
        })
      : undefined;
  const providers: Promise<ActiveProviders> = (
    training
      ? training.then((t) => ({
          mode,
          config: t.config,
          flows: createFlowRegistry(
            withReplacedSecrets(t.config, adminSettings.providerSecrets()),
            registryOptions,
          ),
          training: t,
        }))
      : Promise.resolve({
          mode,
          config: config.providers,
          flows:
            options.flows ??
            createFlowRegistry(
              withReplacedSecrets(config.providers, adminSettings.providerSecrets()),
              registryOptions,
            ),
        })
  ).then((active) => {
    for (const [id, flow] of active.flows) flows.set(id, flow);
    queue.relay?.kick();
    return active;
  });
  // A failure is reported to whoever awaits `providers`; here it is only logged, never unhandled.
  providers.catch((error: unknown) => log.error('providers.start_failed', { error }));

  const now = options.now ?? Date.now;
  const security = new SecurityService({
    store: () => queue.store,
    mode,
    log: log.child({ component: 'security' }),
    now,
    lockAfterMs: () => adminSettings.lockAfterMs(),
    lockout: { ...DEFAULT_LOCKOUT, freeAttempts: config.security.freeAttempts },
    firstAdministrator: config.security.firstAdministrator,
    changed: (session) => events.emit('auth.sessionChanged', session),
  });
  const audit = new AuditService({
    store: () => queue.store,
    dataDir: options.dataDir,
    log: log.child({ component: 'audit' }),
    now,
  });
  const store = queue.store;
  if (store) {
    store.audit.describe = (event) => {
      if (event.type !== 'state:completed') return {};
      const reference = providerReferenceOf(store.steps.answers(event.caseId));
      return reference ? { providerReference: reference } : {};
    };
    audit.verifyInBackground();
  }
  // The integrity check of a cleanly closed store: in a worker, some time after start-up; the orphan
  // image-file sweep at the same moment, off the first screen's path.
  const integrity = new IntegrityService({
    ...(store ? { sweep: () => store.sweepImageFiles() } : {}),
    file: store?.file,
    checkedAtOpening: store?.integrityChecked ?? false,
    background: config.store.backgroundCheck,
    delayMs: config.store.backgroundCheckDelaySeconds * 1000,
    log: log.child({ component: 'store' }),
    now,
    auditFailure: (result) =>
      queue.store?.audit.append({
        at: now(),
        action: 'store.integrity_failed',
        detail: { problems: result.problems.slice(0, 5), ms: Math.round(result.ms) },
      }),
    changed: () => appStatus.storeCheckChanged(),
  });
  integrity.start();
  const cases = new StaffCases({
    devices: devices.service,
    cases: () => queue.cases,
    flows,
    // The signed-in operator of the call: stored on the case and sent to the provider (Lumin userId).
    operator: () => security.actingOperator(),
    language: () => appStatus.language,
    holdSecret: (caseId, name, value) => queue.cases.holdSecret(caseId, name, value),
    feedProgress: (progress) => events.emit('devices.feedProgress', progress),
    view: {
      secretHeld: (caseId, name) => queue.secrets.get(caseId, name) !== undefined,
      expiryWarningDays: () => config.expiryWarningDays,
      now: () => Date.now(),
      operatorName: (caseId) => queue.cases.operatorName(caseId),
      approverName: (caseId) => queue.cases.approverName(caseId),
    },
  });
  const admin = new AdminTools({
    settings: adminSettings,
    devices: devices.service,
    providers: async () => (await providers).config,
    encryptSecret,
    secretsReplaced: async () => {
      const active = await providers;
      if (options.flows) return; // a test's own flows: nothing built from the configuration
      const rebuilt = createFlowRegistry(
        withReplacedSecrets(active.config, adminSettings.providerSecrets()),
        registryOptions,
      );
      for (const [id, flow] of rebuilt) flows.set(id, flow);
    },
    audit: (action, detail) => security.recordAdmin(action, detail),
  });
  const handlers = createHandlers({
    admin,
    appStatus,
    devices: devices.service,
    queue,
    cases,
    security,
    audit,
    encryptSecret,
    resetTraining: async () => {
      const active = await providers;
      if (!active.training) {
        throw new AppError('training_only', 'Training data can be reset in training mode only');
      }
      try {
        const reset = await active.training.reset();
        security.recordAdmin('training.reset', { simulators: reset });
        return { reset };
      } catch (error) {
        log.warn('training.reset_failed', { error });
        throw new AppError('unavailable', 'A training simulator cannot be reached to reset it');
      }
    },
    diagnostics: (days) =>
      writeDiagnostics(
        {
          dataDir: options.dataDir,
          versions: { app: options.version, host: options.host, mode, ...process.versions },
          config,
          devices: () => devices.service.list(),
          queue: () =>
            queue.store
              ? {
                  totals: queue.cases.totals(),
                  status: queue.status(),
                  // Sealed image files against their rows (counts only): store/images-repo.ts
                  imageFiles: queue.store.images.fileReport(),
                }
              : { serviceNeeded: queue.serviceNeeded?.message ?? 'store closed' },
          audit: () => (queue.store ? audit.verify() : null),
          storeCheck: () => integrity.report(),
          now,
        },
        days,
      ),
  });
  const dispatch = createDispatcher(handlers, log, security);
  log.info('core.started', { host: options.host, version: options.version, mode });
  return {
    config,
    handlers,
    dispatch,
    events,
    log,
    devices,
    queue,
    security,
    audit,
    providers,
    integrity,
    close: async () => {
      integrity.stop();
      await devices.close();
      await queue.close();
      if (training) await training.then((t) => t.close()).catch(() => undefined);
      log.info('core.stopped');
      await log.close();
    },
  };
}
