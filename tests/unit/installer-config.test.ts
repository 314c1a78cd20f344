// The installers' configuration (issue 13, Installers): electron-builder.ts as electron-builder reads
// it, the NSIS include script and the Linux autostart entry it points to. The installers themselves
// cannot be built here (no Electron binary); README "Installers" says how IT builds and checks them.
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { describe, expect, it } from 'vitest';
import config, { AUTOSTART_DESKTOP_FILE, AUTOSTART_TARGET, LINUX_EXECUTABLE } from '../../electron-builder';
import afterPack from '../../build/after-pack';
import { CONFIG_FILE, machineConfigDir } from '../../src/main/config/kiosk-config';
import { KIOSK_MODE_SWITCH } from '../../src/main/hardening/launch-options';

const projectDir = process.cwd();
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  productName: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  build?: unknown;
};

/** Targets of a platform section as `name` strings. */
function targetNames(section: { target?: unknown } | null | undefined): string[] {
  const targets = (section?.target ?? []) as ({ target: string } | string)[];
  return targets.map((t) => (typeof t === 'string' ? t : t.target));
}

/** Every file under `dir` (relative to the project, `/`-separated), symlinks not followed. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) return filesUnder(path);
    return stat.isFile() ? [relative(projectDir, path).split(sep).join('/')] : [];
  });
}

describe('electron-builder configuration', () => {
  it('is the only one: package.json has no "build" key that would win over electron-builder.ts', () => {
    expect(pkg.build).toBeUndefined();
    expect(config.appId).toBe('eg.bank.kyc-kiosk');
    expect(config.productName).toBe(pkg.productName);
  });

  it('pins electron-builder, @electron/fuses and @electron/asar exactly', () => {
    for (const name of ['electron-builder', '@electron/fuses', '@electron/asar']) {
      expect(pkg.devDependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('builds a per-machine NSIS installer for Windows', () => {
    expect(targetNames(config.win)).toEqual(['nsis']);
    expect(config.nsis?.perMachine).toBe(true);
    // Assisted rather than one-click: IT sees where it installs; /S installs silently for device management.
    expect(config.nsis?.oneClick).toBe(false);
    expect(config.nsis?.allowToChangeInstallationDirectory).toBe(false);
  });

  it('builds an AppImage and a deb for Linux', () => {
    expect(targetNames(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux?.executableName).toBe(LINUX_EXECUTABLE);
  });

  it('packs the app into app.asar and flips the fuses after packing', () => {
    expect(config.asar).toBe(true);
    expect(config.afterPack).toBe(afterPack);
    // electron-builder only rebuilds native modules when asked; the prebuilds are Node-API.
    expect(config.npmRebuild).toBe(false);
  });

  it("unpacks every native module's .node file, and no JavaScript of those modules", () => {
    const unpack = new FileMatcher(projectDir, projectDir, (p) => p, config.asarUnpack).createFilter();
    const unpacked = (path: string) => unpack(join(projectDir, path), lstatSync(join(projectDir, path)));
    const native = ['better-sqlite3', 'sharp', '@img', 'usb'].flatMap((name) =>
      filesUnder(join(projectDir, 'node_modules', name)).filter((f) => f.endsWith('.node')),
    );
    // better-sqlite3's prebuilds, sharp's platform package, usb's prebuilds.
    expect(native.some((f) => f.startsWith('node_modules/better-sqlite3/'))).toBe(true);
    expect(native.some((f) => f.startsWith('node_modules/@img/sharp-'))).toBe(true);
    expect(native.some((f) => f.startsWith('node_modules/usb/'))).toBe(true);
    for (const file of native) expect(unpacked(file), file).toBe(true);
    expect(unpacked('node_modules/better-sqlite3/lib/index.js')).toBe(false);
    expect(unpacked('node_modules/usb/dist/index.js')).toBe(false);
  });
});

describe('start at logon in kiosk mode', () => {
  const nsh = readFileSync(join(projectDir, config.nsis?.include as string), 'utf8');

  it('Windows: the installer adds a machine-wide Run value with the kiosk switch, the uninstaller removes it', () => {
    const install = /!macro customInstall\n([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
    const uninstall = /!macro customUnInstall\n([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
    expect(install).toMatch(
      /WriteRegStr HKLM "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "BranchKycKiosk" '"\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" --kiosk-mode'/,
    );
    expect(install).toContain(KIOSK_MODE_SWITCH);
    expect(uninstall).toMatch(
      /DeleteRegValue HKLM "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "BranchKycKiosk"/,
    );
  });

  it("Windows: the installer creates the kiosk's machine-wide configuration folder, writable by administrators only", () => {
    // The folder the kiosk reads (src/main/config/kiosk-config.ts) with ProgramData from the environment.
    const folder = machineConfigDir('win32', { ProgramData: '$0' });
    expect(folder).toBe('$0\\BranchKycKiosk');
    expect(nsh).toContain('ReadEnvStr $0 ProgramData');
    expect(nsh).toContain(`CreateDirectory "${folder}"`);
    expect(nsh).toContain(`icacls "${folder}" /inheritance:r`);
    // Users (S-1-5-32-545) may read, never write.
    expect(nsh).toMatch(/\*S-1-5-32-545:\(OI\)\(CI\)RX'/);
  });

  it('deb: the autostart entry goes to /etc/xdg/autostart and starts the installed kiosk with the switch', () => {
    expect(AUTOSTART_TARGET).toBe('/etc/xdg/autostart/branch-kyc-kiosk.desktop');
    expect(config.deb?.fpm).toContain(`${AUTOSTART_DESKTOP_FILE}=${AUTOSTART_TARGET}`);
    const entry = readFileSync(AUTOSTART_DESKTOP_FILE, 'utf8');
    expect(entry).toMatch(/^\[Desktop Entry\]$/m);
    expect(entry).toMatch(/^Type=Application$/m);
    // electron-builder's deb links /usr/bin/<executableName> to the program under /opt.
    expect(entry).toMatch(new RegExp(`^Exec=/usr/bin/${LINUX_EXECUTABLE} ${KIOSK_MODE_SWITCH}$`, 'm'));
  });

  it('Linux: the machine-wide configuration is read from /etc/branch-kyc-kiosk', () => {
    expect(machineConfigDir('linux', {})).toBe('/etc/branch-kyc-kiosk');
    expect(CONFIG_FILE).toBe('kiosk.config.json');
  });
});
