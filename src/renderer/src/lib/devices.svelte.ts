/**
 * The capture sources main knows, kept current by devices.changed (hot-plug, refresh), and the
 * source the operator chose: visible on every capture panel, remembered on this kiosk (browser
 * storage of the kiosk's own profile), and the one F2 scans with.
 */
import type { CaptureSourceInfo, PaperSource } from '../../../shared/ipc/devices';
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { I18n } from './i18n.svelte';

const CHOSEN_KEY = 'kiosk.chosenSource';

/**
 * The document camera's id among the sources (chosen and remembered like a scanner). It is not a
 * device main scans with: the capture panel shows the live camera for it (components/camera).
 */
export const CAMERA_SOURCE_ID = 'camera';

/** The kiosk profile's storage; absent (null) where the page may not use it. */
function storage(): Storage | null {
  try {
    return globalThis.localStorage;
  } catch {
    return null;
  }
}

export interface SourceOption {
  id: string;
  label: string;
  ready: boolean;
}

/**
 * Labels for a list: simulated sources say so, and two sources with the same label (two scanners
 * of one model) get their place in the list and the end of their id, so staff can tell them apart.
 */
export function sourceOptions(
  sources: readonly CaptureSourceInfo[],
  simulated: string,
  name: (source: CaptureSourceInfo) => string = (source) => source.label,
): SourceOption[] {
  const sorted = [...sources].sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready'));
  // Plain records: a pure function of its input, not reactive state.
  const count: Record<string, number> = {};
  for (const s of sorted) count[name(s)] = (count[name(s)] ?? 0) + 1;
  const seen: Record<string, number> = {};
  return sorted.map((s) => {
    const base = name(s);
    let label = s.simulated ? `${base} (${simulated})` : base;
    if ((count[base] ?? 0) > 1) {
      const n = (seen[base] ?? 0) + 1;
      seen[base] = n;
      label = `${label} #${n} · ${s.id.slice(-12)}`;
    }
    return { id: s.id, label, ready: s.status === 'ready' };
  });
}

export class DevicesState {
  sources = $state<CaptureSourceInfo[]>([]);
  loaded = $state(false);
  /** The operator's choice (by id), remembered on this kiosk; empty until one is made. */
  chosenId = $state('');
  /**
   * The sheet a feed-until-empty scan (a multi-page document) last finished on `sourceId`
   * (devices.feedProgress); null before the first one. Cleared by `resetFeed` when a scan starts.
   */
  feed = $state<{ sourceId: string; sheet: number } | null>(null);
  /**
   * Where staff put a multi-page document, by source id, on devices with both a glass and a
   * feeder: remembered for the signed-in operator's session only (the next customer's document may
   * differ in kind, not the habit of the teller; the next teller starts from the default, see
   * `followOperator`); absent: the feeder.
   */
  paperSources = $state<Record<string, PaperSource>>({});
  /** The operator whose session `paperSources` belongs to (null: nobody signed in). */
  private paperSourcesOf: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private unsubscribeFeed: (() => void) | null = null;

  constructor(
    private readonly api: KioskApi,
    private readonly i18n: I18n,
  ) {}

  /**
   * For the capture panel: ready sources first, simulated ones marked, namesakes told apart; names
   * the kiosk gives (training scanners) in the operator's language, device names as reported.
   */
  readonly options = $derived.by(() =>
    sourceOptions(this.sources, this.i18n.t('devices.simulated'), (s) =>
      s.labelKey ? this.i18n.t(`devices.source.${s.labelKey.key}`, s.labelKey.params) : s.label,
    ),
  );

  readonly readyCount = $derived(this.sources.filter((s) => s.status === 'ready').length);

  /** What a scan uses: the chosen source while it is ready, else the first ready one. */
  readonly selected: SourceOption | undefined = $derived(
    this.options.find((s) => s.id === this.chosenId && s.ready) ?? this.options.find((s) => s.ready),
  );

  choose(id: string): void {
    this.chosenId = id;
    storage()?.setItem(CHOSEN_KEY, id);
  }

  async start(): Promise<void> {
    this.chosenId = storage()?.getItem(CHOSEN_KEY) ?? '';
    this.unsubscribe = this.api.devices.onChanged(({ sources }) => {
      this.sources = sources;
    });
    this.unsubscribeFeed = this.api.devices.onFeedProgress((progress) => {
      this.feed = progress;
    });
    const result = await this.api.devices.list();
    if (result.ok) this.sources = result.value.sources;
    this.loaded = true;
  }

  async refresh(): Promise<void> {
    const result = await this.api.devices.refresh();
    if (result.ok) this.sources = result.value.sources;
  }

  /** Whether the source has a document feeder (a multi-page document is then fed until empty). */
  hasFeeder(sourceId: string): boolean {
    return this.sources.some((source) => source.id === sourceId && source.capabilities.adf);
  }

  /** Whether the source has both a glass and a feeder (staff then say where the document is). */
  hasGlassAndFeeder(sourceId: string): boolean {
    return this.sources.some(
      (source) => source.id === sourceId && source.capabilities.adf && source.capabilities.flatbed,
    );
  }

  /**
   * Where a multi-page document is scanned from on `sourceId`: staff's choice on a device with
   * both, else the feeder when it has one, else the glass (main applies the same rule:
   * devices/scan-plan.ts documentPaperSource).
   */
  paperSourceOf(sourceId: string): PaperSource {
    if (this.hasGlassAndFeeder(sourceId)) return this.paperSources[sourceId] ?? 'adf';
    return this.hasFeeder(sourceId) ? 'adf' : 'flatbed';
  }

  choosePaperSource(sourceId: string, where: PaperSource): void {
    this.paperSources[sourceId] = where;
  }

  /**
   * Tells whose session it is (`operatorId`, null when nobody is signed in; a locked session keeps
   * its operator). The glass/feeder choices are forgotten when the session ends (sign-out, from
   * the lock screen too, or a lockout at unlock) or another operator signs in, so the next teller
   * starts from the feeder; a lock and unlock by the same operator keeps them.
   */
  followOperator(operatorId: string | null): void {
    if (operatorId === this.paperSourcesOf) return;
    this.paperSources = {};
    this.paperSourcesOf = operatorId;
  }

  resetFeed(): void {
    this.feed = null;
  }

  stop(): void {
    this.unsubscribeFeed?.();
    this.unsubscribe?.();
  }
}
