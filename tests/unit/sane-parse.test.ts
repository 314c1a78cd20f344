import { describe, expect, it } from 'vitest';
import { parseDeviceList, parseOptions } from '../../src/main/devices/sane/sane-parse';
import { batchFailure, saneFailure } from '../../src/main/devices/sane/sane-status';

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

describe('batch scan judgement (what scanimage printed, whatever its exit code)', () => {
  const normal = 'Scanning page 1\nScanned page 1. (scanner status = 5)\nBatch terminated, 1 page scanned\n';
  const code = (exit: number | null, stderr: string, scanned: number, wanted: number) =>
    batchFailure(exit, stderr, scanned, wanted, 'test:0')?.code ?? null;

  it('accepts a normal batch', () => {
    expect(code(0, normal, 1, 1)).toBeNull();
  });

  it('trusts the message over an exit code of 0 after a failed read, even with a page left behind', () => {
    const noMem =
      'Scanning page 1\nscanimage: sane_read: Out of memory\nScanned page 1. (scanner status = 10)\n';
    const io = 'scanimage: sane_read: Error during device I/O\nScanned page 1. (scanner status = 9)\n';
    expect(code(0, noMem, 0, 1)).toBe('scanner_failed');
    expect(code(0, noMem, 1, 1)).toBe('scanner_failed');
    expect(code(0, io, 0, 1)).toBe('scanner_io_error');
  });

  it('treats an empty feeder as the end after enough pages, and as no documents before', () => {
    const empty =
      'Scanned page 2. (scanner status = 5)\nscanimage: sane_start: Document feeder out of documents\n';
    expect(code(0, empty, 2, 2)).toBeNull();
    expect(code(0, empty, 1, 2)).toBe('scanner_no_docs');
    expect(code(0, normal, 1, 2)).toBe('scanner_no_docs');
  });

  it('maps a non-zero exit as before', () => {
    expect(code(6, 'scanimage: sane_read: Document feeder jammed\n', 0, 1)).toBe('scanner_jammed');
  });
});
