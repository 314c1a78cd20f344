// Issue 10, kinds 1, 4, 5 and 7 (SANE side): what the kiosk reads from `scanimage -A` and asks for,
// against fixtures written from the backends' manual pages (tests/fixtures/sane/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planScan } from '../../src/main/devices/scan-plan';
import { parseSaneOptions } from '../../src/main/devices/sane/sane-options';
import { classifySources, parseOptions } from '../../src/main/devices/sane/sane-parse';
import { SaneProvider, SaneSource, settingToDrop } from '../../src/main/devices/sane/sane-provider';
import { saneFailure } from '../../src/main/devices/sane/sane-status';
import { quietLogger } from '../helpers/sane';

const fixture = (name: string): string =>
  readFileSync(join(__dirname, '..', 'fixtures', 'sane', name), 'utf8');

function source(file: string, name = 'fujitsu:fi-7160:100001'): SaneSource {
  const provider = new SaneProvider({ log: quietLogger().log });
  return new SaneSource(
    provider,
    { name, vendor: 'FUJITSU', model: 'fi-7160', type: 'sheetfed' },
    parseOptions(fixture(file)),
  );
}

/** Value of an argument in a scanimage argument list. */
const arg = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('kind 1: sheet-fed scanners (no flatbed, ADF Front|ADF Back|ADF Duplex)', () => {
  it.each(['fujitsu-sheetfed.txt', 'canon-dr-sheetfed.txt', 'epjitsu-sheetfed.txt'])(
    '%s: the card goes through the feeder, duplex, with the page set to the card',
    (file) => {
      const scanner = source(file);
      expect(scanner.capabilities).toMatchObject({ flatbed: false, adf: true, duplex: true });
      const request = planScan('id1_card', 'front', scanner.capabilities);
      expect(request).toMatchObject({ paperSource: 'adf', duplex: true, pages: 2, resolution: 300 });
      const args = scanner.args(request, '/tmp/p%d.png');
      expect(arg(args, '--source')).toBe('ADF Duplex');
      // The backends centre the window on the page width: the page is the card's area.
      expect(arg(args, '--page-width')).toBe('90');
      expect(arg(args, '--page-height')).toBe('60');
      expect([arg(args, '-l'), arg(args, '-x'), arg(args, '-y')]).toEqual(['0', '90', '60']);
      // The source first: the page size is inactive until a feeder is chosen.
      expect(args.indexOf('--source')).toBeLessThan(args.indexOf('--page-width'));
      expect(args).toContain('--batch-count=2');
      expect(arg(args, '--mode')).toBe('Color');
    },
  );

  it('a passport page on the same scanner goes simplex through the feeder', () => {
    const scanner = source('fujitsu-sheetfed.txt');
    const request = planScan('passport_page', 'passport', scanner.capabilities);
    expect(request).toMatchObject({ paperSource: 'adf', duplex: false, pages: 1 });
    const args = scanner.args(request, '/tmp/p%d.png');
    expect(arg(args, '--source')).toBe('ADF Front');
    expect(arg(args, '--page-width')).toBe('130');
  });
});

describe('kind 4: the option grammar, brackets and flags included', () => {
  const options = parseSaneOptions(fixture('brackets-and-flags.txt'));
  const byName = (name: string) => options.find((o) => o.name === name)!;

  it('splits values from the current value even when both hold brackets', () => {
    expect(byName('mode').values).toEqual([
      'Lineart',
      'Gray[Dither]',
      'True Gray',
      '24bit Color[Fast]',
      '24bit Color',
    ]);
    expect(byName('mode').current).toBe('24bit Color[Fast]');
    expect(byName('source')).toMatchObject({
      values: ['Flatbed', 'ADF', 'ADF Duplex'],
      current: 'Flatbed',
      advanced: true,
    });
  });

  it('reads the flags and units', () => {
    expect(byName('depth')).toMatchObject({ values: ['8'], current: '8', readOnly: true });
    expect(byName('adf-mode')).toMatchObject({
      values: ['Simplex', 'Duplex'],
      current: null,
      inactive: true,
    });
    expect(byName('scan')).toMatchObject({ boolean: true, current: 'no', hardware: true });
    expect(byName('resolution')).toMatchObject({
      values: ['75', '150', '300', '600'],
      unit: 'dpi',
      current: '150',
    });
    expect(byName('x')).toMatchObject({ range: { min: 0, max: 215.9, quant: null }, unit: 'mm' });
    expect(parseSaneOptions('    --resolution 50..600dpi (in steps of 1) [50]')[0]).toMatchObject({
      range: { min: 50, max: 600, quant: 1 },
      unit: 'dpi',
      current: '50',
    });
  });

  it('chooses modes by what they are: true 8-bit grey, plain 24-bit colour', () => {
    const parsed = parseOptions(fixture('brackets-and-flags.txt'));
    expect(parsed.modeNames).toEqual({ color: '24bit Color', gray: 'True Gray' });
    expect(parsed.sourceNames).toEqual({ flatbed: 'Flatbed', adf: 'ADF', adfDuplex: 'ADF Duplex' });
    expect(parsed.capabilities.resolutions).toEqual([75, 150, 300, 600]);
    expect(parseOptions('    --mode Lineart|Halftone|Gray|Color [Lineart]').modeNames).toEqual({
      color: 'Color',
      gray: 'Gray',
    });
  });
});

describe('kind 7: flatbeds by other names', () => {
  it('Document Table, Normal and Auto are the glass', () => {
    const parsed = parseOptions(fixture('flatbed-names.txt'));
    expect(parsed.capabilities).toMatchObject({ flatbed: true, adf: false, duplex: false });
    expect(parsed.sourceNames).toEqual({ flatbed: 'Document Table' });
    expect(classifySources(['Normal', 'ADF'])).toEqual({ flatbed: 'Normal', adf: 'ADF' });
    expect(classifySources(['Auto'])).toEqual({ flatbed: 'Auto' });
    expect(classifySources(['Automatic Document Feeder'])).toEqual({ adf: 'Automatic Document Feeder' });
  });
});

describe('kind 5: "Invalid argument" is a refused setting, not a missing scanner', () => {
  it('names the setting the device refused', () => {
    const refused = saneFailure(1, 'scanimage: setting of option --mode failed (Invalid argument)\n', 'd');
    expect(refused.code).toBe('scanner_setting_refused');
    expect(refused.details).toMatchObject({ refusedSetting: 'mode' });
    const start = saneFailure(4, 'scanimage: sane_start: Invalid argument\n', 'd');
    expect(start.code).toBe('scanner_setting_refused');
    expect(start.details).toMatchObject({ refusedSetting: null });
    // Opening a device the backend does not know is still "not found".
    expect(saneFailure(1, 'scanimage: open of device x failed: Invalid argument\n', 'd').code).toBe(
      'scanner_not_found',
    );
  });

  it('retries with the device default where safe, never without the source', () => {
    const scanner = source('fujitsu-sheetfed.txt');
    const settings = scanner.settings(planScan('id1_card', 'front', scanner.capabilities));
    const refusal = (stderr: string) => saneFailure(1, stderr, 'd');
    expect(
      settingToDrop(
        refusal('scanimage: setting of option --page-width failed (Invalid argument)'),
        settings,
        new Set(),
      ),
    ).toEqual({ refused: 'page-width', drop: ['page-width'] });
    expect(
      settingToDrop(
        refusal('scanimage: setting of option --br-x failed (Invalid argument)'),
        settings,
        new Set(),
      ),
    ).toEqual({ refused: 'br-x', drop: ['geometry'] });
    expect(
      settingToDrop(saneFailure(4, 'scanimage: sane_start: Invalid argument', 'd'), settings, new Set()),
    ).toEqual({ refused: null, drop: ['page-width', 'page-height', 'geometry'] });
    expect(
      settingToDrop(
        refusal('scanimage: setting of option --source failed (Invalid argument)'),
        settings,
        new Set(),
      ),
    ).toBeNull();
    // Already dropped: nothing safe is left, the error stands.
    expect(
      settingToDrop(
        refusal('scanimage: setting of option --mode failed (Invalid argument)'),
        settings,
        new Set(['mode']),
      ),
    ).toBeNull();
  });
});
