/**
 * What the administrator's settings screen calls beyond operators (issue 13): the settings, the
 * test scan, the providers' connectivity test and the replacement of a provider secret. Composed by
 * core.ts; each check that reaches something outside (a scanner, a provider) is audited with its
 * outcome, never with customer data or a secret.
 */
import type { SystemAuditAction } from '../../shared/domain/audit-actions';
import type { ProviderId } from '../../shared/domain/flows';
import type { ConnectivityResult, ProviderEntry, TestScanResult } from '../../shared/ipc/admin-settings';
import type { DevicesService } from '../devices/service';
import { AppError } from '../ipc/errors';
import type { ProvidersConfig } from '../providers/config';
import { testScan } from './device-test';
import { isSecretName, probeTarget, providerEntries, testConnectivity } from './provider-checks';
import type { SettingsService } from './settings-service';

export interface AdminToolsOptions {
  settings: SettingsService;
  devices: DevicesService;
  /** The providers in use as configured (training mode: its simulators), before replaced secrets. */
  providers: () => Promise<ProvidersConfig>;
  /** Seals a secret the way this host decrypts it; undefined when the host cannot. */
  encryptSecret: ((plain: string) => string) | undefined;
  /** Rebuilds the provider flows with the replaced secrets laid over the configuration. */
  secretsReplaced: () => Promise<void>;
  /** Appends an audit row as the calling administrator. */
  audit: (action: SystemAuditAction, detail: Record<string, unknown>) => void;
}

export class AdminTools {
  constructor(private readonly options: AdminToolsOptions) {}

  get settings(): SettingsService {
    return this.options.settings;
  }

  async testScan(sourceId: string): Promise<TestScanResult> {
    const source = this.options.devices.list().find((s) => s.id === sourceId);
    try {
      const result = await testScan(this.options.devices, sourceId);
      this.options.audit('admin.device_tested', { kind: source?.kind ?? null, ok: true, ms: result.ms });
      return result;
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal';
      this.options.audit('admin.device_tested', { kind: source?.kind ?? null, ok: false, code });
      throw error;
    }
  }

  async listProviders(): Promise<ProviderEntry[]> {
    return providerEntries(await this.options.providers(), this.options.settings.providerSecrets());
  }

  async testProvider(provider: ProviderId): Promise<ConnectivityResult> {
    const target = probeTarget(await this.options.providers(), provider);
    if (!target) throw new AppError('not_found', `${provider} is not configured on this kiosk`);
    const result = await testConnectivity(provider, target);
    this.options.audit('admin.provider_tested', {
      provider,
      reachable: result.reachable,
      status: result.status,
      failure: result.failure,
      ms: result.ms,
    });
    return result;
  }

  /**
   * Seals and keeps a new value for one of a provider's secrets, then rebuilds its flows so the
   * next call uses it. The value is never answered, logged or stored in clear.
   */
  async replaceProviderSecret(provider: ProviderId, name: string, secret: string): Promise<ProviderEntry> {
    const config = await this.options.providers();
    if (!probeTarget(config, provider)) throw new AppError('not_found', `${provider} is not configured`);
    if (!isSecretName(config, provider, name)) {
      throw new AppError('invalid_input', `${provider} has no secret named ${name}`, [
        { path: 'name', code: 'unknown_secret' },
      ]);
    }
    const encrypt = this.options.encryptSecret;
    if (!encrypt) throw new AppError('unavailable', 'This host cannot encrypt secrets');
    this.options.settings.replaceProviderSecret(provider, name, encrypt(secret));
    await this.options.secretsReplaced();
    const entry = (await this.listProviders()).find((e) => e.provider === provider);
    if (!entry) throw new AppError('not_found', `${provider} is not configured`);
    return entry;
  }
}
