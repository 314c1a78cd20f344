/**
 * The Electron shell: the only code that imports 'electron'. It starts the host-agnostic core,
 * serves the renderer over app://, wires IPC and keeps one hardened window alive.
 */
import { join } from 'node:path';
import { app, BrowserWindow, Menu, net, safeStorage } from 'electron';
import { configPath, loadKioskConfig, machineConfigDir } from '../config/kiosk-config';
import { startCore, type KioskCore } from '../core';
import { judgeKeyStorage } from '../hardening/kiosk-shell';
import { kioskModeRequested } from '../hardening/launch-options';
import { StoreUnavailableError } from '../store/errors';
import type { KeyProvider } from '../store/key-provider';
import { APP_ORIGIN } from '../hardening/asset-path';
import { watchForCrashes } from './crash-recovery';
import { registerIpc } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { SafeStorageKeyProvider } from './safe-storage-key';
import { createKioskWindow, hardenSession } from './window';

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another kiosk instance owns the database and the devices; bring that one forward instead.
  app.quit();
} else {
  let core: KioskCore | undefined;
  let window: BrowserWindow | undefined;

  const open = (): void => {
    if (!core) return;
    // The installers' logon entries add --kiosk-mode (build/installer.nsh, the deb's autostart entry).
    const kioskMode = kioskModeRequested(process.argv, core.config.kioskMode);
    window = createKioskWindow({ kioskMode, log: core.log });
    watchForCrashes(window, core.log, `${APP_ORIGIN}/service.html`);
    // A damaged or unreadable database (or its key) stops at the service screen: never start empty.
    const page = core.queue.serviceNeeded ? 'service.html' : 'index.html';
    void window.loadURL(`${APP_ORIGIN}/${page}`);
  };

  app.on('second-instance', () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(() => {
    // No application menu: its default accelerators (reload, dev tools) would reach anyone at the keyboard.
    Menu.setApplicationMenu(null);
    const dataDir = process.env.KIOSK_DATA_DIR ?? app.getPath('userData');
    const machineDir = machineConfigDir(process.platform, process.env);
    // safeStorage's basic_text backend (Linux without a secret service) protects nothing: refuse it
    // unless the administrator's configuration accepts it; the store then stops at "service needed".
    let acceptUnprotected = false;
    try {
      acceptUnprotected = loadKioskConfig(configPath(dataDir, process.env, machineDir)).security
        .acceptUnprotectedKeyStorage;
    } catch {
      // an invalid configuration is reported by startCore below
    }
    const verdict = judgeKeyStorage({
      platform: process.platform,
      encryptionAvailable: safeStorage.isEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
      acceptUnprotected,
    });
    const keys: KeyProvider = verdict.ok
      ? new SafeStorageKeyProvider(join(dataDir, 'store.key.safe'))
      : {
          description: 'refused OS key storage',
          loadKey: () => {
            throw new StoreUnavailableError('key_unavailable', verdict.message);
          },
        };
    core = startCore({
      dataDir,
      host: 'electron',
      name: app.getName(),
      version: app.getVersion(),
      ...(machineDir ? { machineConfigDir: machineDir } : {}),
      keys,
      encryptSecret: (plain) => safeStorage.encryptString(plain).toString('base64'),
      // Provider secrets written as { "encrypted": base64 } were sealed with this machine's safeStorage.
      decryptSecret: (encrypted) => safeStorage.decryptString(Buffer.from(encrypted, 'base64')),
    });
    // The OS network signal for the relay; main has no online event, so look every few seconds.
    const queue = core.queue;
    const watchNetwork = (): void => queue.setOsOnline(net.isOnline());
    watchNetwork();
    setInterval(watchNetwork, 5_000).unref();
    hardenSession(core.log);
    serveRenderer(join(__dirname, '../renderer'));
    registerIpc(core);
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });

  app.on('window-all-closed', () => app.quit());

  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !core) return;
    // Let the core persist and drain before the process ends.
    closing = true;
    event.preventDefault();
    void core.close().finally(() => app.quit());
  });
}
