import type { AppStatus, Language, StoreCheck } from '../shared/ipc/app';
import type { KioskConfig } from './config/kiosk-config';
import { modeOf } from './config/kiosk-config';
import type { SettingsFile } from './config/settings';
import type { EventBus } from './ipc/event-bus';

/** The defaults an administrator can change on the settings screen (src/main/admin/settings-service.ts). */
export interface StatusDefaults {
  defaultLanguage(): Language;
  idleTimeoutSeconds(): number;
}

/** What the home screen's status line shows, and the operator's language (persisted). */
export class AppStatusService {
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly info: { name: string; version: string; host: AppStatus['host'] },
    private readonly config: KioskConfig,
    private readonly settings: SettingsFile,
    private readonly events: EventBus,
    private readonly defaults: StatusDefaults = {
      defaultLanguage: () => config.defaultLanguage,
      idleTimeoutSeconds: () => config.idleTimeoutSeconds,
    },
    private readonly storeCheck: () => StoreCheck = () => ({ state: 'off' }),
  ) {}

  get language(): Language {
    return this.settings.language ?? this.defaults.defaultLanguage();
  }

  status(): AppStatus {
    return {
      name: this.info.name,
      version: this.info.version,
      host: this.info.host,
      mode: modeOf(this.config),
      language: this.language,
      startedAt: this.startedAt,
      idleTimeoutSeconds: this.defaults.idleTimeoutSeconds(),
      attentionOverdueMinutes: this.config.attentionOverdueMinutes,
      storeCheck: this.storeCheck(),
    };
  }

  setLanguage(language: Language): AppStatus {
    this.settings.setLanguage(language);
    return this.changed();
  }

  /**
   * An administrator changed a default: a new default language replaces the remembered choice (so
   * it shows now, not only on a kiosk where nobody ever switched); the new idle timeout reaches the
   * renderer's timer with the pushed status.
   */
  defaultsChanged(languageChanged: boolean): AppStatus {
    if (languageChanged) this.settings.clearLanguage();
    return this.changed();
  }

  /** The store's integrity check moved on (src/main/store/integrity-service.ts): push the status. */
  storeCheckChanged(): AppStatus {
    return this.changed();
  }

  private changed(): AppStatus {
    const status = this.status();
    this.events.emit('app.statusChanged', status);
    return status;
  }
}
