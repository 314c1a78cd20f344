/** Applies the crash-loop policy to a window: reload, relaunch, or show the service screen. */
import { join } from 'node:path';
import { app, type BrowserWindow } from 'electron';
import { readJsonFile, writeJsonFileAtomic } from '../config/json-file';
import { CrashLoopPolicy, type CrashHistory } from '../hardening/crash-loop';
import type { Logger } from '../logging/logger';

function loadHistory(path: string): CrashHistory {
  try {
    const raw = readJsonFile(path) as { relaunches?: unknown } | undefined;
    const list = Array.isArray(raw?.relaunches) ? raw.relaunches.filter((t) => typeof t === 'number') : [];
    return { relaunches: list };
  } catch {
    return { relaunches: [] };
  }
}

export function watchForCrashes(window: BrowserWindow, log: Logger, serviceUrl: string): void {
  const historyPath = join(app.getPath('userData'), 'crash-history.json');
  const policy = new CrashLoopPolicy(loadHistory(historyPath));
  window.webContents.on('render-process-gone', (_event, details) => {
    const action = policy.onRendererGone(Date.now());
    log.error('window.renderer_gone', { reason: details.reason, exitCode: details.exitCode, action });
    if (action === 'reload') {
      window.webContents.reload();
    } else if (action === 'relaunch') {
      writeJsonFileAtomic(historyPath, policy.relaunchHistory);
      app.relaunch();
      app.exit(0);
    } else {
      void window.loadURL(serviceUrl);
    }
  });
  window.on('unresponsive', () => log.warn('window.unresponsive'));
}
