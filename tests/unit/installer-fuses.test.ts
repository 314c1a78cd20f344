// The Electron fuses of a packaged kiosk (issue 13, Installers). The list in build/fuses.ts is what
// the afterPack hook flips; these tests pin each security fuse and run the hook's flip-and-verify on
// a stand-in for the Electron binary (tests/helpers/fuse-wire.ts), which cannot be downloaded here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { applyKioskFuses, electronBinaryPath } from '../../build/after-pack';
import { KIOSK_FUSES, kioskFuseConfig } from '../../build/fuses';
import {
  ELECTRON_SHIPPED_WIRE,
  FUSE_PAD_BYTES,
  FUSE_SENTINEL,
  REQUIRED_FUSES as REQUIRED,
  writeFuseWireBinary,
} from '../helpers/fuse-wire';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** A fresh stand-in binary (tests/helpers/fuse-wire.ts) with `wire`, Electron's shipped values by default. */
function fakeElectronBinary(wire = ELECTRON_SHIPPED_WIRE): string {
  const path = join(tempDir(), 'electron');
  writeFuseWireBinary(path, wire);
  return path;
}

describe('kiosk fuses', () => {
  it.each(Object.entries(REQUIRED))('sets %s to %s', (name, enabled) => {
    const fuse = KIOSK_FUSES[name as keyof typeof REQUIRED];
    expect(fuse, `${name} missing from build/fuses.ts`).toBeDefined();
    expect(fuse.enabled).toBe(enabled);
    expect(kioskFuseConfig()[FuseV1Options[name as keyof typeof REQUIRED]]).toBe(enabled);
  });

  it('lists every fuse @electron/fuses knows, each with a reason, and flips strictly', () => {
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(KIOSK_FUSES).sort()).toEqual(known.sort());
    for (const fuse of Object.values(KIOSK_FUSES)) expect(fuse.why.length).toBeGreaterThan(20);
    const config = kioskFuseConfig();
    expect(config.strictlyRequireAllFuses).toBe(true);
    expect(config.version).toBe('1');
  });

  it('flips the wire of a binary and reads each fuse back', async () => {
    const binary = fakeElectronBinary();
    const before = readFileSync(binary);
    const result = await applyKioskFuses(binary);
    for (const [name, enabled] of Object.entries(REQUIRED))
      expect(result[name as keyof typeof REQUIRED]).toBe(enabled);
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    // Only the wire changed: same length, same bytes outside it.
    const after = readFileSync(binary);
    expect(after.length).toBe(before.length);
    const wireStart = FUSE_PAD_BYTES + FUSE_SENTINEL.length + 2;
    expect(after.subarray(0, wireStart).equals(before.subarray(0, wireStart))).toBe(true);
    expect(after.subarray(wireStart, wireStart + 9).toString()).toBe('010011001');
  });

  it('refuses a binary without a fuse wire', async () => {
    const path = join(tempDir(), 'not-electron');
    writeFileSync(path, Buffer.alloc(8192, 0x90));
    await expect(applyKioskFuses(path)).rejects.toThrow(/sentinel/);
  });

  it('stops the build when Electron has a fuse the list does not decide', async () => {
    await expect(applyKioskFuses(fakeElectronBinary('1011000110'))).rejects.toThrow(
      /strictlyRequireAllFuses/,
    );
  });

  it('finds the executable electron-builder packed, per platform', () => {
    const packager = { appInfo: { productFilename: 'Branch KYC Kiosk' }, executableName: 'branch-kyc-kiosk' };
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(
      '/o/branch-kyc-kiosk',
    );
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(
      join('/o', 'Branch KYC Kiosk.exe'),
    );
    expect(() => electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toThrow(
      /no kiosk build/,
    );
  });
});
