/**
 * The Electron fuses every packaged kiosk carries: switches compiled into the Electron binary that
 * no command line, environment variable or script at the kiosk can turn back. One list, read by the
 * electron-builder `afterPack` hook (`build/after-pack.ts`, which flips them) and by
 * `tests/unit/installer-fuses.test.ts` (which asserts each value), so neither can drift.
 *
 * Source of the rules: Electron's "Electron Fuses" tutorial and its security checklist; the fuse
 * indices come from `@electron/fuses` (`FuseV1Options`).
 */
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

/** A fuse's name as `@electron/fuses` spells it (the key of `FuseV1Options`). */
export type FuseName = keyof typeof FuseV1Options;

/**
 * Every V1 fuse, each with its value and why. Every fuse is listed (not only the ones we change)
 * because the hook flips with `strictlyRequireAllFuses`: an Electron upgrade that adds a fuse stops
 * the build until someone decides its value here.
 */
export const KIOSK_FUSES: Readonly<Record<FuseName, { enabled: boolean; why: string }>> = {
  RunAsNode: {
    enabled: false,
    why: 'ELECTRON_RUN_AS_NODE would turn the signed kiosk binary into a general Node.js interpreter.',
  },
  EnableCookieEncryption: {
    enabled: true,
    why: "Cookies on disk encrypted with the OS key (the same protection as safeStorage's store key).",
  },
  EnableNodeOptionsEnvironmentVariable: {
    enabled: false,
    why: 'NODE_OPTIONS (--require, --import) would load any script into the main process.',
  },
  EnableNodeCliInspectArguments: {
    enabled: false,
    why: '--inspect and friends would open a debugger on the main process, which holds the store key.',
  },
  EnableEmbeddedAsarIntegrityValidation: {
    enabled: true,
    why: 'app.asar is checked against the hash electron-builder embeds (Windows; macOS) before it loads.',
  },
  OnlyLoadAppFromAsar: {
    enabled: true,
    why: 'Electron loads only app.asar, never a resources/app folder someone drops beside it.',
  },
  LoadBrowserProcessSpecificV8Snapshot: {
    enabled: false,
    why: 'Electron default; the kiosk ships no custom V8 snapshot.',
  },
  GrantFileProtocolExtraPrivileges: {
    enabled: false,
    why: 'The renderer is served from app://kiosk/ (src/main/electron/protocol.ts); file:// needs no privileges.',
  },
  WasmTrapHandlers: {
    enabled: true,
    why: "Electron default: WebAssembly bounds checks through trap handlers (tesseract.js's OCR is WebAssembly).",
  },
};

/**
 * The `@electron/fuses` configuration for `flipFuses`: fuse index → boolean, every fuse set,
 * `strictlyRequireAllFuses` on (a fuse wire longer than this list is an error, not a silent default).
 */
export function kioskFuseConfig(): FuseV1Config {
  const config: FuseV1Config = { version: FuseVersion.V1, strictlyRequireAllFuses: true } as FuseV1Config;
  for (const [name, fuse] of Object.entries(KIOSK_FUSES) as [FuseName, { enabled: boolean }][]) {
    (config as Record<number, boolean>)[FuseV1Options[name]] = fuse.enabled;
  }
  return config;
}
