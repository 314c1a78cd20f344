// electron-builder itself, run on this project the way IT runs it, up to the unpacked app
// (`--linux dir`): it loads electron-builder.ts, selects the app's files and production node_modules,
// packs app.asar, unpacks the native modules and calls the afterPack hook. Only the Electron binary
// is a stand-in (tests/helpers/fuse-wire.ts), given as `electronDist` because it cannot be downloaded
// here; the installers (NSIS, AppImage, deb) need the real one and are built where it installs.
// Needs the build output (`npm run build` runs first in scripts/test-all.sh).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINUX_EXECUTABLE } from '../../electron-builder';
import { REQUIRED_FUSES, writeFuseWireBinary } from '../helpers/fuse-wire';
import { packageViolations } from '../helpers/package-files';

const run = promisify(execFile);
const projectDir = process.cwd();

interface Built {
  log: string;
  appOutDir: string;
  listing: string[];
}

/** Runs `electron-builder --linux dir` with the stand-in Electron, output in a temporary folder. */
async function buildUnpacked(work: string): Promise<Built> {
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFuseWireBinary(join(electronDist, 'electron'));
  const output = join(work, 'dist');
  const cli = join(projectDir, 'node_modules/electron-builder/cli.js');
  const args = [
    '--linux',
    'dir',
    '--publish',
    'never',
    `-c.electronDist=${electronDist}`,
    `-c.directories.output=${output}`,
  ];
  const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
    cwd: projectDir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const appOutDir = join(output, 'linux-unpacked');
  return {
    log: stdout + stderr,
    appOutDir,
    listing: listPackage(join(appOutDir, 'resources/app.asar'), { isPack: false }),
  };
}

describe('electron-builder --linux dir with a stand-in Electron binary', () => {
  let built: Built;
  let work: string;
  // One build for the whole file (about 40 s here): packing 150 MB of production modules.
  beforeAll(async () => {
    expect(
      existsSync(join(projectDir, 'out/main/index.js')),
      'out/main/index.js missing: run npm run build',
    ).toBe(true);
    work = mkdtempSync(join(tmpdir(), 'kiosk-builder-'));
    built = await buildUnpacked(work);
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reads electron-builder.ts: its executable name, and its afterPack hook on that executable', () => {
    expect(existsSync(join(built.appOutDir, LINUX_EXECUTABLE))).toBe(true);
    expect(built.log).toContain(`kiosk fuses set in ${join(built.appOutDir, LINUX_EXECUTABLE)}`);
  });

  it("flips the fuses in the packed binary through the config's afterPack hook", async () => {
    const wire = await getCurrentFuseWire(join(built.appOutDir, LINUX_EXECUTABLE));
    for (const [name, enabled] of Object.entries(REQUIRED_FUSES)) {
      const state = wire[FuseV1Options[name as keyof typeof REQUIRED_FUSES]];
      expect(state, name).toBe(enabled ? FuseState.ENABLE : FuseState.DISABLE);
    }
  });

  it('packs the entry points and none of the harness, simulators, tests, bench, scripts or maps', () => {
    const own = built.listing.filter((p) => !p.startsWith('/node_modules'));
    expect(packageViolations(own, join(built.appOutDir, 'resources/app.asar'))).toEqual([]);
    expect(built.listing.filter((p) => p.endsWith('.map'))).toEqual([]);
  });

  it('packs production dependencies only', () => {
    const packages = new Set(
      built.listing
        .filter((p) => /^\/node_modules\/[^/]+/.test(p))
        .map((p) => {
          const [, , scope, name] = p.split('/');
          return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
        }),
    );
    for (const name of ['better-sqlite3', 'sharp', 'usb', 'zod', 'tesseract.js'])
      expect(packages).toContain(name);
    for (const name of [
      'electron',
      'electron-builder',
      'vitest',
      '@playwright/test',
      'svelte',
      'vite',
      'node',
    ]) {
      expect(packages, name).not.toContain(name);
    }
  });

  it('unpacks the native modules next to app.asar', () => {
    const unpacked = join(built.appOutDir, 'resources/app.asar.unpacked/node_modules');
    expect(existsSync(join(unpacked, 'better-sqlite3/prebuilds/linux-x64.node'))).toBe(true);
    expect(existsSync(join(unpacked, '@img/sharp-linux-x64/lib'))).toBe(true);
    expect(existsSync(join(unpacked, 'usb/prebuilds/linux-x64'))).toBe(true);
  });
});
