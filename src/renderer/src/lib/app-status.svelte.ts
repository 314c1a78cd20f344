/** The kiosk's status as reported by main, kept current by the statusChanged event. */
import type { AppStatus, Language } from '../../../shared/ipc/app';
import type { IpcError } from '../../../shared/ipc/result';
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { I18n } from './i18n.svelte';

export class AppStatusState {
  status = $state<AppStatus | null>(null);
  error = $state<IpcError | null>(null);
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly api: KioskApi,
    private readonly i18n: I18n,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = this.api.app.onStatusChanged((status) => this.accept(status));
    const result = await this.api.app.getStatus();
    if (result.ok) this.accept(result.value);
    else this.error = result.error;
  }

  async setLanguage(language: Language): Promise<void> {
    this.i18n.apply(language); // switch at once; main persists it
    const result = await this.api.app.setLanguage({ language });
    if (result.ok) this.accept(result.value);
    else this.error = result.error;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private accept(status: AppStatus): void {
    this.status = status;
    this.error = null;
    if (status.language !== this.i18n.language) this.i18n.apply(status.language);
  }
}
