// The WIA 2.0 helper cannot run here (no Windows, no WIA): what is tested is what the kiosk sends it
// and how it reads what comes back. The real path is checked on a branch PC (README, TWAIN/WIA).
import { describe, expect, it } from 'vitest';
import { parseWiaOutput, powershellArgs, wiaScanRequest } from '../../src/main/devices/twain/wia-helper';
import { WIA_SCRIPT } from '../../src/main/devices/twain/wia-script';
import { scanRequest } from '../helpers/scan-request';

describe('WIA 2.0 helper (PowerShell over the WIA Automation Layer)', () => {
  it('builds the request from the scan plan: handling, pages, intent, dpi, extent in pixels', () => {
    expect(wiaScanRequest('{6BDD1FC6}\\0001', scanRequest(), 'C:\\tmp\\s')).toEqual({
      command: 'scan',
      id: '{6BDD1FC6}\\0001',
      handling: 2,
      pages: 1,
      intent: 1,
      dpi: 300,
      widthPx: 1063,
      heightPx: 709,
      folder: 'C:\\tmp\\s',
    });
    expect(
      wiaScanRequest(
        'd',
        scanRequest({ paperSource: 'adf', duplex: true, pages: 2, colourMode: 'gray' }),
        'f',
      ),
    ).toMatchObject({ handling: 5, pages: 2, intent: 2 });
  });

  it('passes the program encoded and the request only through the environment', () => {
    const args = powershellArgs();
    expect(args.slice(0, 5)).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
    ]);
    expect(Buffer.from(args[5]!, 'base64').toString('utf16le')).toBe(WIA_SCRIPT);
    expect(WIA_SCRIPT).toContain('$env:KIOSK_WIA_REQUEST');
  });

  it('reads devices and pages, ignoring anything that is not its JSON', () => {
    const output = parseWiaOutput(
      [
        'WARNING: some banner',
        '{"event":"device","id":"{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\\\0001","name":"Canon DR-C225","flatbed":false,"feeder":true,"duplex":true,"resolutions":[600,150,300]}',
        '{"event":"page","path":"C:\\\\t\\\\page1.png"}',
        '{"event":"page","path":"C:\\\\t\\\\page2.png"}',
      ].join('\r\n'),
    );
    expect(output.devices).toHaveLength(1);
    expect(output.devices[0]).toMatchObject({
      id: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001',
      name: 'Canon DR-C225',
      api: 'wia',
      capabilities: { flatbed: false, adf: true, duplex: true, resolutions: [150, 300, 600] },
    });
    expect(output.pages).toEqual(['C:\\t\\page1.png', 'C:\\t\\page2.png']);
    expect(output.error).toBeNull();
  });

  it.each([
    ['0x80210002', 'scanner_jammed'],
    ['0x80210003', 'scanner_no_docs'],
    ['0x80210006', 'scanner_busy'],
    ['0x80210016', 'scanner_cover_open'],
    ['0x8021000A', 'scanner_io_error'],
    ['0x80070057', 'scanner_setting_refused'],
    ['0x80210015', 'scanner_not_found'],
    ['0x80004005', 'scanner_failed'],
  ])('maps WIA %s to %s, as SANE statuses are mapped', (hresult, code) => {
    const output = parseWiaOutput(`{"event":"error","hresult":"${hresult}","message":"x"}`);
    expect(output.error?.code).toBe(code);
  });
});
