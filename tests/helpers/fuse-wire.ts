/**
 * A stand-in for the Electron binary, which cannot be downloaded on the project's machines: a file
 * holding only what @electron/fuses reads and writes in the real binary (Electron docs, "Electron
 * Fuses"): padding, the sentinel, the wire version (1), the wire length, one byte per fuse ('0' off,
 * '1' on, 'r' removed), padding. It is not executable and nothing runs it.
 */
import { writeFileSync } from 'node:fs';

/** The marker Electron's binary puts before its fuse wire. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * The wire as Electron ships it, in FuseV1Options order: RunAsNode on, cookie encryption off,
 * NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, V8 snapshot off, file://
 * privileges on, wasm trap handlers on.
 */
export const ELECTRON_SHIPPED_WIRE = '101100011';

/** Bytes of padding before the sentinel; the wire starts at PAD + sentinel + 2. */
export const FUSE_PAD_BYTES = 4096;

/** Writes the stand-in to `path` (mode 0755, as electron-builder expects an executable). */
export function writeFuseWireBinary(path: string, wire = ELECTRON_SHIPPED_WIRE): void {
  const pad = Buffer.alloc(FUSE_PAD_BYTES, 0x90);
  const header = Buffer.from([1, wire.length]);
  writeFileSync(path, Buffer.concat([pad, Buffer.from(FUSE_SENTINEL), header, Buffer.from(wire), pad]), {
    mode: 0o755,
  });
}

/**
 * The fuse values issue 13 requires of a packaged kiosk; the tests hold build/fuses.ts to them, so
 * removing or changing one there fails.
 */
export const REQUIRED_FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableCookieEncryption: true,
  OnlyLoadAppFromAsar: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  // The renderer is served from app:// (src/main/electron/protocol.ts), never file://.
  GrantFileProtocolExtraPrivileges: false,
} as const;
