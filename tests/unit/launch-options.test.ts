// The switch the installers' logon entries pass (build/installer.nsh, the deb's autostart entry).
import { describe, expect, it } from 'vitest';
import { KIOSK_MODE_SWITCH, kioskModeRequested } from '../../src/main/hardening/launch-options';

describe('kiosk mode from the command line', () => {
  it('turns kiosk mode on with --kiosk-mode', () => {
    expect(KIOSK_MODE_SWITCH).toBe('--kiosk-mode');
    expect(kioskModeRequested(['/opt/kiosk/branch-kyc-kiosk', '--kiosk-mode'], false)).toBe(true);
  });

  it('never turns off what the configuration turned on, and ignores look-alikes', () => {
    expect(kioskModeRequested(['/opt/kiosk/branch-kyc-kiosk'], true)).toBe(true);
    expect(kioskModeRequested(['/opt/kiosk/branch-kyc-kiosk'], false)).toBe(false);
    expect(kioskModeRequested(['kiosk', '--kiosk-mode=false', '--kiosk'], false)).toBe(false);
  });
});
