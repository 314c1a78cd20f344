// Where the administrator's configuration is read from (issue 13): KIOSK_CONFIG, else the
// machine-wide folder device management writes to (ProgramData, /etc) when the file exists there,
// else the data folder.
import { describe, expect, it } from 'vitest';
import { configPath, machineConfigDir } from '../../src/main/config/kiosk-config';

describe('machine-wide configuration path', () => {
  it('names ProgramData on Windows and /etc on Linux', () => {
    expect(machineConfigDir('win32', { ProgramData: 'D:\\ProgramData' })).toBe(
      'D:\\ProgramData\\BranchKycKiosk',
    );
    expect(machineConfigDir('win32', {})).toBe('C:\\ProgramData\\BranchKycKiosk');
    expect(machineConfigDir('linux', {})).toBe('/etc/branch-kyc-kiosk');
    expect(machineConfigDir('darwin', {})).toBeUndefined();
  });

  it('prefers KIOSK_CONFIG, then the machine-wide file if present, then the data folder', () => {
    const present = (path: string) => path === '/etc/branch-kyc-kiosk/kiosk.config.json';
    expect(configPath('/data', { KIOSK_CONFIG: '/x.json' }, '/etc/branch-kyc-kiosk', present)).toBe(
      '/x.json',
    );
    expect(configPath('/data', {}, '/etc/branch-kyc-kiosk', present)).toBe(
      '/etc/branch-kyc-kiosk/kiosk.config.json',
    );
    expect(configPath('/data', {}, '/etc/branch-kyc-kiosk', () => false)).toBe('/data/kiosk.config.json');
    expect(configPath('/data', { KIOSK_CONFIG: '' }, undefined, present)).toBe('/data/kiosk.config.json');
    expect(
      configPath('C:\\Users\\k\\data', {}, 'C:\\ProgramData\\BranchKycKiosk', (p) =>
        p.endsWith('kiosk.config.json'),
      ),
    ).toBe('C:\\ProgramData\\BranchKycKiosk\\kiosk.config.json');
  });
});
