/**
 * The XML an eSCL scanner serves (eSCL spec: ScannerCapabilities, ScannerStatus), shaped the way the
 * real clients (sane-airscan, SANE's escl backend) insist on: `scan:`/`pwg:` prefixes,
 * DiscreteResolutions (a range is refused by one client and crashes the other), Min/Max
 * Width/Height, RGB24/Grayscale8, image/jpeg and image/png. Variants imitate devices met in the
 * field: feeder-only (no `<scan:Platen>`), one SupportedResolutions per colour mode, feeders with
 * a minimum page size.
 */

export const NS_SCAN = 'http://schemas.hp.com/imaging/escl/2011/05/03';
export const NS_PWG = 'http://www.pwg.org/schemas/2010/12/sm';

export interface SimulatedScannerModel {
  makeAndModel: string;
  serial: string;
  uuid: string;
  resolutions: number[];
  /** A glass; false for sheet-fed document scanners (only `<scan:Adf>`). */
  platen: boolean;
  /** A feeder at all. */
  adf: boolean;
  duplex: boolean;
  feederCapacity: number;
  /** Smallest sheet the feeder takes, 1/300 inch (16 = no real minimum; A6 is 1240 × 1748). */
  feederMin: { width: number; height: number };
  /** Repeat SupportedResolutions once per colour mode, as some MFPs do. */
  resolutionsPerColourMode: boolean;
}

const MODES = ['RGB24', 'Grayscale8'];

function resolutionsXml(resolutions: number[]): string {
  const items = resolutions
    .map(
      (r) =>
        `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`,
    )
    .join('');
  return `<scan:SupportedResolutions><scan:DiscreteResolutions>${items}</scan:DiscreteResolutions></scan:SupportedResolutions>`;
}

function inputCaps(model: SimulatedScannerModel, min: { width: number; height: number }): string {
  const max = Math.max(...model.resolutions);
  const supported = model.resolutionsPerColourMode
    ? MODES.map(() => resolutionsXml(model.resolutions)).join('')
    : resolutionsXml(model.resolutions);
  return (
    // 1/300 inch: up to A4 width (8.5 in) and 11.7 in high.
    `<scan:MinWidth>${min.width}</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>` +
    `<scan:MinHeight>${min.height}</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>` +
    '<scan:MaxScanRegions>1</scan:MaxScanRegions>' +
    '<scan:SettingProfiles><scan:SettingProfile>' +
    `<scan:ColorModes>${MODES.map((m) => `<scan:ColorMode>${m}</scan:ColorMode>`).join('')}</scan:ColorModes>` +
    '<scan:DocumentFormats>' +
    '<pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat><pwg:DocumentFormat>image/png</pwg:DocumentFormat>' +
    '<scan:DocumentFormatExt>image/jpeg</scan:DocumentFormatExt><scan:DocumentFormatExt>image/png</scan:DocumentFormatExt>' +
    '</scan:DocumentFormats>' +
    supported +
    '<scan:ColorSpaces><scan:ColorSpace>sRGB</scan:ColorSpace></scan:ColorSpaces>' +
    '</scan:SettingProfile></scan:SettingProfiles>' +
    '<scan:SupportedIntents><scan:Intent>Document</scan:Intent><scan:Intent>Photo</scan:Intent></scan:SupportedIntents>' +
    `<scan:MaxOpticalXResolution>${max}</scan:MaxOpticalXResolution>` +
    `<scan:MaxOpticalYResolution>${max}</scan:MaxOpticalYResolution>`
  );
}

export function capabilitiesXml(model: SimulatedScannerModel, adminUrl: string): string {
  const glass = inputCaps(model, { width: 16, height: 16 });
  const feeder = inputCaps(model, model.feederMin);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<scan:ScannerCapabilities xmlns:scan="${NS_SCAN}" xmlns:pwg="${NS_PWG}">` +
    '<pwg:Version>2.63</pwg:Version>' +
    `<pwg:MakeAndModel>${model.makeAndModel}</pwg:MakeAndModel>` +
    `<pwg:SerialNumber>${model.serial}</pwg:SerialNumber>` +
    `<scan:UUID>${model.uuid}</scan:UUID>` +
    `<scan:AdminURI>${adminUrl}</scan:AdminURI>` +
    (model.platen ? `<scan:Platen><scan:PlatenInputCaps>${glass}</scan:PlatenInputCaps></scan:Platen>` : '') +
    (model.adf
      ? '<scan:Adf>' +
        `<scan:AdfSimplexInputCaps>${feeder}</scan:AdfSimplexInputCaps>` +
        (model.duplex ? `<scan:AdfDuplexInputCaps>${feeder}</scan:AdfDuplexInputCaps>` : '') +
        `<scan:FeederCapacity>${model.feederCapacity}</scan:FeederCapacity>` +
        '<scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption>' +
        (model.duplex ? '<scan:AdfOption>Duplex</scan:AdfOption>' : '') +
        '</scan:AdfOptions>' +
        '</scan:Adf>'
      : '') +
    '</scan:ScannerCapabilities>'
  );
}

export interface JobStatus {
  uri: string;
  state: 'Processing' | 'Completed' | 'Canceled';
  imagesCompleted: number;
  imagesToTransfer: number;
}

export function statusXml(state: 'Idle' | 'Processing', adfLoaded: boolean, jobs: JobStatus[] = []): string {
  const jobInfo = jobs
    .map(
      (j) =>
        '<scan:JobInfo>' +
        `<pwg:JobUri>${j.uri}</pwg:JobUri><pwg:JobUuid>${j.uri.split('/').pop() ?? ''}</pwg:JobUuid>` +
        `<scan:Age>0</scan:Age><pwg:ImagesCompleted>${j.imagesCompleted}</pwg:ImagesCompleted>` +
        `<pwg:ImagesToTransfer>${j.imagesToTransfer}</pwg:ImagesToTransfer>` +
        `<pwg:JobState>${j.state}</pwg:JobState>` +
        '</scan:JobInfo>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<scan:ScannerStatus xmlns:scan="${NS_SCAN}" xmlns:pwg="${NS_PWG}">` +
    '<pwg:Version>2.63</pwg:Version>' +
    `<pwg:State>${state}</pwg:State>` +
    `<scan:AdfState>${adfLoaded ? 'ScannerAdfLoaded' : 'ScannerAdfEmpty'}</scan:AdfState>` +
    (jobInfo ? `<scan:Jobs>${jobInfo}</scan:Jobs>` : '') +
    '</scan:ScannerStatus>'
  );
}
