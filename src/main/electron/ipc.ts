/**
 * Wires the dispatcher to ipcMain, one channel per operation, each call checked to come from the
 * main frame of our own page before its input is even looked at. Events go to every window.
 */
import { BrowserWindow, ipcMain } from 'electron';
import { operationNames } from '../../shared/ipc/contract';
import { fail } from '../../shared/ipc/result';
import { APP_ORIGIN } from '../hardening/asset-path';
import type { KioskCore } from '../core';
import { isTrustedSender } from '../ipc/sender';
import { INVOKE_PREFIX, EVENT_PREFIX } from '../../shared/ipc/channels';

export function registerIpc(core: KioskCore): () => void {
  for (const name of operationNames) {
    ipcMain.handle(`${INVOKE_PREFIX}${name}`, async (event, input: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null,
        APP_ORIGIN,
      );
      if (!trusted) {
        core.log.warn('ipc.forbidden_sender', { operation: name });
        return fail('forbidden_sender', 'Caller is not the kiosk page');
      }
      return core.dispatch(name, input, { transport: 'electron' });
    });
  }
  const unsubscribe = core.events.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(`${EVENT_PREFIX}${name}`, payload);
    }
  });
  return () => {
    unsubscribe();
    for (const name of operationNames) ipcMain.removeHandler(`${INVOKE_PREFIX}${name}`);
  };
}
