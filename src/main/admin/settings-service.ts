/**
 * The administrator's settings (issue 13, "Administration"): default language, idle timeout and
 * retention, and the idle lock's time. A value set here wins over kiosk.config.json, which the kiosk never rewrites; each
 * change is written with its audit row in one transaction (who, when, from → to: no personal data),
 * then applied at once through `applied` (core.ts: the status pushed to the renderer, whose idle
 * timer reads it on every tick; the session pushed again with its new lock time, which main's own
 * lock check reads at each call; the retention sweep run again with the new period).
 */
import type { Language } from '../../shared/ipc/app';
import type { AdminSettings, AdminSettingsPatch } from '../../shared/ipc/admin-settings';
import type { ProviderId } from '../../shared/domain/flows';
import { AppError } from '../ipc/errors';
import type { KioskStore } from '../store/store';
import type { StoredSettings } from '../store/settings-repo';

export type SettingKey = AdminSettings['changed'][number];
const KEYS: readonly SettingKey[] = [
  'defaultLanguage',
  'idleTimeoutMinutes',
  'lockAfterMinutes',
  'retentionDays',
];

/** What kiosk.config.json (or its defaults) says, before any administrator change. */
export interface ConfiguredSettings {
  defaultLanguage: Language;
  idleTimeoutSeconds: number;
  /** `security.lockAfterSeconds`: the idle lock, seconds. */
  lockAfterSeconds: number;
  /** Days; the queue's default (7) when the configuration has none. */
  retentionDays: number;
}

export interface SettingsServiceOptions {
  /** The store (undefined while it needs service: the configured values apply, nothing can change). */
  store: () => KioskStore | undefined;
  configured: ConfiguredSettings;
  now: () => number;
  /** Called after a committed change with the keys whose value changed. */
  applied?: (changed: readonly SettingKey[]) => void;
}

export class SettingsService {
  constructor(private readonly options: SettingsServiceOptions) {}

  private stored(): StoredSettings {
    return this.options.store()?.settings.read() ?? {};
  }

  /** The settings in force. */
  current(): AdminSettings {
    const stored = this.stored();
    const configured = this.options.configured;
    return {
      defaultLanguage: stored.defaultLanguage ?? configured.defaultLanguage,
      idleTimeoutMinutes: stored.idleTimeoutMinutes ?? configured.idleTimeoutSeconds / 60,
      lockAfterMinutes: stored.lockAfterMinutes ?? configured.lockAfterSeconds / 60,
      retentionDays: stored.retentionDays ?? configured.retentionDays,
      changed: KEYS.filter((key) => stored[key] !== undefined),
    };
  }

  /** Idle timeout in whole seconds (the renderer's timer and AppStatus use seconds). */
  idleTimeoutSeconds(): number {
    return Math.round(this.current().idleTimeoutMinutes * 60);
  }

  /** The idle lock in ms (SecurityService reads it at each call, so a change applies at once). */
  lockAfterMs(): number {
    return Math.round(this.current().lockAfterMinutes * 60_000);
  }

  /**
   * Writes the patch (already validated by the contract's schema) and its audit row in one
   * transaction. A value equal to the one in force is not a change (no row, nothing applied).
   * @throws AppError storage_failure while the store needs service.
   */
  update(patch: AdminSettingsPatch): AdminSettings {
    const store = this.requireStore();
    const changed: SettingKey[] = [];
    store.command('The settings', () => {
      const stored = store.settings.read();
      const before = this.current();
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      const next: StoredSettings = { ...stored };
      for (const key of KEYS) {
        const value = patch[key];
        if (value === undefined || value === before[key]) continue;
        diff[key] = { from: before[key], to: value };
        (next as Record<SettingKey, unknown>)[key] = value;
        changed.push(key);
      }
      if (changed.length === 0) return;
      store.settings.write(next);
      store.audit.append({ at: this.options.now(), action: 'admin.settings_changed', detail: diff });
    });
    if (changed.length > 0) this.options.applied?.(changed);
    return this.current();
  }

  /** Sealed provider secrets an administrator replaced: provider → field name → sealed text. */
  providerSecrets(): Partial<Record<ProviderId, Record<string, string>>> {
    return this.stored().providerSecrets ?? {};
  }

  /** Keeps a replaced provider secret (already sealed by the host) and audits it, names only. */
  replaceProviderSecret(provider: ProviderId, name: string, sealed: string): void {
    const store = this.requireStore();
    store.command('The provider secret', () => {
      const stored = store.settings.read();
      const secrets = stored.providerSecrets ?? {};
      store.settings.write({
        ...stored,
        providerSecrets: { ...secrets, [provider]: { ...secrets[provider], [name]: sealed } },
      });
      store.audit.append({
        at: this.options.now(),
        action: 'admin.provider_secret_replaced',
        detail: { provider, name },
      });
    });
  }

  private requireStore(): KioskStore {
    const store = this.options.store();
    if (!store) throw new AppError('storage_failure', 'The store needs service: settings cannot change');
    return store;
  }
}
