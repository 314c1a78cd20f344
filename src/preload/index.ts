/**
 * The preload: exposes exactly one frozen, typed object, `window.kiosk`, generated from the IPC
 * contract. The page never gets ipcRenderer or any other Electron or Node object.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_PREFIX, INVOKE_PREFIX } from '../shared/ipc/channels';
import { createKioskApi } from '../shared/ipc/kiosk-api';
import type { Result } from '../shared/ipc/result';

const kiosk = createKioskApi({
  invoke: (name, input) => ipcRenderer.invoke(`${INVOKE_PREFIX}${name}`, input) as Promise<Result<unknown>>,
  subscribe: (name, listener) => {
    const channel = `${EVENT_PREFIX}${name}`;
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('kiosk', kiosk);
