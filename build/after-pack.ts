/**
 * electron-builder `afterPack` hook: flips the kiosk's Electron fuses (`build/fuses.ts`) in the
 * packed Electron binary, then reads the wire back and fails the build if any fuse did not take.
 *
 * It runs after electron-builder has packed app.asar and embedded its integrity hash, and before it
 * signs the binary (the fuses must be flipped before signing, or the signature breaks).
 */
import { join } from 'node:path';
import type { AfterPackContext } from 'electron-builder';
import { FuseState, FuseV1Options, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { KIOSK_FUSES, kioskFuseConfig, type FuseName } from './fuses';

/**
 * The Electron executable inside an unpacked app folder, for the kiosk's two platforms:
 * Windows `<productFilename>.exe`, Linux `<executableName>`.
 * @throws for any other platform (the kiosk ships no macOS build).
 */
export function electronBinaryPath(context: {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}): string {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (electronPlatformName === 'linux') {
    if (!packager.executableName) throw new Error('linux packager without an executable name');
    return join(appOutDir, packager.executableName);
  }
  throw new Error(`no kiosk build for platform "${electronPlatformName}"`);
}

/**
 * Flips every fuse of `KIOSK_FUSES` in `binary` and verifies the result.
 * @returns the fuses as read back, name → enabled.
 * @throws when the binary has no fuse wire, a fuse is missing from the list (strict mode), or a fuse
 *   reads back with another value than the one written.
 */
export async function applyKioskFuses(binary: string): Promise<Record<FuseName, boolean>> {
  await flipFuses(binary, kioskFuseConfig());
  const wire: Partial<Record<FuseV1Options, FuseState>> = await getCurrentFuseWire(binary);
  const result = {} as Record<FuseName, boolean>;
  for (const [name, fuse] of Object.entries(KIOSK_FUSES) as [FuseName, { enabled: boolean }][]) {
    const state = wire[FuseV1Options[name]];
    // A fuse Electron no longer has ('r') or one past this Electron's wire is not ours to check.
    if (state === undefined || state === FuseState.REMOVED) continue;
    const enabled = state === FuseState.ENABLE;
    if (enabled !== fuse.enabled) throw new Error(`fuse ${name} reads ${enabled}, expected ${fuse.enabled}`);
    result[name] = enabled;
  }
  return result;
}

/** The hook itself (electron-builder calls the default export with its AfterPackContext). */
export default async function afterPack(context: AfterPackContext): Promise<void> {
  const binary = electronBinaryPath(context);
  const fuses = await applyKioskFuses(binary);
  console.warn(`kiosk fuses set in ${binary}: ${JSON.stringify(fuses)}`);
}
