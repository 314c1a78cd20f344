import type { AppStatus, Language } from '../shared/ipc/app';
import type { KioskConfig } from './config/kiosk-config';
import { modeOf } from './config/kiosk-config';
import type { SettingsFile } from './config/settings';
import type { EventBus } from './ipc/event-bus';

/** What the home screen's status line shows, and the operator's language (persisted). */
export class AppStatusService {
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly info: { name: string; version: string; host: AppStatus['host'] },
    private readonly config: KioskConfig,
    private readonly settings: SettingsFile,
    private readonly events: EventBus,
  ) {}

  get language(): Language {
    return this.settings.language ?? this.config.defaultLanguage;
  }

  status(): AppStatus {
    return {
      name: this.info.name,
      version: this.info.version,
      host: this.info.host,
      mode: modeOf(this.config),
      language: this.language,
      startedAt: this.startedAt,
      idleTimeoutSeconds: this.config.idleTimeoutSeconds,
      attentionOverdueMinutes: this.config.attentionOverdueMinutes,
    };
  }

  setLanguage(language: Language): AppStatus {
    this.settings.setLanguage(language);
    const status = this.status();
    this.events.emit('app.statusChanged', status);
    return status;
  }
}
