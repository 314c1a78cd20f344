/**
 * eSCL (AirScan/Mopria) documents: reading ScannerCapabilities and ScannerStatus with
 * fast-xml-parser (namespace prefixes removed: scanners disagree on them), and writing the
 * ScanSettings of a job. Lengths in eSCL are in 1/300 inch.
 */
import { XMLParser } from 'fast-xml-parser';
import type { ColourMode, SourceCapabilities } from '../../../shared/ipc/devices';

export const NS_SCAN = 'http://schemas.hp.com/imaging/escl/2011/05/03';
export const NS_PWG = 'http://www.pwg.org/schemas/2010/12/sm';

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: true,
  // Elements that may repeat are always arrays, whether one or many arrived.
  // SupportedResolutions and DiscreteResolutions repeat on devices that list them per colour mode.
  isArray: (name) =>
    [
      'ColorMode',
      'DiscreteResolution',
      'DiscreteResolutions',
      'SupportedResolutions',
      'DocumentFormat',
      'DocumentFormatExt',
      'SettingProfile',
      'JobInfo',
    ].includes(name),
  processEntities: false,
});

type Node = Record<string, unknown>;
const obj = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});
const arr = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export interface InputCaps {
  minWidth: number | null;
  maxWidth: number | null;
  minHeight: number | null;
  maxHeight: number | null;
  resolutions: number[];
  colourModes: ColourMode[];
  formats: string[];
}

export interface EsclCapabilities {
  makeAndModel: string;
  platen: InputCaps | null;
  adfSimplex: InputCaps | null;
  adfDuplex: InputCaps | null;
}

function inputCaps(node: unknown): InputCaps | null {
  const caps = obj(node);
  if (Object.keys(caps).length === 0) return null;
  const profiles = arr(obj(caps.SettingProfiles).SettingProfile).map(obj);
  const modes = new Set<ColourMode>();
  const resolutions = new Set<number>();
  const formats = new Set<string>();
  for (const profile of profiles) {
    for (const mode of arr(obj(profile.ColorModes).ColorMode)) {
      if (mode === 'RGB24') modes.add('color');
      if (mode === 'Grayscale8') modes.add('gray');
    }
    for (const format of [
      ...arr(obj(profile.DocumentFormats).DocumentFormat),
      ...arr(obj(profile.DocumentFormats).DocumentFormatExt),
    ]) {
      if (typeof format === 'string') formats.add(format);
    }
    for (const supported of arr(profile.SupportedResolutions)) {
      for (const discrete of arr(obj(supported).DiscreteResolutions)) {
        for (const res of arr(obj(discrete).DiscreteResolution)) {
          const x = num(obj(res).XResolution);
          if (x) resolutions.add(x);
        }
      }
    }
  }
  return {
    minWidth: num(caps.MinWidth),
    maxWidth: num(caps.MaxWidth),
    minHeight: num(caps.MinHeight),
    maxHeight: num(caps.MaxHeight),
    resolutions: [...resolutions].sort((a, b) => a - b),
    colourModes: (['color', 'gray'] as const).filter((m) => modes.has(m)),
    formats: [...formats],
  };
}

export function parseCapabilities(xml: string): EsclCapabilities {
  const root = obj(obj(parser.parse(xml)).ScannerCapabilities);
  if (Object.keys(root).length === 0) throw new Error('Not an eSCL ScannerCapabilities document');
  const adf = obj(root.Adf);
  return {
    makeAndModel: typeof root.MakeAndModel === 'string' ? root.MakeAndModel : 'eSCL scanner',
    platen: inputCaps(obj(root.Platen).PlatenInputCaps),
    adfSimplex: inputCaps(adf.AdfSimplexInputCaps),
    adfDuplex: inputCaps(adf.AdfDuplexInputCaps),
  };
}

export function toSourceCapabilities(caps: EsclCapabilities): SourceCapabilities {
  const all = [caps.platen, caps.adfSimplex, caps.adfDuplex].filter((c): c is InputCaps => c !== null);
  const mm = (v: number | null): number | null =>
    v === null ? null : Math.round((v / 300) * 25.4 * 10) / 10;
  const maxOf = (pick: (c: InputCaps) => number | null): number | null => {
    const values = all.map(pick).filter((v): v is number => v !== null);
    return values.length ? Math.max(...values) : null;
  };
  return {
    flatbed: caps.platen !== null,
    adf: caps.adfSimplex !== null || caps.adfDuplex !== null,
    duplex: caps.adfDuplex !== null,
    resolutions: [...new Set(all.flatMap((c) => c.resolutions))].sort((a, b) => a - b),
    colourModes: (['color', 'gray'] as const).filter((m) => all.some((c) => c.colourModes.includes(m))),
    maxWidthMm: mm(maxOf((c) => c.maxWidth)),
    maxHeightMm: mm(maxOf((c) => c.maxHeight)),
  };
}

export interface EsclStatus {
  /** pwg:State: Idle, Processing, Testing, Stopped, Down. */
  state: string;
  adfState: string | null;
  /** scan:Jobs/scan:JobInfo: each job's URI (path) and pwg:JobState (Pending, Processing, Completed...). */
  jobs: { uri: string; state: string }[];
}

export function parseStatus(xml: string): EsclStatus {
  const root = obj(obj(parser.parse(xml)).ScannerStatus);
  const state = root.State;
  if (typeof state !== 'string') throw new Error('Not an eSCL ScannerStatus document');
  const jobs = arr(obj(root.Jobs).JobInfo)
    .map(obj)
    .filter((j) => typeof j.JobUri === 'string' && typeof j.JobState === 'string')
    .map((j) => ({ uri: j.JobUri as string, state: j.JobState as string }));
  return { state, adfState: typeof root.AdfState === 'string' ? root.AdfState : null, jobs };
}

export interface JobSettings {
  inputSource: 'Platen' | 'Feeder';
  duplex: boolean;
  colourMode: ColourMode;
  resolution: number;
  /** In 1/300 inch. */
  width: number;
  height: number;
  format: 'image/png' | 'image/jpeg';
}

/** Every value is a number or one of a few fixed words: nothing needs escaping. */
export function scanSettingsXml(s: JobSettings): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<scan:ScanSettings xmlns:scan="${NS_SCAN}" xmlns:pwg="${NS_PWG}">`,
    '<pwg:Version>2.0</pwg:Version>',
    '<scan:Intent>Document</scan:Intent>',
    '<pwg:ScanRegions><pwg:ScanRegion>',
    `<pwg:Height>${Math.round(s.height)}</pwg:Height><pwg:Width>${Math.round(s.width)}</pwg:Width>`,
    '<pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset>',
    '<pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>',
    '</pwg:ScanRegion></pwg:ScanRegions>',
    `<pwg:InputSource>${s.inputSource}</pwg:InputSource>`,
    s.inputSource === 'Feeder' ? `<scan:Duplex>${s.duplex}</scan:Duplex>` : '',
    `<scan:ColorMode>${s.colourMode === 'color' ? 'RGB24' : 'Grayscale8'}</scan:ColorMode>`,
    `<scan:XResolution>${s.resolution}</scan:XResolution><scan:YResolution>${s.resolution}</scan:YResolution>`,
    `<pwg:DocumentFormat>${s.format}</pwg:DocumentFormat>`,
    `<scan:DocumentFormatExt>${s.format}</scan:DocumentFormatExt>`,
    '</scan:ScanSettings>',
  ].join('');
}
