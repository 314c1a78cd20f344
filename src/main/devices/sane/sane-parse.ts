/**
 * Parsers for scanimage's machine-readable device list (`-f '%d|%v|%m|%t%n'`) and its option help
 * (`-d DEVICE -A`, grammar in sane-options.ts), from which the capabilities are read. Backends name
 * things differently ("Color"/"24bit Color", "Flatbed"/"Document Table", "ADF"/"ADF Front"), so the
 * modes and sources are chosen by what they are and their raw names kept for the scan.
 */
import type { ColourMode, SourceCapabilities } from '../../../shared/ipc/devices';
import { parseSaneOptions, type SaneOption, type SaneRange } from './sane-options';

export const LIST_FORMAT = '%d|%v|%m|%t%n';

export interface SaneDevice {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

export function parseDeviceList(stdout: string): SaneDevice[] {
  const devices: SaneDevice[] = [];
  for (const line of stdout.split('\n')) {
    const fields = line.trim().split('|');
    if (fields.length < 4) continue;
    // The name comes first and is the only field that might contain the separator.
    const [vendor, model, type] = fields.slice(-3) as [string, string, string];
    const name = fields.slice(0, -3).join('|');
    if (name) devices.push({ name, vendor, model, type });
  }
  return devices;
}

export interface SaneOptions {
  capabilities: SourceCapabilities;
  /** Backend's own names for what the kiosk asks for. */
  modeNames: Partial<Record<ColourMode, string>>;
  sourceNames: { flatbed?: string; adf?: string; adfDuplex?: string };
  /** Whether the backend has the scan window options -l/-t/-x/-y (mm). */
  hasGeometry: boolean;
  /**
   * `--page-width`/`--page-height` (mm) of sheet-fed backends (fujitsu, canon_dr, epjitsu...): they
   * centre the scan window on the page width (default about 216 mm), so a card fed in the middle
   * is only found when the page is set to the card's size (sane-fujitsu(5), sane-canon_dr(5)).
   */
  pageSize: { width: SaneRange; height: SaneRange } | null;
  /** Every option as parsed, with the device's current (default) values. */
  options: SaneOption[];
}

const COMMON_RESOLUTIONS = [75, 100, 150, 200, 300, 400, 600, 1200];

/** A 24-bit colour mode: `Color`, `Colour`, `24bit Color`, `RGB`; never halftone or 48-bit. */
const COLOUR = /colou?r|rgb/i;
/** An 8-bit grey mode: `Gray`, `Grayscale`, `True Gray`, `8bit Gray`; never dithered or 16-bit. */
const GREY = /gr[ae]y/i;
const NOT_CONTINUOUS = /dither|halftone|lineart|binary|bw\b|1 ?bit|16 ?bit|48 ?bit/i;

/**
 * The mode that really is 24-bit colour or 8-bit grey among a backend's names. The plain name
 * wins over a qualified one (`24bit Color` over `24bit Color[Fast]`): qualifiers trade quality.
 */
export function chooseMode(modes: readonly string[], wanted: ColourMode): string | undefined {
  const kind = wanted === 'color' ? COLOUR : GREY;
  const candidates = modes.filter((m) => kind.test(m) && !NOT_CONTINUOUS.test(m));
  const plain = (m: string): number =>
    (/\[|\(/.test(m) ? 1 : 0) + (/^(colou?r|gr[ae]y(scale)?)$/i.test(m) ? 0 : 0.5);
  return [...candidates].sort((a, b) => plain(a) - plain(b))[0];
}

/**
 * Where the paper goes, by the names backends use: `Flatbed`, `Normal`, `Document Table` (Epson),
 * `Auto`, `Platen` are the glass; `ADF`, `ADF Front`, `Automatic Document Feeder`, `ADF Simplex` the
 * feeder's front side; `ADF Duplex`, `Duplex` both sides (sane-fujitsu(5), sane-canon_dr(5),
 * sane-epjitsu(5), sane-test(5)). `ADF Back` and the card slots (`Card Front`...) are never chosen
 * for a first page.
 */
export function classifySources(sources: readonly string[]): SaneOptions['sourceNames'] {
  const isFeeder = (s: string): boolean => /adf|feeder|automatic document/i.test(s);
  const names: SaneOptions['sourceNames'] = {};
  const flatbed = sources.find(
    (s) => /flatbed|platen|^normal$|document table|^auto$/i.test(s) && !isFeeder(s),
  );
  if (flatbed) names.flatbed = flatbed;
  const duplex =
    sources.find((s) => isFeeder(s) && /duplex/i.test(s)) ?? sources.find((s) => /^duplex$/i.test(s));
  if (duplex) names.adfDuplex = duplex;
  const front = sources.find((s) => isFeeder(s) && !/duplex|back/i.test(s));
  if (front) names.adf = front;
  else if (duplex) names.adf = duplex;
  return names;
}

function resolutions(option: SaneOption | undefined): number[] {
  if (!option) return [];
  if (option.range) {
    const { min, max } = option.range;
    return COMMON_RESOLUTIONS.filter((r) => r >= min && r <= max);
  }
  return (option.values ?? [])
    .map((v) => Number.parseFloat(v))
    .filter((v) => Number.isFinite(v) && v > 0)
    .map((v) => Math.round(v))
    .sort((a, b) => a - b);
}

export function parseOptions(help: string): SaneOptions {
  const options = parseSaneOptions(help);
  const find = (name: string): SaneOption | undefined => options.find((o) => o.name === name);
  const modes = find('mode')?.values ?? [];
  const modeNames: SaneOptions['modeNames'] = {};
  const colour = chooseMode(modes, 'color');
  const grey = chooseMode(modes, 'gray');
  if (colour) modeNames.color = colour;
  if (grey) modeNames.gray = grey;

  const source = find('source');
  // A read-only source is whatever the device has now; a missing one means a plain flatbed.
  const sourceValues = source ? (source.readOnly ? [source.current ?? ''] : (source.values ?? [])) : null;
  const sourceNames = sourceValues ? classifySources(sourceValues) : {};
  const mm = (name: string): SaneRange | null => {
    const option = find(name);
    return option?.range && option.unit === 'mm' && !option.readOnly ? option.range : null;
  };
  const pageWidth = mm('page-width');
  const pageHeight = mm('page-height');
  const x = find('x');
  const y = find('y');
  const resolution = find('resolution');
  return {
    capabilities: {
      flatbed: !sourceValues || sourceNames.flatbed !== undefined,
      adf: sourceNames.adf !== undefined,
      duplex: sourceNames.adfDuplex !== undefined,
      resolutions: resolution?.readOnly ? [] : resolutions(resolution),
      colourModes: (['color', 'gray'] as const).filter((m) => modeNames[m] !== undefined),
      // On sheet-fed backends the page size bounds the window; either is the device's maximum.
      maxWidthMm: pageWidth?.max ?? x?.range?.max ?? null,
      maxHeightMm: pageHeight?.max ?? y?.range?.max ?? null,
    },
    modeNames,
    sourceNames,
    hasGeometry: x !== undefined && y !== undefined,
    pageSize: pageWidth && pageHeight ? { width: pageWidth, height: pageHeight } : null,
    options,
  };
}
