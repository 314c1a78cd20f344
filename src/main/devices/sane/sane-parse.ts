/**
 * Parsers for scanimage's machine-readable device list (`-f '%d|%v|%m|%t%n'`) and its option help
 * (`-d DEVICE -A`), from which the capabilities are read. Backends name things differently
 * ("Color"/"Colour", "ADF"/"Automatic Document Feeder"), so the raw names are kept for the scan.
 */
import type { ColourMode, SourceCapabilities } from '../../../shared/ipc/devices';

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
  /** Whether the backend takes fractional millimetres for -x/-y. */
  hasGeometry: boolean;
}

const COMMON_RESOLUTIONS = [75, 100, 150, 200, 300, 400, 600, 1200];

/** Value list of an option line such as `    --mode Gray|Color [Gray]`. */
function optionValues(help: string, option: string): string[] | null {
  const line = help.split('\n').find((l) => l.trimStart().startsWith(`${option} `));
  if (!line) return null;
  const spec = line
    .trimStart()
    .slice(option.length + 1)
    .replace(/\s*\[[^\]]*\]\s*$/, '');
  return spec.split('|').map((v) => v.trim());
}

function resolutions(help: string): number[] {
  const values = optionValues(help, '--resolution');
  if (!values) return [];
  const joined = values.join('|');
  const range = /^(\d+)\.\.(\d+)/.exec(joined);
  if (range) {
    const [lo, hi] = [Number(range[1]), Number(range[2])];
    return COMMON_RESOLUTIONS.filter((r) => r >= lo && r <= hi);
  }
  return values
    .map((v) => Number.parseInt(v, 10))
    .filter((v) => Number.isFinite(v) && v > 0)
    .sort((a, b) => a - b);
}

function maxMm(help: string, flag: '-x' | '-y'): number | null {
  const values = optionValues(help, flag);
  const range = values && /\.\.([\d.]+)mm/.exec(values.join('|'));
  return range ? Number(range[1]) : null;
}

export function parseOptions(help: string): SaneOptions {
  const modes = optionValues(help, '--mode') ?? [];
  const modeNames: SaneOptions['modeNames'] = {};
  const colour = modes.find((m) => /^colou?r$/i.test(m)) ?? modes.find((m) => /colou?r/i.test(m));
  const grey = modes.find((m) => /^gr[ae]y(scale)?$/i.test(m)) ?? modes.find((m) => /gr[ae]y/i.test(m));
  if (colour) modeNames.color = colour;
  if (grey) modeNames.gray = grey;

  const sources = optionValues(help, '--source');
  const sourceNames: SaneOptions['sourceNames'] = {};
  if (sources) {
    sourceNames.flatbed = sources.find((s) => /flatbed|platen/i.test(s));
    sourceNames.adfDuplex = sources.find((s) => /duplex/i.test(s));
    sourceNames.adf =
      sources.find((s) => /(adf|feeder)/i.test(s) && !/duplex|back/i.test(s)) ?? sourceNames.adfDuplex;
  }
  return {
    capabilities: {
      // A backend without a --source option is a plain flatbed.
      flatbed: !sources || sourceNames.flatbed !== undefined,
      adf: sourceNames.adf !== undefined,
      duplex: sourceNames.adfDuplex !== undefined,
      resolutions: resolutions(help),
      colourModes: (['color', 'gray'] as const).filter((m) => modeNames[m] !== undefined),
      maxWidthMm: maxMm(help, '-x'),
      maxHeightMm: maxMm(help, '-y'),
    },
    modeNames,
    sourceNames,
    hasGeometry: optionValues(help, '-x') !== null,
  };
}
