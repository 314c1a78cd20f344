/**
 * Composes the main-process services for a host (the Electron shell, the browser harness, tests).
 * Nothing here imports Electron: hosts pass in what differs (data folder, host name, version).
 */
import { mkdirSync } from 'node:fs';
import { createHandlers } from './api';
import { AppStatusService } from './app-status';
import { configPath, loadKioskConfig, modeOf, type KioskConfig } from './config/kiosk-config';
import { SettingsFile } from './config/settings';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';
import { EventBus } from './ipc/event-bus';
import type { HandlerTable } from './ipc/handlers';
import { createFileLogger, type Logger } from './logging/logger';
import type { ProvidersConfig } from './providers/config';
import { createFlowRegistry } from './providers/registry';
import type { Decryptor } from './providers/secrets';
import { startTrainingProviders } from './providers/training';
import type { FlowRegistry } from './sync/flow-types';

export interface CoreOptions {
  dataDir: string;
  host: 'electron' | 'harness';
  name: string;
  version: string;
  env?: NodeJS.ProcessEnv;
  /** Defaults to a rotating file logger in `<dataDir>/logs`. */
  log?: Logger;
  echoLogs?: boolean;
  /** Decrypts `{ encrypted }` provider secrets (Electron: safeStorage). */
  decryptSecret?: Decryptor;
}

/** The providers the relay talks to: the configured ones, or training mode's simulators. */
export interface ActiveProviders {
  mode: 'training' | 'production';
  config: ProvidersConfig;
  flows: FlowRegistry;
}

export interface KioskCore {
  config: KioskConfig;
  handlers: HandlerTable;
  dispatch: Dispatch;
  events: EventBus;
  log: Logger;
  /**
   * Resolves once the providers are ready. In training mode the simulators start on loopback in
   * the background (so startCore stays synchronous); close() stops them.
   */
  providers: Promise<ActiveProviders>;
  close(): Promise<void>;
}

export function startCore(options: CoreOptions): KioskCore {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const config = loadKioskConfig(configPath(options.dataDir, options.env));
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
  );
  const handlers = createHandlers({ appStatus });
  const dispatch = createDispatcher(handlers, log);
  const mode = modeOf(config);
  const registryOptions = { log, ...(options.decryptSecret ? { decrypt: options.decryptSecret } : {}) };
  const training = mode === 'training' ? startTrainingProviders({ log }) : undefined;
  const providers: Promise<ActiveProviders> = training
    ? training.then((t) => ({ mode, config: t.config, flows: createFlowRegistry(t.config, registryOptions) }))
    : Promise.resolve({
        mode,
        config: config.providers,
        flows: createFlowRegistry(config.providers, registryOptions),
      });
  // A failure is reported to whoever awaits `providers`; here it is only logged, never unhandled.
  providers.catch((error: unknown) => log.error('providers.start_failed', { error }));
  log.info('core.started', { host: options.host, version: options.version, mode: appStatus.status().mode });
  return {
    config,
    handlers,
    dispatch,
    events,
    log,
    providers,
    close: async () => {
      if (training) await training.then((t) => t.close()).catch(() => undefined);
      log.info('core.stopped');
      await log.close();
    },
  };
}
