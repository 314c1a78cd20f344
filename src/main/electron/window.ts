/**
 * The kiosk window with every hardening the app relies on: sandboxed, isolated renderer; no
 * navigation, pop-ups or webviews; only the camera permission; optional full-screen kiosk mode.
 */
import { join } from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { APP_ORIGIN } from '../hardening/asset-path';
import { devToolsAllowed, isAllowedRendererRequest, isBlockedAccelerator } from '../hardening/kiosk-shell';
import { isAllowedNavigation, isAllowedPermission } from '../hardening/policies';
import type { Logger } from '../logging/logger';

export function hardenSession(log: Logger): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const allowed = isAllowedPermission(permission, details.requestingUrl || webContents.getURL(), {
      mediaTypes: 'mediaTypes' in details ? details.mediaTypes : [],
    });
    if (!allowed) log.warn('window.permission_denied', { permission });
    callback(allowed);
  });
  ses.setPermissionCheckHandler(
    (_webContents, permission, requestingOrigin) => permission === 'media' && requestingOrigin === APP_ORIGIN,
  );
  // The renderer never talks to the network: anything but our own scheme is cancelled, devtools:// too.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = isAllowedRendererRequest(details.url, APP_ORIGIN);
    if (!ok) log.warn('window.request_blocked', { scheme: details.url.split(':')[0] });
    callback({ cancel: !ok });
  });
}

export function createKioskWindow(options: { kioskMode: boolean; log: Logger }): BrowserWindow {
  const { log } = options;
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    kiosk: options.kioskMode,
    fullscreen: options.kioskMode,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6f8',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Packaged builds have no developer tools at all (a shortcut cannot open what does not exist).
      devTools: devToolsAllowed(app.isPackaged),
    },
  });
  const contents = window.webContents;
  // Kiosk mode (and every packaged build): reload, dev tools, zoom, print... never reach the page or
  // Electron's default shortcuts (src/main/hardening/kiosk-shell.ts).
  if (options.kioskMode || app.isPackaged) {
    contents.on('before-input-event', (event, input) => {
      if (isBlockedAccelerator(input)) {
        event.preventDefault();
        log.warn('window.accelerator_blocked', { key: input.key });
      }
    });
  }
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) {
      event.preventDefault();
      log.warn('window.navigation_blocked');
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) {
      event.preventDefault();
      log.warn('window.redirect_blocked');
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('window.webview_blocked');
  });
  contents.setWindowOpenHandler(() => {
    log.warn('window.open_blocked');
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
