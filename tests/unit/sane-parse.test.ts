import { describe, expect, it } from 'vitest';
import { parseDeviceList, parseOptions } from '../../src/main/devices/sane/sane-parse';
import { saneFailure } from '../../src/main/devices/sane/sane-status';

describe('scanimage output parsing', () => {
  it('reads the formatted device list, names with separators included', () => {
    expect(
      parseDeviceList(
        'test:0|Noname|frontend-tester|virtual device\nescl:http://h|x|HP|Laser|flatbed scanner\n\n',
      ),
    ).toEqual([
      { name: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' },
      { name: 'escl:http://h|x', vendor: 'HP', model: 'Laser', type: 'flatbed scanner' },
    ]);
  });

  it('reads capabilities from a feeder scanner with a resolution list and duplex', () => {
    const help = [
      '    --resolution 150|200|300|600dpi [300]',
      '    --mode Lineart|Gray|Color [Color]',
      '    --source Flatbed|ADF Front|ADF Duplex [Flatbed]',
      '    -x 0..215.9mm [215.9]',
      '    -y 0..297.011mm [297.011]',
    ].join('\n');
    const options = parseOptions(help);
    expect(options.capabilities).toEqual({
      flatbed: true,
      adf: true,
      duplex: true,
      resolutions: [150, 200, 300, 600],
      colourModes: ['color', 'gray'],
      maxWidthMm: 215.9,
      maxHeightMm: 297.011,
    });
    expect(options.sourceNames).toEqual({ flatbed: 'Flatbed', adf: 'ADF Front', adfDuplex: 'ADF Duplex' });
  });

  it('turns a resolution range into the common values inside it; no --source means a flatbed', () => {
    const options = parseOptions(
      '    --resolution 50..600dpi (in steps of 1) [50]\n    --mode Colour|Grayscale [Colour]',
    );
    expect(options.capabilities.resolutions).toEqual([75, 100, 150, 200, 300, 400, 600]);
    expect(options.capabilities.flatbed).toBe(true);
    expect(options.capabilities.adf).toBe(false);
    expect(options.modeNames).toEqual({ color: 'Colour', gray: 'Grayscale' });
    expect(options.hasGeometry).toBe(false);
  });

  it('maps failures by text first, exit status second', () => {
    expect(saneFailure(6, 'scanimage: sane_read: Document feeder jammed\n', 'd').code).toBe('scanner_jammed');
    expect(saneFailure(1, 'scanimage: open of device x failed: Invalid argument\n', 'd').code).toBe(
      'scanner_not_found',
    );
    expect(saneFailure(8, '', 'd').code).toBe('scanner_cover_open');
    expect(saneFailure(null, 'killed', 'd').code).toBe('scanner_failed');
  });
});
