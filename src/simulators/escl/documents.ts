/**
 * The XML an eSCL scanner serves, shaped the way the real clients (sane-airscan, SANE's escl
 * backend) insist on: `scan:`/`pwg:` prefixes, DiscreteResolutions (a range is refused by one client
 * and crashes the other), Min/Max Width/Height, RGB24/Grayscale8, image/jpeg and image/png.
 */
import { NS_PWG, NS_SCAN } from '../../main/devices/escl/escl-xml';

export interface SimulatedScannerModel {
  makeAndModel: string;
  serial: string;
  uuid: string;
  resolutions: number[];
  duplex: boolean;
  feederCapacity: number;
}

function inputCaps(model: SimulatedScannerModel): string {
  const resolutions = model.resolutions
    .map(
      (r) =>
        `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`,
    )
    .join('');
  const max = Math.max(...model.resolutions);
  return (
    // 1/300 inch: up to A4 width (8.5 in) and 11.7 in high; at least 1/16 inch.
    '<scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>' +
    '<scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>' +
    '<scan:MaxScanRegions>1</scan:MaxScanRegions>' +
    '<scan:SettingProfiles><scan:SettingProfile>' +
    '<scan:ColorModes><scan:ColorMode>RGB24</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>' +
    '<scan:DocumentFormats>' +
    '<pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat><pwg:DocumentFormat>image/png</pwg:DocumentFormat>' +
    '<scan:DocumentFormatExt>image/jpeg</scan:DocumentFormatExt><scan:DocumentFormatExt>image/png</scan:DocumentFormatExt>' +
    '</scan:DocumentFormats>' +
    `<scan:SupportedResolutions><scan:DiscreteResolutions>${resolutions}</scan:DiscreteResolutions></scan:SupportedResolutions>` +
    '<scan:ColorSpaces><scan:ColorSpace>sRGB</scan:ColorSpace></scan:ColorSpaces>' +
    '</scan:SettingProfile></scan:SettingProfiles>' +
    '<scan:SupportedIntents><scan:Intent>Document</scan:Intent><scan:Intent>Photo</scan:Intent></scan:SupportedIntents>' +
    `<scan:MaxOpticalXResolution>${max}</scan:MaxOpticalXResolution>` +
    `<scan:MaxOpticalYResolution>${max}</scan:MaxOpticalYResolution>`
  );
}

export function capabilitiesXml(model: SimulatedScannerModel, adminUrl: string): string {
  const caps = inputCaps(model);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<scan:ScannerCapabilities xmlns:scan="${NS_SCAN}" xmlns:pwg="${NS_PWG}">` +
    '<pwg:Version>2.63</pwg:Version>' +
    `<pwg:MakeAndModel>${model.makeAndModel}</pwg:MakeAndModel>` +
    `<pwg:SerialNumber>${model.serial}</pwg:SerialNumber>` +
    `<scan:UUID>${model.uuid}</scan:UUID>` +
    `<scan:AdminURI>${adminUrl}</scan:AdminURI>` +
    `<scan:Platen><scan:PlatenInputCaps>${caps}</scan:PlatenInputCaps></scan:Platen>` +
    '<scan:Adf>' +
    `<scan:AdfSimplexInputCaps>${caps}</scan:AdfSimplexInputCaps>` +
    (model.duplex ? `<scan:AdfDuplexInputCaps>${caps}</scan:AdfDuplexInputCaps>` : '') +
    `<scan:FeederCapacity>${model.feederCapacity}</scan:FeederCapacity>` +
    '<scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption></scan:AdfOptions>' +
    '</scan:Adf>' +
    '</scan:ScannerCapabilities>'
  );
}

export function statusXml(state: 'Idle' | 'Processing', adfLoaded: boolean): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<scan:ScannerStatus xmlns:scan="${NS_SCAN}" xmlns:pwg="${NS_PWG}">` +
    '<pwg:Version>2.63</pwg:Version>' +
    `<pwg:State>${state}</pwg:State>` +
    `<scan:AdfState>${adfLoaded ? 'ScannerAdfLoaded' : 'ScannerAdfEmpty'}</scan:AdfState>` +
    '</scan:ScannerStatus>'
  );
}
