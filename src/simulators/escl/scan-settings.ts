/**
 * The simulator's own reading of a job's `scan:ScanSettings` (eSCL spec, "ScanSettings"), written
 * from the specification and not shared with the kiosk's client, so that a misreading on one side
 * is caught by the other. Lengths are in 1/300 inch (`escl:ThreeHundredthsOfInches`).
 */
import { XMLParser } from 'fast-xml-parser';

export interface RequestedJob {
  inputSource: 'Platen' | 'Feeder' | null;
  duplex: boolean;
  colourMode: 'RGB24' | 'Grayscale8' | null;
  resolution: number | null;
  /** ScanRegion, 1/300 inch; null when the client asked for the whole area. */
  width: number | null;
  height: number | null;
  format: 'image/png' | 'image/jpeg' | null;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, processEntities: false });

type Node = Record<string, unknown>;
const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const positive = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
};

/** @throws Error when the body is not a ScanSettings document (the server answers 400). */
export function readScanSettings(xml: string): RequestedJob {
  const root = node(node(parser.parse(xml)).ScanSettings);
  if (Object.keys(root).length === 0) throw new Error('not a ScanSettings document');
  const region = node(first(node(root.ScanRegions).ScanRegion));
  const formats = [root.DocumentFormatExt, root.DocumentFormat].flat().filter((f) => typeof f === 'string');
  const format = formats.find((f) => f === 'image/png' || f === 'image/jpeg') as RequestedJob['format'];
  const source = root.InputSource;
  const mode = root.ColorMode;
  return {
    inputSource: source === 'Platen' || source === 'Feeder' ? source : null,
    duplex: root.Duplex === true || root.Duplex === 'true',
    colourMode: mode === 'RGB24' || mode === 'Grayscale8' ? mode : null,
    resolution: positive(root.XResolution),
    width: positive(region.Width),
    height: positive(region.Height),
    format: format ?? null,
  };
}
