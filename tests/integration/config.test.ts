import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKioskConfig, modeOf } from '../../src/main/config/kiosk-config';
import { SettingsFile } from '../../src/main/config/settings';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

describe('kiosk configuration file', () => {
  it('defaults to training mode in Arabic when no file exists', () => {
    const config = loadKioskConfig(join(tempDir(), 'missing.json'));
    expect(modeOf(config)).toBe('training');
    expect(config.defaultLanguage).toBe('ar');
  });

  it('refuses a malformed or unknown setting with a clear error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{ "kioskMode": ');
    writeFileSync(join(dir, 'typo.json'), '{ "kioskMod": true }');
    expect(() => loadKioskConfig(join(dir, 'broken.json'))).toThrow(/not valid JSON/);
    expect(() => loadKioskConfig(join(dir, 'typo.json'))).toThrow(/invalid/);
  });

  it('persists the operator language across restarts, and survives a damaged file', () => {
    const dir = tempDir();
    new SettingsFile(dir).setLanguage('en');
    expect(new SettingsFile(dir).language).toBe('en');
    writeFileSync(join(dir, 'settings.json'), 'garbage');
    expect(new SettingsFile(dir).language).toBeUndefined();
  });
});
