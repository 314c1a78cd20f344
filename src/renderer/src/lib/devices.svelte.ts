/** The capture sources main knows, kept current by devices.changed (hot-plug, refresh). */
import type { CaptureSourceInfo } from '../../../shared/ipc/devices';
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { I18n } from './i18n.svelte';

export class DevicesState {
  sources = $state<CaptureSourceInfo[]>([]);
  loaded = $state(false);
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly api: KioskApi,
    private readonly i18n: I18n,
  ) {}

  /** For the capture panel: ready sources first, simulated ones marked as such. */
  readonly options = $derived(
    [...this.sources]
      .sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready'))
      .map((s) => {
        // Names the kiosk gives (training scanners) in the operator's language; device names as reported.
        const label = s.labelKey
          ? this.i18n.t(`devices.source.${s.labelKey.key}`, s.labelKey.params)
          : s.label;
        return {
          id: s.id,
          label: s.simulated ? `${label} (${this.i18n.t('devices.simulated')})` : label,
          ready: s.status === 'ready',
        };
      }),
  );

  readonly readyCount = $derived(this.sources.filter((s) => s.status === 'ready').length);

  async start(): Promise<void> {
    this.unsubscribe = this.api.devices.onChanged(({ sources }) => {
      this.sources = sources;
    });
    const result = await this.api.devices.list();
    if (result.ok) this.sources = result.value.sources;
    this.loaded = true;
  }

  async refresh(): Promise<void> {
    const result = await this.api.devices.refresh();
    if (result.ok) this.sources = result.value.sources;
  }

  stop(): void {
    this.unsubscribe?.();
  }
}
