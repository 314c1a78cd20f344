/**
 * electron-builder configuration for the kiosk's installers: Windows NSIS (per machine) and Linux
 * AppImage + deb. electron-builder finds this file by its name (`npx electron-builder --win nsis`);
 * the tests read the same object (tests/unit/installer-config.test.ts, and
 * tests/integration/package-contents.test.ts packs the app's files through its `files` filters).
 *
 * It cannot run to the end on the project's own machines: electron-builder starts from the Electron
 * binary, which they cannot download. See README, "Installers".
 */
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';
import afterPack from './build/after-pack';

/** Linux name of the executable, the deb package and the autostart entry. */
export const LINUX_EXECUTABLE = 'branch-kyc-kiosk';

/** The XDG autostart entry the deb installs system-wide (every desktop user's session starts the kiosk). */
export const AUTOSTART_DESKTOP_FILE = join(
  import.meta.dirname,
  'build/linux/branch-kyc-kiosk-autostart.desktop',
);
export const AUTOSTART_TARGET = `/etc/xdg/autostart/${LINUX_EXECUTABLE}.desktop`;

const config: Configuration = {
  appId: 'eg.bank.kyc-kiosk',
  productName: 'Branch KYC Kiosk',
  directories: { output: 'dist', buildResources: 'build' },
  // Only the built app: main, preload and renderer from `electron-vite build`, and package.json.
  // Never out/harness (the browser harness bridge), src/ (simulators, harness), tests, bench, scripts,
  // a .kiosk-data folder or a configuration file. Production node_modules are added by electron-builder
  // from package.json's dependencies. The exclusions refuse what a build or a developer could leave
  // inside the build folders: source maps, test bundles, configurations, keys.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'package.json',
    '!**/*.map',
    '!**/*.{test,spec}.{js,mjs,cjs}',
    '!**/kiosk.config*.json',
    '!**/.env*',
    '!**/*.{key,pem,p12,pfx}',
  ],
  asar: true,
  // Native modules cannot be loaded from inside app.asar: their .node files (and sharp's libvips
  // libraries beside them) are unpacked next to it.
  asarUnpack: [
    'node_modules/better-sqlite3/**/*.node',
    'node_modules/sharp/**/*.node',
    'node_modules/@img/**/*',
    'node_modules/usb/**/*.node',
  ],
  // better-sqlite3 13, sharp 0.35 and usb 2 ship Node-API prebuilds that load in Electron as they
  // are: no rebuild against Electron's headers (which would need a download).
  npmRebuild: false,
  afterPack,
  win: {
    // The executable is "Branch KYC Kiosk.exe" (productFilename); build/installer.nsh refers to it
    // through NSIS's ${APP_EXECUTABLE_FILENAME}.
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    // Installed for all users under Program Files, by an administrator (or device management with
    // /S): the kiosk account is a standard user and must not be able to change the program.
    perMachine: true,
    // Assisted, not one-click: IT sees where it goes and that it starts at logon; a silent install
    // (/S) for device management works the same way.
    oneClick: false,
    allowToChangeInstallationDirectory: false,
    allowElevation: true,
    createDesktopShortcut: false,
    runAfterFinish: false,
    // Start at logon in kiosk mode, and the machine-wide configuration folder (build/installer.nsh).
    include: 'build/installer.nsh',
    deleteAppDataOnUninstall: false,
  },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    executableName: LINUX_EXECUTABLE,
    category: 'Office',
    maintainer: 'Branch KYC Kiosk team',
    synopsis: 'Capture IDs and passports at the branch counter',
  },
  deb: {
    // electron-builder's default dependencies stay (they include libsecret-1-0). safeStorage also needs
    // a running secret service, or the kiosk stops at "service needed" (it refuses the basic_text
    // fallback): recommend GNOME Keyring's, KWallet works as well.
    recommends: ['gnome-keyring'],
    // fpm "source=destination": the autostart entry goes to /etc/xdg/autostart.
    fpm: [`${AUTOSTART_DESKTOP_FILE}=${AUTOSTART_TARGET}`],
  },
};

export default config;
